import datetime

import pytest
from django.db import IntegrityError, InternalError, transaction
from django.utils import timezone

from assessments.models import Answer, Assessment, DomainResult
from assessments.services import complete_assessment, save_draft, start_assessment
from assessments.tests.factories import ahc, complete, matrix, phq9, published, responses
from casemgmt.transitions import InvalidTransition
from casemgmt.versioning import StaleVersion
from cases.models import Case
from cases.services import open_case
from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

MODERATE = phq9(2, 2, 2, 2, 2, 0, 0, 0, 0)  # 10
TODAY = timezone.localdate()


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def draft_phq9(case) -> Assessment:
    return start_assessment(
        case=case,
        instrument=published("phq-9"),
        by=case.primary_case_manager,
        assessed_on=TODAY,
    )


def finish(assessment: Assessment, scores: dict[str, int]):
    return complete_assessment(
        assessment=assessment,
        by=assessment.assessor,
        expected_version=assessment.version,
        responses=responses(assessment.instrument, scores),
        assessed_on=assessment.assessed_on,
        summary="",
    )


def test_completing_stores_the_total_and_band_on_the_assessment(case_for):
    assessment = complete(case_for(), "phq-9", MODERATE)

    assert assessment.status == Assessment.Status.COMPLETED
    assert (assessment.total_score, assessment.band_label, assessment.band_level) == (
        10,
        "Moderate",
        2,
    )


def test_completing_records_who_completed_it_and_when(case_for, caseworker):
    assessment = complete(case_for(), "phq-9", MODERATE)

    assert assessment.completed_by == caseworker
    assert assessment.completed_at is not None


def test_completing_is_a_move_in_the_assessments_history(case_for, caseworker):
    assessment = complete(case_for(), "phq-9", MODERATE)

    event = assessment.events.get()
    assert (event.kind, event.actor, event.from_status, event.to_status) == (
        "complete",
        caseworker,
        Assessment.Status.DRAFT,
        Assessment.Status.COMPLETED,
    )
    assert event.label == "Complete"


def test_completing_a_matrix_writes_a_result_per_domain(case_for):
    assessment = complete(case_for(), "life-domains", matrix(3, housing=1, food=4))

    ratings = {r.domain.code: r.score for r in DomainResult.objects.filter(assessment=assessment)}
    assert len(ratings) == 20
    assert (ratings["housing"], ratings["food"], ratings["legal"]) == (1, 4, 3)


def test_completing_a_screener_writes_each_sections_verdict(case_for):
    assessment = complete(case_for(), "ahc-hrsn", ahc(ahc_5=1))

    verdicts = {r.domain.code: r.positive for r in assessment.domain_results.all()}
    assert verdicts == {
        "housing": False,
        "food": False,
        "mobility_transportation": True,
        "utilities": False,
        "safety": False,
    }


def test_a_completed_assessment_cannot_be_completed_again(case_for):
    assessment = complete(case_for(), "phq-9", MODERATE)

    with pytest.raises(InvalidTransition):
        finish(assessment, MODERATE)


def test_a_missing_required_answer_refuses_completion(case_for):
    assessment = draft_phq9(case_for())
    without_item_9 = {code: s for code, s in MODERATE.items() if code != "phq9-9"}

    with pytest.raises(InvalidTransition, match="1 left"):
        finish(assessment, without_item_9)

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.completed_at is None


def test_the_unscored_optional_item_need_not_be_answered(case_for):
    assessment = draft_phq9(case_for())

    finish(assessment, MODERATE)

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.COMPLETED


def test_the_database_refuses_to_change_a_completed_assessment(case_for):
    assessment = complete(case_for(), "phq-9", MODERATE)

    # pgtrigger.Protect raises a plain exception (SQLSTATE P0001): Django's InternalError.
    with pytest.raises(InternalError, match="Cannot update"), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(summary="Changed afterwards")


def test_the_database_refuses_to_change_a_completed_assessments_answers(case_for):
    assessment = complete(case_for(), "phq-9", MODERATE)

    with pytest.raises(IntegrityError, match="completed assessment"), transaction.atomic():
        Answer.objects.filter(assessment=assessment).update(score=0)


def test_the_database_refuses_a_new_answer_on_a_completed_assessment(case_for):
    assessment = complete(case_for(), "phq-9", MODERATE)
    difficulty = assessment.instrument.items().get(code="phq9-difficulty")

    with pytest.raises(IntegrityError, match="completed assessment"), transaction.atomic():
        Answer.objects.create(assessment=assessment, item=difficulty, score=0)


def test_saving_a_draft_someone_else_saved_since_is_refused(case_for):
    assessment = draft_phq9(case_for())
    shown_at = assessment.version
    draft = {"responses": {}, "assessed_on": TODAY, "summary": ""}
    save_draft(assessment=assessment, by=assessment.assessor, expected_version=shown_at, **draft)

    with pytest.raises(StaleVersion):
        save_draft(
            assessment=assessment, by=assessment.assessor, expected_version=shown_at, **draft
        )


def test_completing_the_matrix_sets_the_reassessment_due_date(case_for):
    case = case_for()
    assessed_on = TODAY - days(5)

    complete(case, "life-domains", matrix(3), assessed_on=assessed_on)

    case.refresh_from_db()
    assert case.program.reassessment_days == 90
    assert case.assessment_due_on == assessed_on + days(90)


def test_completing_a_phq9_does_not_move_the_reassessment_due_date(case_for):
    case = case_for(assessment_due_on=TODAY + days(12))

    complete(case, "phq-9", MODERATE)

    case.refresh_from_db()
    assert case.assessment_due_on == TODAY + days(12)


def test_a_back_dated_matrix_does_not_pull_the_due_date_back(case_for):
    case = case_for()
    complete(case, "life-domains", matrix(3), assessed_on=TODAY)

    complete(case, "life-domains", matrix(3), assessed_on=TODAY - days(20))

    case.refresh_from_db()
    assert case.assessment_due_on == TODAY + days(90)


def test_opening_a_case_makes_the_first_assessment_due_after_thirty_days(team, caseworker):
    opened_on = TODAY - days(3)
    case = Case(
        client=ClientFactory(registered_team=team),
        team=team,
        program=team.program,
        primary_case_manager=caseworker,
        opened_on=opened_on,
    )

    open_case(case=case, by=caseworker)

    case.refresh_from_db()
    assert case.assessment_due_on == opened_on + days(30)

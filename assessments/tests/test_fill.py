import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from assessments.models import Assessment
from assessments.services import save_draft
from assessments.tests.factories import AssessmentFactory, complete, phq9, published, responses

pytestmark = pytest.mark.django_db


def _url(assessment) -> str:
    return reverse("assessments:fill", args=[assessment.pk])


def _data(assessment, scores: dict[str, int], button="save", **overrides):
    """The form as the browser posts it: one radio per answered item, by option id."""
    answers = responses(assessment.instrument, scores)
    data = {
        "version": assessment.version,
        "assessed_on": assessment.assessed_on.isoformat(),
        "summary": "",
        button: "",
    }
    data |= {f"item_{pk}": response.option.pk for pk, response in answers.items()}
    return data | overrides


def _answers(assessment) -> dict[str, int]:
    return {a.item.code: a.score for a in assessment.answers.select_related("item")}


def test_saving_a_draft_keeps_the_answers_given_and_stays_a_draft(client, caseworker, case_for):
    draft = AssessmentFactory(case=case_for())
    client.force_login(caseworker)

    response = client.post(_url(draft), _data(draft, phq9(2, 1, 3)))

    draft.refresh_from_db()
    assert response.url == _url(draft)
    assert draft.status == Assessment.Status.DRAFT
    assert {code: s for code, s in _answers(draft).items() if s is not None} == phq9(2, 1, 3)


def test_completing_with_a_required_question_unanswered_asks_for_it_and_stays_a_draft(
    client, caseworker, case_for
):
    draft = AssessmentFactory(case=case_for())
    client.force_login(caseworker)

    response = client.post(_url(draft), _data(draft, phq9(1, 1, 1, 1, 1, 1, 1, 1), "complete"))

    draft.refresh_from_db()
    assert response.status_code == 200
    assert "Answer this question to complete the assessment." in response.text
    assert draft.status == Assessment.Status.DRAFT


def test_an_answer_that_is_not_one_of_the_items_options_is_refused(client, caseworker, case_for):
    draft = AssessmentFactory(case=case_for())
    first, second = published("phq-9").items().order_by("order")[:2]
    option_of_another_item = second.options.first()
    client.force_login(caseworker)

    response = client.post(
        _url(draft), _data(draft, {}, **{f"item_{first.pk}": option_of_another_item.pk})
    )

    assert response.status_code == 200
    assert "That answer is not one of this question&#x27;s options." in response.text
    assert not draft.answers.exists()


def test_completing_a_full_phq9_shows_the_result_and_stores_the_total(client, caseworker, case_for):
    draft = AssessmentFactory(case=case_for())
    client.force_login(caseworker)

    response = client.post(_url(draft), _data(draft, phq9(1, 2, 1, 2, 1, 2, 1, 2, 0), "complete"))

    draft.refresh_from_db()
    assert response.url == reverse("assessments:detail", args=[draft.pk])
    assert (draft.status, draft.total_score, draft.band_label) == (
        Assessment.Status.COMPLETED,
        12,
        "Moderate",
    )


def test_a_stale_save_names_who_changed_it_and_keeps_the_input(client, caseworker, case_for):
    draft = AssessmentFactory(case=case_for())
    opened_at = draft.version
    colleague = UserFactory(first_name="Dana", last_name="Other")
    save_draft(
        assessment=draft,
        by=colleague,
        expected_version=opened_at,
        responses=responses(draft.instrument, phq9(3)),
        assessed_on=draft.assessed_on,
        summary="Dana's notes",
    )
    client.force_login(caseworker)

    response = client.post(
        _url(draft), _data(draft, phq9(0), version=opened_at, summary="My summary")
    )

    draft.refresh_from_db()
    assert response.status_code == 200
    assert "Dana Other changed this record" in response.text
    assert "My summary" in response.text
    assert (draft.summary, _answers(draft)["phq9-1"]) == ("Dana's notes", 3)


def test_the_fill_page_of_a_completed_assessment_goes_to_its_result(client, caseworker, case_for):
    done = complete(case_for(), "phq-9", phq9(1, 1, 1, 1, 1, 1, 1, 1, 0))
    client.force_login(caseworker)

    response = client.get(_url(done))

    assert response.url == reverse("assessments:detail", args=[done.pk])


def test_posting_answers_to_a_completed_assessment_changes_nothing(client, caseworker, case_for):
    done = complete(case_for(), "phq-9", phq9(1, 1, 1, 1, 1, 1, 1, 1, 0))
    client.force_login(caseworker)

    response = client.post(
        _url(done), _data(done, phq9(3, 3, 3, 3, 3, 3, 3, 3, 3), "complete", summary="Changed")
    )

    done.refresh_from_db()
    assert response.url == reverse("assessments:detail", args=[done.pk])
    assert (done.total_score, done.summary) == (8, "")
    assert _answers(done)["phq9-1"] == 1


def test_another_teams_draft_is_404(client, outsider, case_for):
    draft = AssessmentFactory(case=case_for())
    client.force_login(outsider)

    response = client.post(_url(draft), _data(draft, phq9(1)))

    assert response.status_code == 404
    assert not draft.answers.exists()


def test_a_matrix_draft_keeps_each_domains_note_and_priority(client, caseworker, case_for):
    draft = AssessmentFactory(case=case_for(), instrument=published("life-domains"))
    housing = draft.instrument.items().get(code="housing")
    client.force_login(caseworker)

    client.post(
        _url(draft),
        _data(
            draft,
            {"housing": 1},
            **{f"note_{housing.pk}": "Eviction notice served", f"priority_{housing.pk}": "on"},
        ),
    )

    answer = draft.answers.get(item=housing)
    assert (answer.score, answer.note, answer.priority) == (1, "Eviction notice served", True)


def test_a_stale_save_keeps_the_answers_ticked(client, caseworker, case_for):
    draft = AssessmentFactory(case=case_for())
    opened_at = draft.version
    save_draft(
        assessment=draft,
        by=caseworker,
        expected_version=opened_at,
        responses=responses(draft.instrument, phq9(3)),
        assessed_on=draft.assessed_on,
        summary="",
    )
    item = draft.instrument.items().get(code="phq9-1")
    not_at_all = item.options.get(score=0)
    client.force_login(caseworker)

    response = client.post(_url(draft), _data(draft, phq9(0), version=opened_at))

    assert response.context["form"][f"item_{item.pk}"].value() == str(not_at_all.pk)

"""Needs on the case: what completed assessments find wanting, one open need per domain."""

import datetime

import pytest
from django.utils import timezone

from assessments.models import IdentifiedNeed
from assessments.services import complete_assessment, start_assessment
from assessments.tests.factories import ahc, complete, matrix, phq9, published, responses
from cases.models import Case

pytestmark = pytest.mark.django_db

MODERATE = phq9(2, 2, 2, 2, 2, 0, 0, 0, 0)  # 10


def open_needs(case) -> dict[str, IdentifiedNeed]:
    return {need.domain.code: need for need in IdentifiedNeed.objects.open().filter(case=case)}


def need_in(case, domain: str) -> IdentifiedNeed:
    return IdentifiedNeed.objects.get(case=case, domain__code=domain)


def test_matrix_domains_rated_two_or_below_are_needs(case_for):
    case = case_for()

    complete(case, "life-domains", matrix(3, housing=1, income=2))

    needs = open_needs(case)
    assert set(needs) == {"housing", "income"}
    assert (needs["housing"].rating, needs["income"].rating) == (1, 2)


def test_a_matrix_domain_ticked_as_priority_is_a_need(case_for):
    case = case_for()

    complete(case, "life-domains", matrix(3), food={"priority": True})

    need = need_in(case, "food")
    assert (need.status, need.rating, need.is_priority) == (IdentifiedNeed.Status.OPEN, 3, True)


def test_ahc_positive_domains_are_needs(case_for):
    case = case_for()

    complete(case, "ahc-hrsn", ahc(ahc_3=1, ahc_6=1))

    assert set(open_needs(case)) == {"food", "utilities"}


def test_a_moderate_phq9_is_a_mental_health_need(case_for):
    case = case_for()

    assessment = complete(case, "phq-9", MODERATE)

    need = need_in(case, "mental_health")
    assert (need.status, need.assessment) == (IdentifiedNeed.Status.OPEN, assessment)


def test_two_instruments_finding_the_same_domain_make_one_open_need(case_for):
    case = case_for()
    complete(case, "life-domains", matrix(3, housing=2))

    screen = complete(case, "ahc-hrsn", ahc(ahc_1=1))

    need = IdentifiedNeed.objects.open().get(case=case, domain__code="housing")
    assert need.assessment == screen


def test_a_reassessment_that_no_longer_finds_a_need_resolves_it(case_for):
    case = case_for()
    today = timezone.localdate()
    complete(case, "life-domains", matrix(3, housing=2), assessed_on=today - datetime.timedelta(1))

    complete(case, "life-domains", matrix(3), assessed_on=today)

    need = need_in(case, "housing")
    assert (need.status, need.resolved_on) == (IdentifiedNeed.Status.RESOLVED, today)


def test_a_need_found_by_another_instrument_is_not_resolved_by_this_one(case_for):
    case = case_for()
    complete(case, "phq-9", MODERATE)

    complete(case, "life-domains", matrix(3))

    need = need_in(case, "mental_health")
    assert (need.status, need.resolved_on) == (IdentifiedNeed.Status.OPEN, None)


def _complete_restricted_phq9(case):
    instrument = published("phq-9")
    assessment = start_assessment(
        case=case,
        instrument=instrument,
        by=case.primary_case_manager,
        assessed_on=timezone.localdate(),
        restricted=True,
    )
    complete_assessment(
        assessment=assessment,
        by=case.primary_case_manager,
        expected_version=assessment.version,
        responses=responses(instrument, MODERATE),
        assessed_on=assessment.assessed_on,
        summary="",
    )


def test_a_need_from_a_restricted_assessment_is_hidden_from_a_teammate(case_for, teammate):
    case = case_for()
    assert Case.objects.visible_to(teammate).filter(pk=case.pk).exists()

    _complete_restricted_phq9(case)

    assert not IdentifiedNeed.objects.visible_to(teammate).filter(case=case).exists()


def test_a_need_from_a_restricted_assessment_is_visible_to_the_caseworker(case_for, caseworker):
    case = case_for()

    _complete_restricted_phq9(case)

    assert IdentifiedNeed.objects.visible_to(caseworker).filter(case=case).count() == 1

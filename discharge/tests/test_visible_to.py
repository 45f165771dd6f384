"""Every discharge record takes its scope from its case: another team sees none of it."""

import datetime

import pytest

from discharge.models import Admission, Barrier, DischargePlan, EddChange, UtilizationReview

from .factories import BarrierFactory, UtilizationReviewFactory
from .helpers import admit

pytestmark = pytest.mark.django_db

MODELS = [Admission, DischargePlan, Barrier, UtilizationReview, EddChange]


@pytest.fixture
def stay(case_for, caseworker):
    stay = admit(case_for(), by=caseworker, expected_discharge_on=datetime.date.today())
    BarrierFactory(plan=stay.plan)
    UtilizationReviewFactory(admission=stay)
    return stay


@pytest.mark.parametrize("model", MODELS)
def test_the_team_sees_the_stays_records(stay, caseworker, supervisor, model):
    assert model.objects.visible_to(caseworker).exists()
    assert model.objects.visible_to(supervisor).exists()


@pytest.mark.parametrize("model", MODELS)
def test_another_team_sees_none_of_them(stay, outsider, other_supervisor, model):
    assert not model.objects.visible_to(outsider).exists()
    assert not model.objects.visible_to(other_supervisor).exists()


def test_a_restricted_case_hides_its_stay_from_teammates_outside_the_circle(
    case_for, caseworker, teammate
):
    admit(case_for(restricted=True), by=caseworker)

    assert not Admission.objects.visible_to(teammate).exists()
    assert Admission.objects.visible_to(caseworker).exists()

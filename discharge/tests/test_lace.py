"""The LACE index against hand-computed cases: each component's steps and the band's edges."""

import datetime

import pytest
from django.utils import timezone

from discharge.models import Admission, Lace

from .factories import AdmissionFactory


@pytest.mark.parametrize(
    ("days", "points"),
    [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (6, 4), (7, 5), (13, 5), (14, 7), (40, 7)],
)
def test_length_of_stay_points(days, points):
    assert Lace.score(days=days, emergent=False, charlson=0, ed_visits=0).length_of_stay == points


def test_an_emergent_admission_scores_three():
    assert Lace.score(days=0, emergent=True, charlson=0, ed_visits=0).acuity == 3
    assert Lace.score(days=0, emergent=False, charlson=0, ed_visits=0).acuity == 0


@pytest.mark.parametrize(("charlson", "points"), [(0, 0), (1, 1), (2, 2), (3, 3), (4, 5), (9, 5)])
def test_comorbidity_points(charlson, points):
    assert Lace.score(days=0, emergent=False, charlson=charlson, ed_visits=0).comorbidity == points


@pytest.mark.parametrize(("visits", "points"), [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (12, 4)])
def test_emergency_visit_points(visits, points):
    lace = Lace.score(days=0, emergent=False, charlson=0, ed_visits=visits)
    assert lace.emergency_visits == points


def test_nine_is_moderate_and_ten_is_high():
    # 5 days (4) + emergent (3) + Charlson 2 (2) + no ED visit: 9.
    nine = Lace.score(days=5, emergent=True, charlson=2, ed_visits=0)
    # The same with one ED visit: 10.
    ten = Lace.score(days=5, emergent=True, charlson=2, ed_visits=1)

    assert (nine.total, nine.band) == (9, "moderate")
    assert (ten.total, ten.band) == (10, "high")


def test_four_is_low_and_five_is_moderate():
    assert Lace.score(days=4, emergent=False, charlson=0, ed_visits=0).band == "low"
    assert Lace.score(days=4, emergent=False, charlson=1, ed_visits=0).band == "moderate"


def test_the_highest_score_is_nineteen():
    assert Lace.score(days=30, emergent=True, charlson=8, ed_visits=6).total == 19


@pytest.mark.django_db
def test_an_admission_scores_its_stay_from_its_dates_and_entries():
    admitted = timezone.now() - datetime.timedelta(days=8)
    admission = AdmissionFactory(
        admitted_at=admitted,
        admission_type=Admission.AdmissionType.ELECTIVE,
        charlson_score=3,
        ed_visits_6_months=2,
    )
    admission.discharged_at = admitted + datetime.timedelta(days=7)

    assert admission.lace == Lace(length_of_stay=5, acuity=0, comorbidity=3, emergency_visits=2)
    assert admission.lace.total == 10


@pytest.mark.django_db
def test_no_lace_until_charlson_and_ed_visits_are_entered():
    assert AdmissionFactory(charlson_score=2).lace is None

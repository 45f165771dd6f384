"""The demo's hospital stays (discharge/demo.py): a dozen in hospital now, in different states."""

from io import StringIO

import pytest
from django.core.management import call_command

from discharge.models import Admission

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=StringIO())


def test_the_demo_has_a_dozen_patients_in_hospital(seeded):
    assert Admission.objects.current().count() == 12


def test_one_demo_stay_is_a_readmission_of_a_stay_discharged_home(seeded):
    (readmission,) = Admission.objects.filter(returned_as=Admission.Return.READMISSION)

    assert readmission.index_stay.disposition == "home"


def test_some_demo_stays_have_open_barriers_and_one_is_medically_ready(seeded):
    current = Admission.objects.current()

    open_barriers = {"plan__barriers__isnull": False, "plan__barriers__resolved_on": None}
    assert current.filter(**open_barriers).distinct().count() == 8
    assert current.exclude(medically_ready_at=None).count() == 1


def test_some_demo_stays_are_past_their_expected_length_of_stay(seeded):
    current = Admission.objects.current()

    assert not current.filter(expected_los_days=None).exists()
    assert 0 < sum(stay.over_expected_stay for stay in current) < 12

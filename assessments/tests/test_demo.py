from collections import Counter

import pytest

import accounts.demo
import assessments.demo
import cases.demo
import clients.demo
from assessments.models import Assessment, IdentifiedNeed
from assessments.services import SAFETY_ALERT
from reminders.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_cases():
    accounts.demo.seed()
    clients.demo.seed()
    cases.demo.seed()


def test_seeding_assesses_some_open_cases_once_and_some_twice(demo_cases):
    assessments.demo.seed()

    matrices = Assessment.objects.filter(
        status=Assessment.Status.COMPLETED, instrument__code="life-domains"
    )
    per_case = Counter(matrices.values_list("case", flat=True))
    assert len(per_case) > 10
    assert set(per_case.values()) == {1, 2}


def test_the_assessments_identify_needs(demo_cases):
    assessments.demo.seed()

    assert IdentifiedNeed.objects.exists()


def test_seeding_raises_one_safety_alert(demo_cases):
    assessments.demo.seed()

    alerted = Reminder.objects.filter(kind=SAFETY_ALERT).values_list("case", flat=True)

    assert len(set(alerted)) == 1

import pytest

import accounts.demo
import assessments.demo
import careplans.demo
import cases.demo
import clients.demo
from careplans.models import CarePlan

pytestmark = pytest.mark.django_db


def test_seeding_gives_care_plans_in_every_stage_of_approval():
    for part in (accounts.demo, clients.demo, cases.demo, assessments.demo):
        part.seed()

    careplans.demo.seed()

    statuses = set(CarePlan.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "active"} <= statuses

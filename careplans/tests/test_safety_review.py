"""A safety alert (PHQ-9 item 9) puts a safety plan review on the case (careplans/hooks.py)."""

import pytest
from django.utils import timezone

from assessments.tests.factories import complete, phq9
from careplans.models import Task
from clients.models import ClientFlag
from clients.tests.factories import ClientFlagFactory

pytestmark = pytest.mark.django_db

ITEM_9_SEVERAL_DAYS = phq9(0, 0, 0, 0, 0, 0, 0, 0, 1)
ITEM_9_NOT_AT_ALL = phq9(3, 3, 3, 3, 3, 3, 3, 3, 0)


def test_a_safety_plan_review_is_due_today_for_the_primary_case_manager(case_for, caseworker):
    case = case_for()

    complete(case, "phq-9", ITEM_9_SEVERAL_DAYS)

    task = case.tasks.get(description="Safety plan review")
    assert task.status == Task.Status.OPEN
    assert task.priority == Task.Priority.HIGH
    assert task.assignee == caseworker
    assert task.due_on == timezone.localdate()


def test_a_client_already_flagged_still_gets_one_review(case_for, caseworker):
    case = case_for()
    ClientFlagFactory(client=case.client, kind=ClientFlag.Kind.SAFETY_RISK, created_by=caseworker)

    complete(case, "phq-9", ITEM_9_SEVERAL_DAYS)

    assert case.tasks.filter(description="Safety plan review").count() == 1

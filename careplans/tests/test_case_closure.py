"""Before a case closes, its active plan and open tasks are listed (careplans/hooks.py)."""

import pytest
from django.urls import reverse

from careplans.tests.factories import TaskFactory
from careplans.tests.plan_factories import active_plan, draft_plan
from cases import closure

pytestmark = pytest.mark.django_db


def _labels(case) -> list[str]:
    return [item.label for item in closure.open_items(case)]


def test_the_active_plan_is_listed_with_a_link_to_it(caseworker, supervisor, case_for):
    plan = active_plan(case_for(), by=caseworker, approver=supervisor)

    items = closure.open_items(plan.case)

    assert "Care plan version 1 is still active." in [item.label for item in items]
    assert plan.get_absolute_url() in [item.url for item in items]


def test_a_draft_plan_is_not_listed_as_in_force(caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker)

    assert not any("still active" in label for label in _labels(plan.case))


def test_open_tasks_are_counted(case_for, caseworker):
    case = case_for()
    TaskFactory.create_batch(2, case=case)
    TaskFactory(case=case).complete(by=caseworker)

    assert "2 tasks are still open." in _labels(case)


def test_a_draft_plans_tasks_do_not_count_until_it_is_approved(caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker)

    assert _labels(plan.case) == []


def test_the_close_page_lists_them(client, caseworker, supervisor, case_for):
    plan = active_plan(case_for(), by=caseworker, approver=supervisor)
    client.force_login(caseworker)

    response = client.get(reverse("cases:transition", args=[plan.case.pk, "close"]))

    assert "Care plan version 1 is still active." in response.text
    assert "1 task is still open." in response.text

"""The reminder kinds care plans register (careplans/reminders.py): tasks due, goals past their
target date and plan reviews due, each at the right moment and not before, to the right person,
about the right case; closed cases produce nothing."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from careplans.models import Task
from careplans.tests.factories import TaskFactory
from careplans.tests.plan_factories import active_plan, draft_plan
from reminders.dates import at_start_of
from reminders.registry import scan_since
from reminders.tests.kinds import NOW, TODAY, close, days, reminders_of, scan_now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


# Tasks due


def test_a_task_due_tomorrow_reminds_its_assignee_about_its_case(case_for, teammate):
    case = case_for()
    task = TaskFactory(case=case, assignee=teammate, due_on=TODAY + days(1))

    scan_now()

    reminder = reminders_of("task_due").get()
    assert (reminder.recipient, reminder.case) == (teammate, case)
    assert (reminder.subject_type.model_class(), reminder.subject_id) == (Task, task.pk)
    assert reminder.due_at == at_start_of(TODAY + days(1))


def test_an_unassigned_task_reminds_the_primary_case_manager(case_for, caseworker):
    TaskFactory(case=case_for(), assignee=None, due_on=TODAY + days(1))

    scan_now()

    assert reminders_of("task_due").get().recipient == caseworker


def test_a_task_due_in_three_days_is_not_reminded_yet(case_for):
    TaskFactory(case=case_for(), due_on=TODAY + days(3))

    scan_now()

    assert not reminders_of("task_due").exists()


def test_a_task_is_reminded_once_its_due_date_is_tomorrow(case_for, frozen):
    task = TaskFactory(case=case_for(), due_on=TODAY + days(3))
    scan_now()

    frozen.shift(days(2))
    scan_now()

    assert reminders_of("task_due", task).count() == 1


def test_a_done_task_is_not_reminded(case_for, caseworker):
    task = TaskFactory(case=case_for(), due_on=TODAY + days(1))
    task.complete(by=caseworker)

    scan_now()

    assert not reminders_of("task_due").exists()


def test_a_task_under_a_draft_plan_is_not_reminded(case_for, caseworker):
    plan = draft_plan(case_for(), by=caseworker)
    Task.objects.filter(goal__plan=plan).update(due_on=TODAY + days(1))

    scan_now()

    assert not reminders_of("task_due").exists()


def test_a_task_under_the_active_plan_is_reminded(case_for, caseworker, supervisor):
    plan = active_plan(case_for(), by=caseworker, approver=supervisor)
    Task.objects.filter(goal__plan=plan).update(due_on=TODAY + days(1))

    scan_now()

    assert reminders_of("task_due").get().recipient == caseworker


def test_an_open_task_on_a_closed_case_is_not_reminded(case_for, caseworker):
    case = case_for()
    TaskFactory(case=case, due_on=TODAY + days(1))
    close(case, by=caseworker)

    scan_now()

    assert not reminders_of("task_due").exists()


def test_a_task_overdue_since_as_far_back_as_a_scan_looks_is_reminded(case_for):
    TaskFactory(case=case_for(), due_on=timezone.localdate(scan_since(NOW)))

    scan_now()

    assert reminders_of("task_due").exists()


def test_a_task_overdue_for_longer_than_a_scan_looks_back_is_left_to_the_caseload(case_for):
    TaskFactory(case=case_for(), due_on=timezone.localdate(scan_since(NOW)) - days(1))

    scan_now()

    assert not reminders_of("task_due").exists()


# Goals past their target date


def test_a_goal_past_its_target_date_reminds_the_primary_case_manager(
    case_for, caseworker, supervisor, frozen
):
    case = case_for()
    goal = active_plan(case, by=caseworker, approver=supervisor).goals.get()
    frozen.move_to(datetime.datetime.combine(goal.target_date + days(1), NOW.timetz()))

    scan_now()

    reminder = reminders_of("goal_target_passed", goal).get()
    assert (reminder.recipient, reminder.case) == (caseworker, case)
    assert reminder.due_at == at_start_of(goal.target_date)


def test_a_goal_on_its_target_date_is_not_reminded_yet(case_for, caseworker, supervisor, frozen):
    goal = active_plan(case_for(), by=caseworker, approver=supervisor).goals.get()
    frozen.move_to(datetime.datetime.combine(goal.target_date, NOW.timetz()))

    scan_now()

    assert not reminders_of("goal_target_passed").exists()


def test_a_goal_of_a_draft_plan_past_its_target_date_is_not_reminded(case_for, caseworker, frozen):
    goal = draft_plan(case_for(), by=caseworker).goals.get()
    frozen.move_to(datetime.datetime.combine(goal.target_date + days(1), NOW.timetz()))

    scan_now()

    assert not reminders_of("goal_target_passed").exists()


def test_a_goal_past_its_target_date_on_a_closed_case_is_not_reminded(
    case_for, caseworker, supervisor, frozen
):
    case = case_for()
    goal = active_plan(case, by=caseworker, approver=supervisor).goals.get()
    close(case, by=caseworker)
    frozen.move_to(datetime.datetime.combine(goal.target_date + days(1), NOW.timetz()))

    scan_now()

    assert not reminders_of("goal_target_passed").exists()


# Care-plan reviews


def test_a_plan_review_due_within_a_week_reminds_the_primary_case_manager(
    case_for, caseworker, supervisor, frozen
):
    case = case_for()
    plan = active_plan(case, by=caseworker, approver=supervisor)
    frozen.move_to(datetime.datetime.combine(plan.review_due_on - days(7), NOW.timetz()))

    scan_now()

    reminder = reminders_of("plan_review_due", plan).get()
    assert (reminder.recipient, reminder.case) == (caseworker, case)
    assert reminder.due_at == at_start_of(plan.review_due_on)


def test_a_plan_review_due_in_eight_days_is_not_reminded_yet(
    case_for, caseworker, supervisor, frozen
):
    plan = active_plan(case_for(), by=caseworker, approver=supervisor)
    frozen.move_to(datetime.datetime.combine(plan.review_due_on - days(8), NOW.timetz()))

    scan_now()

    assert not reminders_of("plan_review_due").exists()


def test_a_plan_review_on_a_closed_case_is_not_reminded(case_for, caseworker, supervisor, frozen):
    case = case_for()
    plan = active_plan(case, by=caseworker, approver=supervisor)
    close(case, by=caseworker)
    frozen.move_to(datetime.datetime.combine(plan.review_due_on - days(7), NOW.timetz()))

    scan_now()

    assert not reminders_of("plan_review_due").exists()

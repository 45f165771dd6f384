"""Reminder kinds for care plans: tasks due, goals past their target date, plan reviews due, and
the approval round (a plan submitted, returned or approved), told at once by services."""

import datetime

from django.db.models import Q

from cases.models import Case
from reminders.dates import at_start_of, today
from reminders.registry import Due, register, register_unscanned, scan_since

from .models import CarePlan, Goal, Task

PLAN_SUBMITTED = "plan_submitted"
PLAN_RETURNED = "plan_returned"
PLAN_APPROVED = "plan_approved"
register_unscanned(PLAN_SUBMITTED, "Care plan awaiting your approval")
register_unscanned(PLAN_RETURNED, "Care plan returned")
register_unscanned(PLAN_APPROVED, "Care plan approved")


@register("task_due", "Task due", escalate_after_days=3)
def tasks_due(now):
    """Open tasks in force due by tomorrow, to their assignee (else the case manager)."""
    window = (today(scan_since(now)), today(now) + datetime.timedelta(days=1))
    # In two steps: task_open_due finds the few due among a million tasks, then their rows come
    # by id. As one query the planner expected a hundred times more and read whole tables.
    due = list(Task.objects.open().filter(due_on__range=window).values_list("pk", flat=True))
    tasks = (
        Task.objects.filter(pk__in=due)
        .in_force()
        .exclude(case__status=Case.Status.CLOSED)
        .select_related("case__client", "goal")
    )
    for task in tasks:
        yield Due(
            subject=task,
            recipient_id=task.assignee_id or task.case.primary_case_manager_id,
            due_at=at_start_of(task.due_on),
            title=f"Task due: {task.description}",
            body=f"For {task.case.client.display_name}, due {task.due_on:%b %-d}.",
            url=task.get_absolute_url(),
            case_id=task.case_id,
        )


@register("goal_target_passed", "Goal target date passed", escalate_after_days=14)
def goals_past_target(now):
    goals = (
        Goal.objects.open()
        .filter(
            plan__status=CarePlan.Status.ACTIVE,
            target_date__range=(today(scan_since(now)), today(now) - datetime.timedelta(days=1)),
        )
        .exclude(plan__case__status=Case.Status.CLOSED)
        .select_related("plan__case__client")
    )
    for goal in goals:
        case = goal.plan.case
        yield Due(
            subject=goal,
            recipient_id=case.primary_case_manager_id,
            due_at=at_start_of(goal.target_date),
            title=f"Goal past its target date: {goal.statement[:80]}",
            body=f"For {case.client.display_name}: record progress or revise the plan.",
            url=goal.get_absolute_url(),
            case_id=case.pk,
        )


@register("plan_review_due", "Care-plan review due", escalate_after_days=14)
def plan_reviews_due(now):
    """Active plans whose review falls within the week."""
    plans = (
        CarePlan.objects.filter(
            Q(status=CarePlan.Status.ACTIVE),
            review_due_on__range=(today(scan_since(now)), today(now) + datetime.timedelta(days=7)),
        )
        .exclude(case__status=Case.Status.CLOSED)
        .select_related("case__client")
    )
    for plan in plans:
        yield Due(
            subject=plan,
            recipient_id=plan.case.primary_case_manager_id,
            due_at=at_start_of(plan.review_due_on),
            title=f"Care-plan review due for {plan.case.client.display_name}",
            body=f"{plan.title} v{plan.number}: review due {plan.review_due_on:%b %-d}.",
            url=plan.get_absolute_url(),
            case_id=plan.case_id,
        )

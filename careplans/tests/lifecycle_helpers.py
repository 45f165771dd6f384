"""Helpers for the care-plan lifecycle, editing and list tests (plans themselves come from
plan_factories)."""

import datetime

from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.utils import timezone

from careplans.models import CarePlan, Goal, Task

HTMX = {"HTTP_HX_REQUEST": "true"}


def days(n: int) -> datetime.date:
    """The date `n` days from today (negative: in the past)."""
    return timezone.localdate() + datetime.timedelta(days=n)


def put_in(plan: CarePlan, status: str) -> CarePlan:
    """Force the plan into `status`, past the transitions, to test what is refused from there."""
    CarePlan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    return plan


def errors(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request) if m.level == ERROR]


def successes(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request) if m.level == SUCCESS]


def goal_data(goal: Goal | None = None, **overrides) -> dict:
    """The goal form's POST data: `goal`'s current values (a housing goal if none), overridden."""
    data = {
        "version": 1,
        "domain": "",
        "need": "",
        "statement": "Move into a place of my own",
        "target": "A signed lease",
        "baseline": "Staying with a cousin",
        "target_date": days(60).isoformat(),
        "priority": Goal.Priority.MEDIUM,
    }
    if goal is not None:
        data |= {
            "version": goal.version,
            "domain": goal.domain_id,
            "need": goal.need_id or "",
            "statement": goal.statement,
            "target": goal.target,
            "baseline": goal.baseline,
            "target_date": goal.target_date.isoformat() if goal.target_date else "",
            "priority": goal.priority,
        }
    return data | overrides


def task_data(goal: Goal, **overrides) -> dict:
    """The task form's POST data for a task under `goal`, overridden."""
    return {
        "goal": goal.pk,
        "description": "Call the landlord",
        "responsible": Task.Responsible.CASE_MANAGER,
        "assignee": "",
        "priority": Task.Priority.NORMAL,
        "due_on": days(7).isoformat(),
        "details": "",
    } | overrides

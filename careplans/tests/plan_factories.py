"""Care plans for tests, built through the same services and transitions the app uses."""

import base64
import datetime

from django.utils import timezone

from assessments.models import Domain
from careplans import services
from careplans.models import CarePlan, Goal, Task

# A real 1x1 transparent PNG: what a drawn signature arrives as, only smaller.
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
TINY_PNG_DATA_URL = "data:image/png;base64," + base64.b64encode(TINY_PNG).decode("ascii")


def add_goal(
    plan: CarePlan,
    *,
    by,
    statement: str = "Find a stable place to live",
    target: str = "A signed lease",
    domain: str = "housing",
    tasks: tuple[str, ...] = (),
) -> Goal:
    """A goal ready for approval (target and date set), with a task per description."""
    today = timezone.localdate()
    goal = Goal.objects.create(
        plan=plan,
        domain=Domain.objects.get(code=domain),
        statement=statement,
        target=target,
        target_date=today + datetime.timedelta(days=60),
        updated_by=by,
    )
    for description in tasks:
        Task.objects.create(
            case=plan.case,
            goal=goal,
            description=description,
            assignee=by,
            due_on=today + datetime.timedelta(days=14),
            created_by=by,
        )
    return goal


def draft_plan(case, *, by, goals: int = 1) -> CarePlan:
    plan = services.start_plan(case=case, by=by)
    for n in range(1, goals + 1):
        add_goal(plan, by=by, statement=f"Goal number {n}", tasks=(f"Task for goal {n}",))
    return plan


def submitted_plan(case, *, by) -> CarePlan:
    plan = draft_plan(case, by=by)
    plan.submit(by=by)
    return plan


def active_plan(case, *, by, approver) -> CarePlan:
    plan = submitted_plan(case, by=by)
    plan.approve(by=approver)
    return plan

"""Demo care plans: on the first assessed cases without a plan, one active plan,
one awaiting the supervisor's approval and one draft, so every page has something to show.
Idempotent: cases that have a plan are left alone."""

import datetime

from django.utils import timezone

from cases.models import Case

from .models import Goal, PlanTemplate, Task
from .services import start_plan

TARGETS = {
    "housing": "Signed lease at a rent the client can afford",
    "income": "Monthly income covers rent and bills three months running",
    "food": "No days without food in the last month",
}


def seed() -> str:
    chosen = (
        Case.objects.open()
        .filter(needs__isnull=False)
        .select_related("team", "primary_case_manager", "program")
        .distinct()
        .order_by("pk")[:3]
    )
    fresh = [
        (case, stage)
        for case, stage in zip(chosen, ["active", "submitted", "draft"], strict=False)
        if not case.care_plans.exists()
    ]
    for case, stage in fresh:
        _plan(case, stage)
    return f"{len(fresh)} cases given care plans"


def _plan(case: Case, stage: str) -> None:
    manager = case.primary_case_manager
    if stage == "submitted":
        plan = start_plan(case=case, by=manager, template=PlanTemplate.objects.first())
    else:
        plan = start_plan(case=case, by=manager, from_needs=True)
    due = timezone.localdate() + datetime.timedelta(days=60)
    today = timezone.localdate()
    for index, goal in enumerate(plan.goals.select_related("domain")):
        if not goal.target:
            target = TARGETS.get(goal.domain.code, f"{goal.domain} rated 3 (safe) or better")
            Goal.objects.filter(pk=goal.pk).update(target=target, target_date=due)
        Task.objects.create(
            case=case,
            goal=goal,
            description=f"Talk through next steps on {goal.domain.name.lower()} with the client",
            assignee=manager,
            # One task per plan already late, so "overdue first" has something to show.
            due_on=today + datetime.timedelta(days=-3 if index == 0 else 7 * index),
            created_by=manager,
        )
    if stage == "draft":
        return
    plan.submit(by=manager)
    if stage == "active":
        plan.approve(by=case.team.supervisors.first())

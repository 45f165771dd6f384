"""Access helpers of the care-plan pages: the object if the user may see its case, 404
otherwise (never leak that it exists)."""

from django.shortcuts import get_object_or_404

from .models import CarePlan, Goal, Task


def get_plan_for_user(user, pk) -> CarePlan:
    """The plan if the user may see its case; 404 otherwise."""
    plans = CarePlan.objects.visible_to(user).select_related(
        "case__client",
        "case__program",
        "case__team",
        "case__primary_case_manager",
        "author",
        "approved_by",
        "revises",
    )
    return get_object_or_404(plans, pk=pk)


def get_goal_for_user(user, pk) -> Goal:
    """The goal if the user may see its plan's case; 404 otherwise."""
    goals = Goal.objects.visible_to(user).select_related("plan__case__client", "plan__case__team")
    return get_object_or_404(goals, pk=pk)


def get_task_for_user(user, pk) -> Task:
    """The task if the user may see its case; 404 otherwise."""
    tasks = Task.objects.visible_to(user).select_related("goal__plan", "case__client")
    return get_object_or_404(tasks, pk=pk)

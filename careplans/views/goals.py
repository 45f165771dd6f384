"""Editing a draft plan's goals and tasks in place (htmx), with whole-page fallbacks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django_htmx.http import reswap, retarget

from careplans.access import get_goal_for_user, get_plan_for_user, get_task_for_user
from careplans.forms import GoalForm, TaskForm
from careplans.models import CarePlan, Goal, Task
from careplans.views.plans import NEW_GOAL_IDS, goals_of, new_goal_form


def _read_only(request, plan: CarePlan):
    messages.error(
        request,
        "This plan is not a draft, so its goals and tasks are read-only: revise it to change them.",
    )
    return redirect(plan)


def _saved(request, plan: CarePlan, message: str):
    """htmx: the plan's goals section, re-rendered; otherwise back to the plan page."""
    if request.htmx:
        context = {
            "plan": plan,
            "goals": goals_of(plan),
            "goal_form": new_goal_form(plan, request.user),
        }
        return render(request, "careplans/_goals.html", context)
    messages.success(request, message)
    return redirect(plan)


def _invalid(request, template: str, context: dict, target: str):
    if request.htmx:
        response = render(request, template, context)
        return reswap(retarget(response, target), "outerHTML")
    return render(request, "careplans/edit_page.html", context | {"fragment": template})


@login_required
def goal_add(request, pk):
    plan = get_plan_for_user(request.user, pk)
    if not plan.is_editable:
        return _read_only(request, plan)
    form = GoalForm(
        request.POST or None,
        plan=plan,
        user=request.user,
        instance=Goal(plan=plan),
        auto_id=NEW_GOAL_IDS,
    )
    if form.is_valid():
        goal = form.save(commit=False)
        goal.updated_by = request.user
        goal.save()
        return _saved(request, plan, "Goal added.")
    context = {"plan": plan, "case": plan.case, "goal_form": form}
    return _invalid(request, "careplans/_goal_form.html", context, "#goal-form")


@login_required
def goal_edit(request, pk):
    goal = get_goal_for_user(request.user, pk)
    plan = goal.plan
    if not plan.is_editable:
        return _read_only(request, plan)
    form = GoalForm(
        request.POST or None, plan=plan, user=request.user, instance=goal, auto_id=f"goal{pk}_%s"
    )
    if form.is_valid() and form.save_if_current(by=request.user):
        return _saved(request, plan, "Goal saved.")
    context = {"plan": plan, "case": plan.case, "goal": goal, "goal_form": form}
    return _invalid(request, "careplans/_goal_form.html", context, f"#goal-{goal.pk}")


@login_required
def task_add(request, pk):
    goal = get_goal_for_user(request.user, pk)
    plan = goal.plan
    if not plan.is_editable:
        return _read_only(request, plan)
    task = Task(case=plan.case, goal=goal, created_by=request.user)
    form = TaskForm(
        request.POST or None, case=plan.case, instance=task, auto_id=f"goal{pk}_task_%s"
    )
    if form.is_valid():
        form.save()
        return _saved(request, plan, "Task added.")
    context = {"plan": plan, "case": plan.case, "goal": goal, "task_form": form}
    return _invalid(request, "careplans/_task_form.html", context, f"#new-task-{goal.pk}")


@login_required
def task_edit(request, pk):
    task = get_task_for_user(request.user, pk)
    plan = task.goal.plan if task.goal_id else None
    if plan is None or not plan.is_editable or task.status != Task.Status.OPEN:
        messages.error(request, "Only open tasks of a draft plan can be edited.")
        return redirect(task)
    form = TaskForm(request.POST or None, case=task.case, instance=task, auto_id=f"task{pk}_%s")
    if form.is_valid():
        form.save()
        return _saved(request, plan, "Task saved.")
    context = {"plan": plan, "case": plan.case, "goal": task.goal, "task": task, "task_form": form}
    return _invalid(request, "careplans/_task_form.html", context, f"#task-{task.pk}")

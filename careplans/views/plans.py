"""Care plans: starting one, the plan page, its lifecycle moves, progress reviews, and the
supervisors' approval queue."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careplans import services
from careplans.access import get_plan_for_user
from careplans.forms import CommentForm, GoalForm, ReviewForm, StartPlanForm
from careplans.models import CarePlan, Goal, GoalProgress, Task
from casemgmt.decorators import read_only
from casemgmt.transitions import InvalidTransition
from cases.access import get_case_for_user

APPROVALS_PAGE_SIZE = 25
# Goal and task forms share a page: each gets its own HTML ids, so every label finds its field.
NEW_GOAL_IDS = "new_goal_%s"


def goals_of(plan: CarePlan) -> list[Goal]:
    """The plan's goals with their domains, needs, tasks and progress notes, in a fixed number
    of queries."""
    return list(
        plan.goals.select_related("domain", "need").prefetch_related(
            Prefetch("tasks", queryset=Task.objects.for_list()),
            Prefetch("progress", queryset=GoalProgress.objects.select_related("author")),
        )
    )


def new_goal_form(plan: CarePlan, user) -> GoalForm:
    return GoalForm(plan=plan, user=user, auto_id=NEW_GOAL_IDS)


@login_required
def start(request, case_pk):
    case = get_case_for_user(request.user, case_pk)
    form = StartPlanForm(request.POST or None, case=case)
    if form.is_valid():
        try:
            plan = services.start_plan(case=case, by=request.user, **form.start_kwargs())
        except InvalidTransition as e:
            messages.error(request, str(e))
            return redirect(case)
        messages.success(request, "Draft plan started: fill in each goal's target and date.")
        return redirect(plan)
    return render(request, "careplans/start.html", {"case": case, "form": form})


@read_only
@login_required
def detail(request, pk):
    plan = get_plan_for_user(request.user, pk)
    goals = goals_of(plan)
    versions = list(plan.case.care_plans.only("pk", "number", "status", "case_id"))
    context = {
        "plan": plan,
        "case": plan.case,
        "goals": goals,
        "goal_form": new_goal_form(plan, request.user) if plan.is_editable else None,
        "events": plan.events.select_related("actor"),
        "reviews": plan.reviews.select_related("reviewer"),
        "versions": versions,
        "can_revise": plan.is_active and not any(v.is_in_progress for v in versions),
        "can_approve": plan.can_be_approved_by(request.user),
        "unready": [g for g in goals if not g.is_ready],
    }
    return render(request, "careplans/detail.html", context)


@login_required
@require_POST
def submit(request, pk):
    plan = get_plan_for_user(request.user, pk)
    _move(
        request,
        lambda: services.submit_plan(plan=plan, by=request.user),
        _("Plan submitted for approval: the team's supervisors have been told."),
    )
    return redirect(plan)


@login_required
@require_POST
def approve(request, pk):
    plan = get_plan_for_user(request.user, pk)
    _move(
        request,
        lambda: services.approve_plan(plan=plan, by=request.user),
        "Plan approved: it is now in force.",
    )
    return _back(request, plan)


@login_required
def reject(request, pk):
    plan = get_plan_for_user(request.user, pk)
    form = CommentForm(request.POST or None)
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        _move(
            request,
            lambda: services.return_plan(plan=plan, by=request.user, comment=comment),
            "Plan returned to its author with your comment.",
        )
        return _back(request, plan)
    context = {"plan": plan, "case": plan.case, "form": form, "action": "reject"}
    return render(request, "careplans/comment.html", context)


@login_required
@require_POST
def revise(request, pk):
    plan = get_plan_for_user(request.user, pk)
    try:
        revision = services.revise_plan(plan=plan, by=request.user)
    except InvalidTransition as e:
        messages.error(request, str(e))
        return redirect(plan)
    messages.success(request, f"Version {revision.number} started as a draft copy.")
    return redirect(revision)


@login_required
def complete(request, pk):
    plan = get_plan_for_user(request.user, pk)
    form = CommentForm(request.POST or None)
    if form.is_valid():
        note = form.cleaned_data["comment"]
        _move(request, lambda: plan.complete(by=request.user, note=note), "Plan completed.")
        return redirect(plan)
    context = {"plan": plan, "case": plan.case, "form": form, "action": "complete"}
    return render(request, "careplans/comment.html", context)


@login_required
def review(request, pk):
    plan = get_plan_for_user(request.user, pk)
    if not plan.is_active:
        messages.error(request, "Only the active plan is reviewed.")
        return redirect(plan)
    today = timezone.localdate()
    initial = {
        "reviewed_on": today,
        "next_review_on": today + datetime.timedelta(days=plan.case.program.plan_review_days),
    }
    form = ReviewForm(request.POST or None, goals=list(plan.goals.all()), initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_review(
                plan=plan,
                by=request.user,
                reviewed_on=data["reviewed_on"],
                summary=data["summary"],
                next_review_on=data["next_review_on"],
                updates=form.updates(),
            )
        except InvalidTransition as e:
            messages.error(request, str(e))
        else:
            messages.success(request, "Progress review recorded.")
        return redirect(plan)
    return render(request, "careplans/review.html", {"plan": plan, "case": plan.case, "form": form})


@read_only
@login_required
def approvals(request):
    """Plans submitted by the teams the user supervises, oldest first."""
    queue = (
        CarePlan.objects.visible_to(request.user)
        .awaiting_approval_by(request.user)
        .for_list()
        .annotate(goal_count=Count("goals"))
        .order_by("created_at", "pk")
    )
    page = Paginator(queue, APPROVALS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "careplans/approvals.html", {"page": page})


def _move(request, move, success: str) -> None:
    try:
        move()
    except InvalidTransition as e:
        messages.error(request, str(e))
    else:
        messages.success(request, success)


def _back(request, plan: CarePlan):
    """To the approval queue when the decision was made there, else to the plan."""
    return redirect("careplans:approvals" if request.POST.get("next") == "approvals" else plan)

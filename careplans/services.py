"""Care-plan workflows that create several rows: starting a plan (blank, from the case's needs or
from a template), revising an active plan into its next version, recording a progress review and
the client's agreement."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from assessments.models import IdentifiedNeed
from casemgmt.transitions import InvalidTransition
from clients.models import Case

from .models import CarePlan, Goal, GoalProgress, PlanTemplate, ProgressReview, Task


def _next_number(case: Case) -> int:
    return (case.care_plans.aggregate(n=Max("number"))["n"] or 0) + 1


def _new_plan(*, case: Case, by: User, **fields) -> CarePlan:
    """A draft; refused while another plan of the case is still a draft or awaiting approval."""
    if not case.is_open:
        raise InvalidTransition("This case is closed: reopen it to plan care.")
    try:
        with transaction.atomic():
            return CarePlan.objects.create(
                case=case, number=_next_number(case), author=by, updated_by=by, **fields
            )
    except IntegrityError:
        raise InvalidTransition(
            "This case already has a plan in the works (a draft or one awaiting approval): "
            "finish that one first."
        ) from None


@transaction.atomic
def start_plan(
    *, case: Case, by: User, from_needs: bool = False, template: PlanTemplate | None = None
) -> CarePlan:
    """A new draft plan: empty, with one goal per open need the user can see, or a template's
    goals and tasks."""
    plan = _new_plan(
        case=case, by=by, template=template, title=template.name if template else "Care plan"
    )
    if from_needs:
        needs = IdentifiedNeed.objects.visible_to(by).open().filter(case=case).for_list()
        Goal.objects.bulk_create(
            Goal(
                plan=plan,
                domain=need.domain,
                need=need,
                statement=f"{need.domain}: {need.reason}",
                priority=Goal.Priority.HIGH if need.is_priority else Goal.Priority.MEDIUM,
                updated_by=by,
            )
            for need in needs
        )
    if template is not None:
        _apply_template(plan=plan, template=template, by=by)
    return plan


def _apply_template(*, plan: CarePlan, template: PlanTemplate, by: User) -> None:
    today = timezone.localdate()
    for spec in template.goals.all():
        goal = Goal.objects.create(
            plan=plan,
            domain=spec.domain,
            statement=spec.statement,
            target=spec.target,
            target_date=today + datetime.timedelta(days=spec.target_days),
            updated_by=by,
        )
        Task.objects.bulk_create(
            Task(
                case=plan.case,
                goal=goal,
                description=line,
                due_on=today + datetime.timedelta(days=spec.task_days),
                assignee=plan.case.primary_case_manager,
                created_by=by,
            )
            for line in spec.task_lines()
        )


@transaction.atomic
def revise_plan(*, plan: CarePlan, by: User) -> CarePlan:
    """The next version of an active plan: a draft copy with its goals and open tasks. The active
    version stays in force, and readable as it was, until the copy is approved."""
    if not plan.is_active:
        raise InvalidTransition("Only the active plan can be revised.")
    copy = _new_plan(case=plan.case, by=by, revises=plan, title=plan.title, template=plan.template)
    for goal in plan.goals.prefetch_related("tasks"):
        tasks = [t for t in goal.tasks.all() if t.status == Task.Status.OPEN]
        source = goal.pk
        goal.pk, goal.plan, goal.copied_from_id, goal.version = None, copy, source, 1
        goal.updated_by, goal.updated_at, goal.created_at = by, timezone.now(), timezone.now()
        goal.save()
        Task.objects.bulk_create(
            Task(
                case=task.case,
                goal=goal,
                description=task.description,
                details=task.details,
                responsible=task.responsible,
                assignee=task.assignee,
                priority=task.priority,
                due_on=task.due_on,
                copied_from=task,
                created_by=by,
            )
            for task in tasks
        )
    return copy


@transaction.atomic
def record_review(
    *,
    plan: CarePlan,
    by: User,
    reviewed_on: datetime.date,
    summary: str,
    next_review_on: datetime.date,
    updates: dict[Goal, tuple[str, str]],
) -> ProgressReview:
    """A progress review of the active plan: each goal's status (and a note), and the date of
    the next review, which becomes the plan's review due date."""
    if not CarePlan.objects.filter(pk=plan.pk, status=CarePlan.Status.ACTIVE).exists():
        raise InvalidTransition("Only the active plan is reviewed.")
    review = ProgressReview.objects.create(
        plan=plan,
        reviewed_on=reviewed_on,
        summary=summary,
        reviewer=by,
        next_review_on=next_review_on,
    )
    for goal, (status, note) in updates.items():
        if status == Goal.Status.DISCONTINUED and not note.strip():
            raise InvalidTransition(f"Say why “{goal.statement}” is discontinued.")
        reason = note if status == Goal.Status.DISCONTINUED else goal.discontinued_reason
        Goal.objects.filter(pk=goal.pk).update(status=status, discontinued_reason=reason)
        GoalProgress.objects.create(goal=goal, review=review, status=status, note=note, author=by)
    CarePlan.objects.filter(pk=plan.pk).update(review_due_on=next_review_on)
    return review


@transaction.atomic
def record_agreement(
    *,
    plan: CarePlan,
    by: User,
    signed: bool,
    name: str = "",
    on: datetime.date | None = None,
    signature_png: bytes | None = None,
    declined_reason: str = "",
) -> None:
    """The client's signature on the plan (typed name, date, drawn signature), or their
    declining to sign with the reason. Once recorded it stays: a new version asks again."""
    agreement = CarePlan.Agreement.SIGNED if signed else CarePlan.Agreement.DECLINED
    changed = CarePlan.objects.filter(
        pk=plan.pk,
        agreement=CarePlan.Agreement.PENDING,
        status__in=[CarePlan.Status.SUBMITTED, CarePlan.Status.ACTIVE],
    ).update(
        agreement=agreement,
        signed_name=name if signed else "",
        signed_on=on if signed else None,
        signature_png=signature_png if signed else None,
        declined_reason="" if signed else declined_reason,
        updated_by=by,
        updated_at=timezone.now(),
    )
    if changed != 1:
        raise InvalidTransition(
            "The client's agreement is recorded once, on a plan awaiting approval or active."
        )
    plan.refresh_from_db()

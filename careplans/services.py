"""Care-plan workflows that create several rows or tell people: starting a plan (blank, from the
case's needs or from a template), the approval round (submitting, returning, approving, each told
to the people who act next), revising an active plan into its next version, and recording a
progress review."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.models import IdentifiedNeed
from casemgmt.transitions import InvalidTransition
from cases.models import Case
from reminders.registry import Due
from reminders.services import remind_now

from .models import CarePlan, CarePlanEvent, Goal, GoalProgress, PlanTemplate, ProgressReview, Task
from .reminders import PLAN_APPROVED, PLAN_RETURNED, PLAN_SUBMITTED


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
def submit_plan(*, plan: CarePlan, by: User) -> None:
    """Submit a draft for approval and tell the supervisors of the case's team, in the app now
    and by email as they choose."""
    event = plan.submit(by=by)
    supervisors = plan.case.team.supervisors.values_list("pk", flat=True)
    _tell(event, recipients=supervisors, kind=PLAN_SUBMITTED, title=_("Awaiting your approval"))


@transaction.atomic
def return_plan(*, plan: CarePlan, by: User, comment: str) -> None:
    """Send a submitted plan back to draft with what needs to change, and tell its author and
    the case's primary case manager."""
    event = plan.reject(by=by, comment=comment)
    _tell(event, recipients=_plan_owners(plan), kind=PLAN_RETURNED, title=_("Returned"))


@transaction.atomic
def approve_plan(*, plan: CarePlan, by: User) -> None:
    """Put a submitted plan in force, and tell its author and the case's primary case manager."""
    event = plan.approve(by=by)
    _tell(event, recipients=_plan_owners(plan), kind=PLAN_APPROVED, title=_("Approved"))


def _plan_owners(plan: CarePlan) -> list[int]:
    return [plan.author_id, plan.case.primary_case_manager_id]


def _tell(event: CarePlanEvent, *, recipients, kind: str, title: str) -> None:
    """One reminder per recipient (never the one who acted) about this move of the plan: the
    event is the subject, so a plan submitted again is told again."""
    plan = event.plan
    remind_now(
        kind=kind,
        dues=[
            Due(
                subject=event,
                recipient_id=recipient,
                due_at=event.created_at,
                title=f"{title}: {plan.title} v{plan.number} for case {plan.case_id}",
                body=event.decision + (f": {event.note}" if event.note else ""),
                url=plan.get_absolute_url(),
                case_id=plan.case_id,
            )
            for recipient in dict.fromkeys(recipients)
            if recipient != event.actor_id
        ],
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
        # A status written here is an edit of the goal: its version moves on, so a form opened
        # on the goal before the review is refused rather than putting the old status back.
        Goal.objects.filter(pk=goal.pk).update(
            status=status,
            discontinued_reason=reason,
            version=F("version") + 1,
            updated_by=by,
            updated_at=timezone.now(),
        )
        GoalProgress.objects.create(goal=goal, review=review, status=status, note=note, author=by)
    CarePlan.objects.filter(pk=plan.pk).update(review_due_on=next_review_on)
    return review

"""Care plans: needs → goals → tasks, approved by a supervisor, revised as new versions.

A plan is edited while it is a draft; submitted, it waits for a supervisor of the case's team,
who approves it (it becomes the case's one active plan) or rejects it with a comment (back to
draft). Revising an active plan copies it, with its goals and open tasks, into the next version,
which goes through approval in turn; the old version stays as it was, superseded.
"""

import datetime

import pgtrigger
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casemgmt import history
from casemgmt.transitions import InvalidTransition, TransitionEvent, Transitions, move
from casemgmt.versioning import Versioned
from cases.models import Case, CaseScopedQuerySet

# ---------------------------------------------------------------------------------------------
# Templates


class PlanTemplate(models.Model):
    """A ready-made plan for a program or a problem ("CHF discharge", "Housing stabilization")."""

    name = models.CharField(max_length=120, unique=True)
    program = models.ForeignKey(
        "accounts.Program",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_templates",
        help_text="Leave empty to offer it in every program.",
    )
    description = models.TextField(blank=True)
    is_active = models.BooleanField("offered", default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class TemplateGoal(models.Model):
    template = models.ForeignKey(PlanTemplate, models.CASCADE, related_name="goals")
    order = models.PositiveSmallIntegerField(default=0)
    domain = models.ForeignKey("assessments.Domain", models.PROTECT, related_name="+")
    statement = models.TextField()
    target = models.TextField("measurable target")
    target_days = models.PositiveSmallIntegerField(
        default=90, help_text="Target date: this many days after the plan is started."
    )
    tasks = models.TextField(
        blank=True, help_text="One task per line; each is due `task days` after the plan starts."
    )
    task_days = models.PositiveSmallIntegerField(default=14)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.statement

    def task_lines(self) -> list[str]:
        return [line.strip() for line in self.tasks.splitlines() if line.strip()]


# ---------------------------------------------------------------------------------------------
# Plans

AGREEMENT_REFUSED = (
    "The client's agreement is recorded once, on a plan awaiting approval or active."
)


class CarePlanQuerySet(CaseScopedQuerySet):
    def awaiting_approval_by(self, user):
        """Submitted plans of the teams the user supervises (every team for an admin)."""
        submitted = self.filter(status=CarePlan.Status.SUBMITTED)
        if user.is_admin:
            return submitted
        return submitted.filter(case__team__in=user.supervised_team_ids)

    def for_list(self):
        return self.select_related("case__client", "case__team", "author")


@history.track
class CarePlan(Transitions, Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting approval"
        ACTIVE = "active", "Active"
        SUPERSEDED = "superseded", "Superseded"
        COMPLETED = "completed", "Completed"

    class Agreement(models.TextChoices):
        PENDING = "pending", "Not yet signed"
        SIGNED = "signed", "Signed by the client"
        DECLINED = "declined", "Client declined to sign"

    case = models.ForeignKey(Case, models.PROTECT, related_name="care_plans")
    number = models.PositiveSmallIntegerField("version", default=1, editable=False)
    revises = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="revision", editable=False
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    title = models.CharField(max_length=120, default="Care plan")
    template = models.ForeignKey(
        PlanTemplate, models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    starts_on = models.DateField(null=True, blank=True, editable=False)
    review_due_on = models.DateField("next review due", null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    ended_on = models.DateField(null=True, blank=True, editable=False)
    agreement = models.CharField(
        max_length=10, choices=Agreement.choices, default=Agreement.PENDING, editable=False
    )
    signed_name = models.CharField(max_length=160, blank=True, editable=False)
    signed_on = models.DateField(null=True, blank=True, editable=False)
    signature_png = models.BinaryField(null=True, blank=True, editable=False)
    declined_reason = models.TextField(blank=True, editable=False)

    objects = CarePlanQuerySet.as_manager()

    class Meta:
        ordering = ["-number", "-pk"]
        constraints = [
            # DESIGN.md §4: at most one active plan per case.
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="active"), name="careplan_one_active"
            ),
            # One plan in the works per case: a second draft would fork the plan.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["draft", "submitted"]),
                name="careplan_one_in_progress",
            ),
            models.UniqueConstraint(fields=["case", "number"], name="careplan_case_number"),
        ]
        indexes = [
            # The supervisors' approval queue.
            models.Index(
                fields=["created_at"], condition=Q(status="submitted"), name="careplan_submitted"
            ),
            # The reminder scan for plan reviews due.
            models.Index(
                fields=["review_due_on"], condition=Q(status="active"), name="careplan_review_due"
            ),
        ]
        triggers = [pgtrigger.Protect(name="careplan_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"{self.title} v{self.number} · {self.case.client.display_name}"

    def get_absolute_url(self):
        return reverse("careplans:detail", args=[self.pk])

    # draft → submitted → active → superseded (by its revision) or completed;
    # submitted → draft when a supervisor rejects it.
    MOVES = {
        "submit": move("Submit for approval", {Status.DRAFT}, Status.SUBMITTED),
        "approve": move("Approve", {Status.SUBMITTED}, Status.ACTIVE),
        "reject": move("Reject", {Status.SUBMITTED}, Status.DRAFT),
        "supersede": move("Supersede", {Status.ACTIVE}, Status.SUPERSEDED),
        "complete": move("Mark completed", {Status.ACTIVE}, Status.COMPLETED),
        # The client's agreement, asked once per version, once the plan has left draft.
        "sign": move(
            "Record the client's signature",
            {Agreement.PENDING},
            Agreement.SIGNED,
            field="agreement",
            when=Q(status__in=[Status.SUBMITTED, Status.ACTIVE]),
            refused=AGREEMENT_REFUSED,
        ),
        "decline_to_sign": move(
            "Record that the client declined to sign",
            {Agreement.PENDING},
            Agreement.DECLINED,
            field="agreement",
            when=Q(status__in=[Status.SUBMITTED, Status.ACTIVE]),
            refused=AGREEMENT_REFUSED,
        ),
    }

    @property
    def is_editable(self) -> bool:
        """Goals and tasks change only in a draft; an approved plan changes by a new version."""
        return self.status == CarePlan.Status.DRAFT

    @property
    def is_draft(self) -> bool:
        return self.status == CarePlan.Status.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.status == CarePlan.Status.SUBMITTED

    @property
    def is_active(self) -> bool:
        return self.status == CarePlan.Status.ACTIVE

    @property
    def is_superseded(self) -> bool:
        return self.status == CarePlan.Status.SUPERSEDED

    @property
    def is_in_progress(self) -> bool:
        return self.status in (CarePlan.Status.DRAFT, CarePlan.Status.SUBMITTED)

    @property
    def awaits_agreement(self) -> bool:
        """The client is asked to sign once the plan leaves draft, and once per version."""
        return self.agreement == CarePlan.Agreement.PENDING and self.status in (
            CarePlan.Status.SUBMITTED,
            CarePlan.Status.ACTIVE,
        )

    @property
    def client_signed(self) -> bool:
        return self.agreement == CarePlan.Agreement.SIGNED

    @property
    def client_declined_to_sign(self) -> bool:
        return self.agreement == CarePlan.Agreement.DECLINED

    @property
    def review_overdue(self) -> bool:
        return self.is_active and bool(
            self.review_due_on and self.review_due_on < timezone.localdate()
        )

    def can_be_approved_by(self, user) -> bool:
        return user.is_admin or self.case.team_id in user.supervised_team_ids

    def submit(self, *, by) -> "CarePlanEvent":
        goals = list(self.goals.all())
        if not goals:
            raise InvalidTransition("Add at least one goal before submitting the plan.")
        unready = [g for g in goals if not g.is_ready]
        if unready:
            raise InvalidTransition(
                f"{len(unready)} goal{'s'[: len(unready) != 1]} still "
                f"need{'s'[: len(unready) == 1]} a measurable target and a target date before "
                "the plan can be submitted."
            )
        return self._move("submit", by=by)

    def reject(self, *, by, comment: str) -> "CarePlanEvent":
        self._check_approver(by)
        if not comment.strip():
            raise InvalidTransition("Say what needs to change: the comment goes to the author.")
        return self._move("reject", by=by, note=comment)

    @transaction.atomic
    def approve(self, *, by, note: str = "") -> "CarePlanEvent":
        """Put the plan in force; the version it revises is superseded in the same transaction,
        and open tasks follow the plan into the new version."""
        self._check_approver(by)
        today = timezone.localdate()
        previous = self.revises
        if previous is not None and previous.status == CarePlan.Status.ACTIVE:
            previous._move(
                "supersede", by=by, note=f"Replaced by version {self.number}.", ended_on=today
            )
            Task.objects.carry_over(from_plan=previous, to_plan=self)
        review_days = datetime.timedelta(days=self.case.program.plan_review_days)
        return self._move(
            "approve",
            by=by,
            note=note,
            approved_at=timezone.now(),
            approved_by=by,
            starts_on=today,
            review_due_on=today + review_days,
        )

    def complete(self, *, by, note: str) -> None:
        if not note.strip():
            raise InvalidTransition("Say how the plan ended: goals met, case closing, …")
        self._move("complete", by=by, note=note, ended_on=timezone.localdate())

    def record_agreement(
        self,
        *,
        by,
        signed: bool,
        name: str = "",
        on: datetime.date | None = None,
        signature_png: bytes | None = None,
        declined_reason: str = "",
    ) -> None:
        """The client's signature on the plan (typed name, date, drawn signature), or their
        declining to sign with the reason. Once recorded it stays: a new version asks again."""
        stamp = {"updated_by": by, "updated_at": timezone.now()}
        if signed:
            self._move(
                "sign", by=by, signed_name=name, signed_on=on, signature_png=signature_png, **stamp
            )
        else:
            self._move(
                "decline_to_sign",
                by=by,
                note=declined_reason,
                declined_reason=declined_reason,
                **stamp,
            )

    def _check_approver(self, user) -> None:
        if not self.can_be_approved_by(user):
            raise InvalidTransition("Only a supervisor of the case's team can approve or reject.")


class CarePlanEvent(TransitionEvent):
    """Every move of a plan, with who, when and why (a supervisor's comment when returning it),
    and the client's agreement."""

    # How the plan's history reads each move: a decision and who made it.
    DECISIONS = {
        "submit": _("Submitted for approval by %(actor)s"),
        "approve": _("Approved by %(actor)s"),
        "reject": _("Returned by %(actor)s"),
        "supersede": _("Replaced by a newer version, approved by %(actor)s"),
        "complete": _("Marked completed by %(actor)s"),
        "sign": _("Signed by the client, recorded by %(actor)s"),
        "decline_to_sign": _("The client declined to sign, recorded by %(actor)s"),
    }

    subject = "plan"
    plan = models.ForeignKey(CarePlan, models.PROTECT, related_name="events")

    class Meta(TransitionEvent.Meta):
        pass

    @property
    def decision(self) -> str:
        return self.DECISIONS[self.kind] % {"actor": self.actor}

    @property
    def is_rejection(self) -> bool:
        return self.kind == "reject"


# ---------------------------------------------------------------------------------------------
# Goals


class GoalQuerySet(CaseScopedQuerySet):
    case_path = "plan__case"

    def open(self):
        """Still being worked on: not achieved, not given up (Goal.OPEN)."""
        return self.filter(status__in=Goal.OPEN)


@history.track
class Goal(Versioned):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        ACHIEVED = "achieved", "Achieved"
        PARTIALLY_ACHIEVED = "partial", "Partially achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"
        DISCONTINUED = "discontinued", "Discontinued"

    class Priority(models.IntegerChoices):
        LOW = 1, "Low"
        MEDIUM = 2, "Medium"
        HIGH = 3, "High"

    # The statuses of a goal still being worked on.
    OPEN = (Status.NOT_STARTED, Status.IN_PROGRESS)

    plan = models.ForeignKey(CarePlan, models.PROTECT, related_name="goals")
    domain = models.ForeignKey("assessments.Domain", models.PROTECT, related_name="+")
    need = models.ForeignKey(
        "assessments.IdentifiedNeed",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
        help_text="The assessed need this goal addresses.",
    )
    statement = models.TextField("goal, in the client's words")
    target = models.TextField("measurable target", blank=True)
    baseline = models.TextField("baseline (where things stand now)", blank=True)
    target_date = models.DateField(null=True, blank=True)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    discontinued_reason = models.TextField(blank=True)
    copied_from = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["domain__order", "-priority", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="discontinued") | ~Q(discontinued_reason=""),
                name="goal_discontinued_has_reason",
            )
        ]
        indexes = [
            # The reminder scan for goals past their target date (careplans/reminders.py): the
            # open goals, a small share of all the goals that plan versions accumulate.
            models.Index(
                fields=["target_date"],
                condition=Q(status__in=["not_started", "in_progress"]),  # Goal.OPEN
                name="goal_open_target",
            ),
        ]
        triggers = [pgtrigger.Protect(name="goal_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return self.statement

    def get_absolute_url(self):
        return f"{self.plan.get_absolute_url()}#goal-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in Goal.OPEN

    @property
    def is_ready(self) -> bool:
        """Ready for the plan's approval: a measurable target and a target date."""
        return bool(self.target.strip()) and self.target_date is not None

    @property
    def is_discontinued(self) -> bool:
        return self.status == Goal.Status.DISCONTINUED

    @property
    def is_overdue(self) -> bool:
        return self.is_open and bool(self.target_date and self.target_date < timezone.localdate())


class GoalProgress(models.Model):
    """A progress note on a goal, alone or as part of a progress review; append-only."""

    goal = models.ForeignKey(Goal, models.PROTECT, related_name="progress")
    review = models.ForeignKey(
        "ProgressReview", models.PROTECT, null=True, blank=True, related_name="updates"
    )
    status = models.CharField(max_length=12, choices=Goal.Status.choices)
    note = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "goal progress notes"
        triggers = [
            pgtrigger.Protect(
                name="goalprogress_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.get_status_display()} on {self.created_at:%Y-%m-%d}"


class ProgressReview(models.Model):
    """A periodic review of an active plan: a summary, each goal's status, the next date."""

    plan = models.ForeignKey(CarePlan, models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    summary = models.TextField()
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    next_review_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__gt=models.F("reviewed_on")),
                name="review_next_after_this",
            )
        ]
        triggers = [
            pgtrigger.Protect(
                name="progressreview_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"Review of {self.plan_id} on {self.reviewed_on:%Y-%m-%d}"


# ---------------------------------------------------------------------------------------------
# Tasks


class TaskQuerySet(CaseScopedQuerySet):
    def open(self):
        return self.filter(status=Task.Status.OPEN)

    def in_force(self):
        """Tasks that are to be done now: on the case, or under a goal of the active plan (a
        draft's tasks wait for its approval; a superseded plan's were carried over)."""
        return self.filter(Q(goal=None) | Q(goal__plan__status=CarePlan.Status.ACTIVE))

    def due_within(self, days: int):
        """Due in the next `days` days, overdue ones included."""
        return self.filter(due_on__lte=timezone.localdate() + datetime.timedelta(days=days))

    def overdue(self):
        return self.filter(due_on__lt=timezone.localdate())

    def for_list(self):
        return self.select_related("assignee", "completed_by", "goal__domain").order_by(
            "-priority", models.F("due_on").asc(nulls_last=True), "pk"
        )

    @transaction.atomic
    def carry_over(self, *, from_plan: CarePlan, to_plan: CarePlan) -> None:
        """When a revision is approved: copies of tasks done meanwhile on the old version are
        done too; the old version's still-open tasks are cancelled (their copies carry on)."""
        old = Task.objects.filter(goal__plan=from_plan)
        for copy in self.filter(goal__plan=to_plan, copied_from__in=old.filter(status="done")):
            source = copy.copied_from
            Task.objects.filter(pk=copy.pk, status=Task.Status.OPEN).update(
                status=Task.Status.DONE,
                completed_at=source.completed_at,
                completed_by=source.completed_by,
            )
        old.filter(status=Task.Status.OPEN).update(status=Task.Status.CANCELLED)


@history.track
class Task(models.Model):
    """An intervention: who does what by when, under a goal of a plan or directly on the case."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    class Priority(models.IntegerChoices):
        LOW = 1, "Low"
        NORMAL = 2, "Normal"
        HIGH = 3, "High"

    class Responsible(models.TextChoices):
        CASE_MANAGER = "case_manager", "Case manager"
        CLIENT = "client", "Client"
        SUPPORT = "support", "Family member or support"
        PROVIDER = "provider", "Outside provider"

    case = models.ForeignKey(Case, models.PROTECT, related_name="tasks")
    goal = models.ForeignKey(Goal, models.PROTECT, null=True, blank=True, related_name="tasks")
    description = models.CharField(max_length=300)
    details = models.TextField(blank=True)
    responsible = models.CharField(
        max_length=20, choices=Responsible.choices, default=Responsible.CASE_MANAGER
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, editable=False
    )
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    copied_from = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["-priority", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_at__isnull=False)
                | (~Q(status="done") & Q(completed_at__isnull=True)),
                name="task_completed_at_iff_done",
            )
        ]
        indexes = [
            # The case page's open tasks.
            models.Index(fields=["case", "status"], name="task_case_status"),
            # Open tasks by due date: "My tasks" and the reminder scan for tasks due.
            models.Index(fields=["due_on"], condition=Q(status="open"), name="task_open_due"),
        ]
        triggers = [pgtrigger.Protect(name="task_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        if self.goal_id:
            return f"{reverse('careplans:detail', args=[self.goal.plan_id])}#task-{self.pk}"
        return f"{reverse('cases:detail', args=[self.case_id])}#task-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == Task.Status.OPEN

    @property
    def is_done(self) -> bool:
        return self.status == Task.Status.DONE

    @property
    def is_cancelled(self) -> bool:
        return self.status == Task.Status.CANCELLED

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == Task.Status.OPEN
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )

    @transaction.atomic
    def complete(self, *, by) -> None:
        """Mark an open task done by `by`; history keeps who and when."""
        changed = Task.objects.filter(pk=self.pk, status=Task.Status.OPEN).update(
            status=Task.Status.DONE, completed_at=timezone.now(), completed_by=by
        )
        if changed != 1:
            raise InvalidTransition(f"This task is already {self.get_status_display().lower()}.")
        self.refresh_from_db(fields=["status", "completed_at", "completed_by"])

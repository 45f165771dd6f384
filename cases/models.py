"""Cases: the episodes of care that make up a caseload, with their care teams, status events,
notes and emergency access. Who may see a case is decided here (DESIGN.md §3), once; every
record hanging off a case takes its scope from it."""

import datetime

import pgtrigger
from django.conf import settings
from django.db import models, transaction
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import Team
from casemgmt import history, inline, pagination
from casemgmt.transitions import InvalidTransition, TransitionEvent, Transitions, move
from casemgmt.versioning import Versioned
from clients.models import Client, ClientFlag


def inner_circle(user, prefix=""):
    """Who may see restricted material of a case: primary CM, care team, team supervisors, and
    teammates holding an unexpired emergency access to it. The supervised teams are the user's
    own list (loaded with the user), so the planner sees how few they are."""
    return (
        Q(**{f"{prefix}primary_case_manager": user})
        | Q(**{f"{prefix}pk__in": CareTeamMember.objects.filter(user=user).values("case_id")})
        | Q(**{f"{prefix}team_id__in": user.supervised_team_ids})
        | Q(
            **{
                f"{prefix}pk__in": EmergencyAccess.objects.current()
                .filter(user=user)
                .values("case_id")
            }
        )
    )


# ---------------------------------------------------------------------------------------------
# Case


# The case page shows the latest emergency accesses to the case, up to this many.
EMERGENCY_LOG_SIZE = 10


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """DESIGN.md §3: the user's teams' cases; restricted ones only for the inner circle.

        The teams are the user's own list (loaded with the user, accounts.backends): as
        constants the planner estimates the rows they hold and uses the team index, where a
        subquery of the user's teams was estimated forty times too high (issue 13). The circle
        is checked only on the restricted ones among them."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self
        return self.filter(team_id__in=user.team_ids).filter(
            Q(restricted=False) | inner_circle(user)
        )

    def open(self):
        return self.exclude(status=Case.Status.CLOSED)

    def beyond_circle_of(self, user):
        """Cases of the teams the user is a member of whose inner circle the user is not in."""
        if not user.is_authenticated or user.is_admin:
            return self.none()
        return self.filter(team_id__in=user.member_team_ids).exclude(inner_circle(user))

    def open_to_emergency_access_by(self, user):
        """Restricted cases of the teams the user works on that the user may not see yet.

        DESIGN.md §3: such a teammate may break the glass, with a reason, for a limited time.
        Supervisors and admins already see them; other teams never learn they exist.
        """
        return self.beyond_circle_of(user).filter(restricted=True)

    def breakable_by(self, user):
        """What the user may open by emergency access: the restricted cases of their teams, and
        the cases they see whose restricted notes they do not."""
        restricted_notes = CaseNote.objects.filter(case=OuterRef("pk"), restricted=True)
        return self.beyond_circle_of(user).filter(Q(restricted=True) | Exists(restricted_notes))

    def for_page(self, user):
        """What the case page shows beside the case, in the case's own query: the restricted
        notes hidden from `user`, the care team, the status history, the latest emergency
        accesses and the client's active flags (read with the `*_shown` properties)."""
        person = ("first_name", "last_name", "username")
        members = CareTeamMember.objects.filter(case=OuterRef("pk")).order_by("pk")
        events = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-created_at", "-pk")
        grants = EmergencyAccess.objects.filter(case=OuterRef("pk")).order_by("-granted_at", "-pk")
        flags = ClientFlag.objects.filter(client=OuterRef("client"), cleared_at=None)
        return self.with_hidden_note_count(user).annotate(
            care_team_rows=inline.rows(members, "role", *(f"user__{f}" for f in person)),
            event_rows=inline.rows(
                events,
                *("kind", "from_status", "to_status", "closure_reason", "note", "created_at"),
                *(f"actor__{f}" for f in person),
            ),
            emergency_access_rows=inline.rows(
                grants[:EMERGENCY_LOG_SIZE],
                *("reason", "granted_at", "expires_at"),
                # The user's id with the user: given apart, the unsaved user without a pk would
                # not count as the user_id's, and showing it would fetch the user again.
                *(f"user__{f}" for f in ("id", *person)),
            ),
            client_flag_rows=inline.rows(flags.order_by("-created_at"), "kind", "reason"),
        )

    def with_hidden_note_count(self, user):
        """`hidden_note_count`: how many of the case's restricted notes (addenda aside) `user`
        may not read: all of them outside the case's inner circle, none inside it. Counted in
        the case's own query, since its page shows only the newest notes."""
        if user.is_admin:
            return self.annotate(hidden_note_count=models.Value(0))
        notes = (
            CaseNote.objects.filter(case=OuterRef("pk"), restricted=True, addendum_to=None)
            .order_by()
            .values("case")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            hidden_note_count=models.Case(
                models.When(inner_circle(user), then=0), default=Coalesce(Subquery(notes), 0)
            )
        )

    def caseload_ids_of(self, user) -> list[int]:
        """The ids of the cases the user carries and may see, as a list: lists that start from
        a caseload (My tasks, the referral queue) filter by it as constants, so the planner
        reads the few cases' rows through their index instead of the agency's open ones in date
        order, filtering as it goes (issue 13)."""
        return list(self.visible_to(user).caseload_of(user).values_list("pk", flat=True))

    def caseload_of(self, user):
        """Open cases the user carries: as primary case manager or on the care team."""
        return self.open().filter(
            Q(primary_case_manager=user)
            | Q(pk__in=CareTeamMember.objects.filter(user=user).values("case_id"))
        )

    def with_contact_due(self, today: datetime.date | None = None):
        """`contact_due_on`: the day client contact falls due, the acuity's
        Case.contact_due_days() after the last contact (after opening while there has been none);
        `contact_overdue`: that day is before `today` (the local date unless given)."""
        interval = models.Case(
            *(
                models.When(acuity=acuity, then=Value(days))
                for acuity, days in Case.contact_due_days().items()
            )
        )
        # date + integer is a date in PostgreSQL.
        due_on = Coalesce(TruncDate("last_contact_at"), "opened_on") + interval
        overdue = Q(contact_due_on__lt=today or timezone.localdate())
        return self.annotate(
            contact_due_on=ExpressionWrapper(due_on, output_field=models.DateField())
        ).annotate(contact_overdue=ExpressionWrapper(overdue, output_field=models.BooleanField()))

    def weighted_loads(self) -> dict[int, int]:
        """Each primary case manager's acuity-weighted load over these cases
        (Case.acuity_weights()), in one query: {user id: load}."""
        weight = models.Case(
            *(models.When(acuity=a, then=Value(w)) for a, w in Case.acuity_weights().items())
        )
        rows = (
            self.order_by()
            .values("primary_case_manager")
            .annotate(load=Sum(weight))
            .values_list("primary_case_manager", "load")
        )
        return dict(rows)

    def caseload_summary(self) -> dict[str, int]:
        """The caseload's headline counts, in one aggregate query."""
        return self.with_contact_due().aggregate(
            open_cases=Count("pk"),
            high_acuity=Count("pk", filter=Q(acuity__gte=Case.Acuity.HIGH)),
            overdue_contact=Count("pk", filter=Q(contact_overdue=True)),
            overdue_assessment=Count("pk", filter=Q(assessment_due_on__lt=timezone.localdate())),
        )

    def for_list(self):
        return self.select_related("client", "program", "team", "primary_case_manager")


@history.track(exclude=["last_contact_at"])
class Case(Transitions, Versioned):
    class Status(models.TextChoices):
        REFERRED = "referred", "Referred"
        INTAKE = "intake", "Intake"
        ACTIVE = "active", "Active"
        ON_HOLD = "on_hold", "On hold"
        CLOSED = "closed", "Closed"

    class Acuity(models.IntegerChoices):
        LOW = 1, "Low"
        MODERATE = 2, "Moderate"
        HIGH = 3, "High"
        INTENSIVE = 4, "Intensive"

    class ClosureReason(models.TextChoices):
        GOALS_MET = "goals_met", "Goals met"
        CLIENT_DECLINED = "declined", "Client declined further services"
        TRANSFERRED = "transferred", "Transferred to another program or agency"
        MOVED = "moved", "Moved out of service area"
        LOST_CONTACT = "lost_contact", "Unable to contact"
        INELIGIBLE = "ineligible", "No longer eligible"
        DECEASED = "deceased", "Deceased"
        OTHER = "other", "Other"

    client = models.ForeignKey(Client, models.PROTECT, related_name="cases")
    program = models.ForeignKey("accounts.Program", models.PROTECT, related_name="cases")
    team = models.ForeignKey(Team, models.PROTECT, related_name="cases")
    primary_case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="primary_cases"
    )
    care_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CareTeamMember",
        related_name="care_team_cases",
        blank=True,
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.INTAKE, editable=False
    )
    acuity = models.PositiveSmallIntegerField(choices=Acuity.choices, default=Acuity.MODERATE)
    restricted = models.BooleanField(
        default=False,
        help_text="Substance use, HIV, abuse or psychotherapy material: visible only to the "
        "primary case manager, the care team and the team's supervisors.",
    )
    referral_source = models.CharField(max_length=160, blank=True)
    presenting_need = models.TextField(blank=True)
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True, editable=False)
    closure_reason = models.CharField(
        max_length=20, choices=ClosureReason.choices, blank=True, editable=False
    )
    assessment_due_on = models.DateField(
        "assessment due",
        null=True,
        blank=True,
        editable=False,
        help_text="The program's window after opening, then its interval after each assessment.",
    )
    # Kept by the database (casenote_last_contact, after CaseNote), whatever path writes a note:
    # the caseload and the no-contact reminder read it instead of every case's notes. Not in the
    # case's history: a note is not a change to the case record.
    last_contact_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the latest note of client contact says it happened (addenda aside).",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="case_closed_on_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="case_closes_after_opening",
            ),
        ]
        indexes = [
            # "My caseload": the open cases of one case manager.
            models.Index(
                fields=["primary_case_manager", "status"],
                condition=~Q(status="closed"),
                name="case_open_by_manager",
            ),
            # Team scoping in visible_to, and supervisors' team lists.
            models.Index(fields=["team", "status"], name="case_team_status"),
            # The reminder scan for reassessments due, and the caseload's sort by due date.
            models.Index(
                fields=["assessment_due_on"],
                condition=~Q(status="closed"),
                name="case_open_assessment_due",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="case_no_delete", operation=pgtrigger.Delete),
            # last_contact_at is written by casenote_last_contact alone (a trigger's UPDATE, so
            # one level deeper): a full save() of a case read before a note was added would
            # otherwise put the older contact back.
            pgtrigger.Trigger(
                name="case_last_contact_from_notes",
                when=pgtrigger.Before,
                operation=pgtrigger.UpdateOf("last_contact_at"),
                func="""
                    IF pg_trigger_depth() = 1 THEN
                        NEW.last_contact_at := OLD.last_contact_at;
                    END IF;
                    RETURN NEW;
                """,
            ),
        ]

    def __str__(self):
        return f"Case {self.pk} · {self.client.display_name}"

    def get_absolute_url(self):
        return reverse("cases:detail", args=[self.pk])

    @property
    def care_team_shown(self) -> list:
        """The care team as CaseQuerySet.for_page brought it: unsaved members, for display."""
        return inline.instances(CareTeamMember, self.care_team_rows)

    @property
    def events_shown(self) -> list:
        """The status history as CaseQuerySet.for_page brought it, newest first."""
        return inline.instances(CaseEvent, self.event_rows)

    @property
    def emergency_accesses_shown(self) -> list:
        """The latest emergency accesses as CaseQuerySet.for_page brought them, newest first."""
        return inline.instances(EmergencyAccess, self.emergency_access_rows)

    @property
    def client_flags_shown(self) -> list:
        """The client's active flags as CaseQuerySet.for_page brought them, for display."""
        return inline.instances(ClientFlag, self.client_flag_rows)

    # Transitions: referred → intake → active ⇄ on hold → closed; closed → active (reopen).
    MOVES = {
        "start_intake": move("Start intake", {Status.REFERRED}, Status.INTAKE),
        "activate": move("Activate", {Status.INTAKE}, Status.ACTIVE),
        "hold": move("Put on hold", {Status.ACTIVE}, Status.ON_HOLD),
        "resume": move("Resume", {Status.ON_HOLD}, Status.ACTIVE),
        "close": move(
            "Close case",
            {Status.REFERRED, Status.INTAKE, Status.ACTIVE, Status.ON_HOLD},
            Status.CLOSED,
        ),
        "reopen": move("Reopen", {Status.CLOSED}, Status.ACTIVE),
    }

    def start_intake(self, *, by, note: str = "") -> None:
        self._move("start_intake", by=by, note=note)

    def activate(self, *, by, note: str = "") -> None:
        self._move("activate", by=by, note=note)

    def hold(self, *, by, note: str) -> None:
        self._require(note, "Say why the case is going on hold.")
        self._move("hold", by=by, note=note)

    def resume(self, *, by, note: str = "") -> None:
        self._move("resume", by=by, note=note)

    def close(self, *, by, reason: str, note: str = "", safety_reason: str = "") -> None:
        """Close with a closure reason, kept on the event after a reopen. While the client has
        an active safety flag the closer must say why the case closes anyway (`safety_reason`,
        kept on the event too); what else is still open is listed first (cases.closure)."""
        if reason not in Case.ClosureReason.values:
            raise InvalidTransition("Choose a closure reason.")
        flagged = self.client.has_active_safety_flag()
        if flagged and not safety_reason.strip():
            raise InvalidTransition(
                _("The client has an active safety flag: say why the case closes anyway.")
            )
        self._move(
            "close",
            by=by,
            note=note,
            event={
                "closure_reason": reason,
                "override_reason": safety_reason.strip() if flagged else "",
            },
            closed_on=timezone.localdate(),
            closure_reason=reason,
        )

    def closure_needs_sign_off_by(self, user) -> bool:
        """Whether `user` closing this case asks for a sign-off instead (ClosureRequest)."""
        return (
            self.program.closure_sign_off
            and not user.is_admin
            and self.team_id not in user.supervised_team_ids
        )

    def reopen(self, *, by, note: str) -> None:
        self._require(note, "Say why the case is being reopened.")
        self._move("reopen", by=by, note=note, closed_on=None, closure_reason="")

    @staticmethod
    def _require(text: str, message: str) -> None:
        if not text.strip():
            raise InvalidTransition(message)

    @property
    def is_open(self) -> bool:
        return self.status != Case.Status.CLOSED

    def next_assessment_due(self, last_assessed_on: datetime.date | None = None) -> datetime.date:
        """The program's initial window from opening, or its reassessment interval from the last
        assessment that resets the clock."""
        if last_assessed_on is None:
            return self.opened_on + datetime.timedelta(days=self.program.initial_assessment_days)
        return last_assessed_on + datetime.timedelta(days=self.program.reassessment_days)

    @property
    def assessment_overdue(self) -> bool:
        return bool(self.assessment_due_on and self.assessment_due_on < timezone.localdate())

    @classmethod
    def acuity_weights(cls) -> dict["Case.Acuity", int]:
        """The weight of an open case in a case manager's load, by acuity
        (settings.CASELOAD_WEIGHTS)."""
        return {acuity: settings.CASELOAD_WEIGHTS[acuity.name.lower()] for acuity in cls.Acuity}

    @classmethod
    def contact_due_days(cls) -> dict["Case.Acuity", int]:
        """Days without client contact after which contact is overdue, by acuity, most intensive
        first (settings.CONTACT_DUE_DAYS). The caseload's highlight, its "overdue contact" count
        and the no-contact reminder all read it, through with_contact_due()."""
        return {
            acuity: settings.CONTACT_DUE_DAYS[acuity.name.lower()]
            for acuity in sorted(cls.Acuity, reverse=True)
        }

    @property
    def days_since_contact(self) -> int | None:
        """Calendar days since the last client contact."""
        if self.last_contact_at is None:
            return None
        return (timezone.localdate() - timezone.localdate(self.last_contact_at)).days

    @transaction.atomic
    def add_note(self, note: "CaseNote", *, by, sign: bool = False) -> "CaseNote":
        """Record a note by `by`, signed at once when asked; closed cases take addenda only.

        The case row is locked so a concurrent close cannot slip in between check and insert.
        """
        if not Case.objects.select_for_update().open().filter(pk=self.pk).exists():
            raise InvalidTransition(
                "This case is closed, so it takes no new notes. Reopen it to record a new "
                "contact, or add an addendum to a signed note."
            )
        note.case, note.author = self, by
        note.save()
        if sign:
            note.sign(by=by)
        return note


@history.track
class CareTeamMember(models.Model):
    case = models.ForeignKey(Case, models.CASCADE, related_name="care_team_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    role = models.CharField(max_length=80, blank=True, help_text="e.g. therapist, peer specialist")
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="careteam_unique_member")
        ]

    def __str__(self):
        return f"{self.user} on {self.case_id}"


class CaseEvent(TransitionEvent):
    """Each status move of a case (who, when, from, to, why); the first row is its opening."""

    OPENED = "opened"
    TRANSFERRED = "transferred"  # a new primary case manager; the status stays

    subject = "case"
    case = models.ForeignKey(Case, models.PROTECT, related_name="events")
    closure_reason = models.CharField(max_length=20, choices=Case.ClosureReason.choices, blank=True)
    override_reason = models.TextField(
        blank=True,
        help_text="Why the case was closed although the client had an active safety flag.",
    )

    class Meta(TransitionEvent.Meta):
        pass

    @property
    def is_transfer(self) -> bool:
        return self.kind == CaseEvent.TRANSFERRED


class EmergencyAccessQuerySet(models.QuerySet):
    def current(self):
        return self.filter(expires_at__gt=timezone.now())


@history.track
class EmergencyAccess(models.Model):
    """ "Break the glass" (DESIGN.md §3): a teammate outside a restricted case's inner circle opens
    it for a stated reason, for a limited time; the team's supervisors are told at once (an urgent
    reminder, in the app and by email: services.grant_emergency_access).

    Append-only: the grants are the audit record of who opened what, when and why.
    """

    case = models.ForeignKey(Case, models.PROTECT, related_name="emergency_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    reason = models.TextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    objects = EmergencyAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at", "-pk"]
        verbose_name_plural = "emergency accesses"
        indexes = [models.Index(fields=["user", "expires_at"], name="emergency_user_expires")]
        triggers = [pgtrigger.Protect(name="emergencyaccess_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"{self.user} on case {self.case_id} at {self.granted_at:%Y-%m-%d %H:%M}"

    @property
    def is_current(self) -> bool:
        return self.expires_at > timezone.now()


class ClosureRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ClosureRequest.Status.PENDING)

    def awaiting_sign_off_by(self, user):
        """Pending closures of the teams the user supervises (every team for an admin)."""
        pending = self.pending().select_related("case__client", "case__team", "requested_by")
        if user.is_admin:
            return pending
        return pending.filter(case__team__in=user.supervised_team_ids)


@history.track
class ClosureRequest(models.Model):
    """A case manager's closure of a case in a program whose closures need a supervisor's sign
    off (Program.closure_sign_off): the case stays open until a supervisor of the team signs it
    off, which closes it with the reason asked for, or returns it with a comment."""

    class Status(models.TextChoices):
        PENDING = "pending", _lazy("Awaiting sign-off")
        SIGNED_OFF = "signed_off", _lazy("Signed off")
        RETURNED = "returned", _lazy("Returned")

    case = models.ForeignKey(Case, models.PROTECT, related_name="closure_requests")
    reason = models.CharField(max_length=20, choices=Case.ClosureReason.choices)
    note = models.TextField(blank=True)
    safety_reason = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)

    objects = ClosureRequestQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="pending"), name="closure_one_pending"
            )
        ]
        triggers = [pgtrigger.Protect(name="closurerequest_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"Closure of case {self.case_id} ({self.get_status_display()})"


@history.track
class CapOverride(models.Model):
    """Append-only: a case assigned to a case manager past the program's hard caseload cap, by
    a supervisor, with the load it made and why (cases.caps)."""

    case = models.ForeignKey(Case, models.PROTECT, related_name="cap_overrides")
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    load = models.PositiveSmallIntegerField(help_text="The weighted load with this case.")
    hard_cap = models.PositiveSmallIntegerField()
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        triggers = [
            pgtrigger.Protect(
                name="capoverride_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.manager} at {self.load}/{self.hard_cap} on case {self.case_id}"


# ---------------------------------------------------------------------------------------------
# Notes


class CaseScopedQuerySet(models.QuerySet):
    """Rows that belong to a case (plans, tasks, referrals, …): visible when their case is
    (DESIGN.md §3). The one implementation of that rule; `case_path` is the lookup from the row
    to its case."""

    case_path = "case"

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self
        cases = Case.objects.visible_to(user).values("pk")
        return self.filter(**{f"{self.case_path}__in": cases})


class CaseRecordQuerySet(CaseScopedQuerySet):
    """Records of a case that can be marked restricted themselves (notes, assessments): DESIGN.md
    §3. Visible with their case; a restricted one only to the case's inner circle."""

    # Where the record's own `restricted` flag lives, for records that take it from another row.
    restricted_field = "restricted"

    def visible_to(self, user):
        records = super().visible_to(user)
        if not user.is_authenticated or user.is_admin:
            return records
        return records.filter(
            Q(**{self.restricted_field: False}) | inner_circle(user, prefix=f"{self.case_path}__")
        )


class CaseNoteQuerySet(CaseRecordQuerySet):
    def for_client_timeline(self):
        """The client page's timeline: notes with how many addenda each has, not the addenda."""
        return (
            self.select_related("author", "case__program")
            .filter(addendum_to=None)
            .annotate(addendum_count=Count("addenda"))
            .order_by("-occurred_at", "-pk")
        )

    def for_timeline(self):
        return (
            self.select_related("author", "case__program", "signed_by")
            .prefetch_related(
                Prefetch("addenda", queryset=CaseNote.objects.select_related("author"))
            )
            .filter(addendum_to=None)
            .order_by(*(f"-{name}" for name in CaseNote.TIMELINE_ORDER))
        )


@history.track
class CaseNote(models.Model):
    class ContactType(models.TextChoices):
        PHONE = "phone", "Phone call"
        OFFICE = "office", "Office visit"
        HOME = "home", "Home visit"
        COLLATERAL = "collateral", "Collateral contact"
        MESSAGE = "message", "Email / message"
        SUPERVISION = "supervision", "Supervision"

        @classmethod
        def with_client(cls) -> list[str]:
            """Contact types that count as contact with the client (for 'days since contact')."""
            return [cls.PHONE, cls.OFFICE, cls.HOME, cls.MESSAGE]

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED = "signed", "Signed"

    # A case's notes, newest first (the case page's keyset pages).
    TIMELINE_ORDER = ("occurred_at", "pk")

    case = models.ForeignKey(Case, models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    contact_type = models.CharField(max_length=12, choices=ContactType.choices)
    occurred_at = models.DateTimeField("date and time", default=timezone.now)
    duration_minutes = models.PositiveSmallIntegerField("duration (minutes)", null=True, blank=True)
    narrative = models.TextField()
    restricted = models.BooleanField(
        default=False,
        help_text="Psychotherapy, substance-use, HIV or abuse content: visible only to the "
        "primary case manager, the care team and the team's supervisors.",
    )
    status = models.CharField(
        max_length=6, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    addendum_to = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="addenda", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=24 * 60),
                name="casenote_duration_at_most_a_day",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", signed_at__isnull=True)
                | Q(status="signed", signed_at__isnull=False),
                name="casenote_signed_at_iff_signed",
            ),
        ]
        indexes = [
            # Case timeline (newest first) and the caseload's "days since last contact".
            models.Index(fields=["case", "-occurred_at"], name="casenote_case_timeline"),
        ]
        triggers = [
            # A signed note is immutable: corrections are addenda (DESIGN.md §4).
            pgtrigger.Protect(
                name="casenote_signed_immutable",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status="signed"),
            ),
            pgtrigger.Protect(name="casenote_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.get_contact_type_display()} on {self.occurred_at:%Y-%m-%d}"

    def get_absolute_url(self):
        """Its case page opened at it: the page shows only the newest notes."""
        key = pagination.key_of(self, CaseNote.TIMELINE_ORDER)
        return f"{self.case.get_absolute_url()}?{pagination.PARAMETER}={key}#note-{self.pk}"

    @property
    def is_signed(self) -> bool:
        return self.status == CaseNote.Status.SIGNED

    def can_edit(self, user) -> bool:
        return not self.is_signed and self.author_id == user.pk

    @transaction.atomic
    def sign(self, *, by) -> None:
        """Sign a draft: only its author may, and from then on the database refuses changes."""
        if self.author_id != by.pk:
            raise InvalidTransition("Only the author can sign this note.")
        now = timezone.now()
        changed = CaseNote.objects.filter(pk=self.pk, status=CaseNote.Status.DRAFT).update(
            status=CaseNote.Status.SIGNED, signed_at=now, signed_by=by
        )
        if changed != 1:
            raise InvalidTransition("This note is already signed.")
        self.refresh_from_db(fields=["status", "signed_at", "signed_by"])


def _last_contact_trigger() -> pgtrigger.Trigger:
    """Keeps Case.last_contact_at the latest client contact among the case's notes, counted as
    CaseNote.ContactType.with_client() says (addenda are corrections, not contacts), for every
    path that writes notes: services, admin, a bulk update, SQL. The list of contact types is
    built into the SQL, so changing it shows up in makemigrations."""
    with_client = ", ".join(
        f"'{contact_type}'" for contact_type in CaseNote.ContactType.with_client()
    )
    cases, notes = Case._meta.db_table, CaseNote._meta.db_table
    return pgtrigger.Trigger(
        name="casenote_last_contact",
        when=pgtrigger.After,
        operation=pgtrigger.Insert
        | pgtrigger.UpdateOf("case_id", "occurred_at", "contact_type", "addendum_to_id")
        | pgtrigger.Delete,
        declare=[("touched", "bigint")],
        func=f"""
            -- Django's save() names every column, changed or not.
            IF TG_OP = 'UPDATE' AND (OLD.case_id, OLD.occurred_at, OLD.contact_type,
                OLD.addendum_to_id) IS NOT DISTINCT FROM (NEW.case_id, NEW.occurred_at,
                NEW.contact_type, NEW.addendum_to_id) THEN
                RETURN NULL;
            END IF;
            -- A note moved to another case changes both (ordered, so two moves cannot deadlock).
            FOR touched IN
                SELECT DISTINCT id FROM unnest(ARRAY[OLD.case_id, NEW.case_id]) AS id
                WHERE id IS NOT NULL ORDER BY id
            LOOP
                -- Wait until a concurrent transaction writing this case's notes commits: the
                -- UPDATE's fresh snapshot then sees its note, so neither max misses the other's.
                -- NO KEY UPDATE, as the UPDATE itself takes: the inserts' foreign-key checks
                -- (KEY SHARE) on the case do not block it, so two note writers cannot deadlock.
                PERFORM FROM {cases} WHERE id = touched FOR NO KEY UPDATE;
                UPDATE {cases} SET last_contact_at = latest.occurred_at
                FROM (
                    SELECT max(occurred_at) AS occurred_at FROM {notes}
                    WHERE case_id = touched AND addendum_to_id IS NULL
                        AND contact_type IN ({with_client})
                ) AS latest
                WHERE id = touched AND last_contact_at IS DISTINCT FROM latest.occurred_at;
            END LOOP;
            RETURN NULL;
        """,  # noqa: S608 (the contact types are the code's constants)
    )


pgtrigger.register(_last_contact_trigger())(CaseNote)

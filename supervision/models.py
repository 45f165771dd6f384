"""Case transfers (issue 15): a case moved from one case manager to another waits until the
receiver accepts or declines it, with a reason; a supervisor may move many at once (bulk
reassignment). Nothing here is deleted; every move has its event and history."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casemgmt import history
from casemgmt.transitions import TransitionEvent, Transitions, move
from cases.models import Case, CaseScopedQuerySet


class TransferQuerySet(CaseScopedQuerySet):
    def visible_to(self, user):
        """As their case, and to the case manager a transfer is offered to: they decide on
        it before the case is theirs."""
        if not user.is_authenticated:
            return self.none()
        return super().visible_to(user) | self.filter(to_manager=user)

    def pending(self):
        return self.filter(status=Transfer.Status.PENDING)

    def for_list(self):
        return self.select_related(
            "case__client", "case__team", "from_manager", "to_manager", "requested_by"
        ).order_by("requested_at", "pk")


@history.track
class Transfer(Transitions, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting acceptance")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(Case, models.PROTECT, related_name="transfers")
    from_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("to")
    )
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decline_reason = models.TextField(_("why declined"), blank=True, editable=False)

    objects = TransferQuerySet.as_manager()

    MOVES = {
        "accept": move(_("Accept"), {Status.PENDING}, Status.ACCEPTED),
        "decline": move(_("Decline"), {Status.PENDING}, Status.DECLINED),
        "cancel": move(_("Cancel"), {Status.PENDING}, Status.CANCELLED),
    }

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="pending"), name="transfer_one_pending"
            ),
            models.CheckConstraint(
                condition=~Q(from_manager=F("to_manager")), name="transfer_to_someone_else"
            ),
            models.CheckConstraint(
                condition=Q(status="declined") | Q(decline_reason=""),
                name="transfer_decline_reason_if_declined",
            ),
        ]
        indexes = [
            models.Index(
                fields=["to_manager"], condition=Q(status="pending"), name="transfer_inbox"
            )
        ]
        triggers = [pgtrigger.Protect(name="transfer_no_delete", operation=pgtrigger.Delete)]

    def __str__(self):
        return gettext("Case %(case)s: %(from)s → %(to)s") % {
            "case": self.case_id,
            "from": self.from_manager,
            "to": self.to_manager,
        }

    @property
    def is_pending(self) -> bool:
        return self.status == Transfer.Status.PENDING


class TransferEvent(TransitionEvent):
    subject = "transfer"
    transfer = models.ForeignKey(Transfer, models.PROTECT, related_name="events")

    class Meta(TransitionEvent.Meta):
        pass


class Review(models.Model):
    """Append-only: a supervisor's second look at something done on their team that the rules
    allow but someone should check: an emergency access to a restricted case, or a discharge
    over an incomplete checklist. What has no review is on the approvals queue."""

    emergency_access = models.OneToOneField(
        "cases.EmergencyAccess", models.PROTECT, null=True, blank=True, related_name="review"
    )
    discharge_override = models.OneToOneField(
        "discharge.AdmissionEvent", models.PROTECT, null=True, blank=True, related_name="review"
    )
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(_("comment"))

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(emergency_access__isnull=False, discharge_override__isnull=True)
                | Q(emergency_access__isnull=True, discharge_override__isnull=False),
                name="review_of_one_thing",
            )
        ]
        triggers = [
            pgtrigger.Protect(
                name="review_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"Review by {self.reviewed_by} at {self.reviewed_at:%Y-%m-%d %H:%M}"


class SupervisionNoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only to the case manager a note is about and the supervisors of its team (every
        note to an admin): not to the rest of the team, and never on the case's own record."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self
        return self.filter(Q(about=user) | Q(team__in=user.supervised_team_ids))

    def for_list(self):
        return self.select_related("author", "case__client").order_by("-created_at", "-pk")


@history.track
class SupervisionNote(models.Model):
    """Append-only: a supervisor's note on a case manager's work, on one of their cases or in
    general; a correction is a new note."""

    team = models.ForeignKey("accounts.Team", models.PROTECT, related_name="+")
    about = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("case")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    objects = SupervisionNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["about", "-created_at"], name="supervisionnote_about")]
        triggers = [
            pgtrigger.Protect(
                name="supervisionnote_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"Supervision note on {self.about} ({self.created_at:%Y-%m-%d})"


class ReportExport(models.Model):
    """Append-only: an outcome report downloaded, by whom, with which filters and how many rows,
    so the audit trail shows what left the system (issue 15)."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    report = models.CharField(_("report"), max_length=40)
    filters = models.JSONField(_("filters"))
    row_count = models.PositiveIntegerField(_("rows"))
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        triggers = [
            pgtrigger.Protect(
                name="report_export_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.report} ({self.format}) by {self.user} at {self.at:%Y-%m-%d %H:%M}"

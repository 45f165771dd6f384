import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cases.models import Case

from .dates import at_start_of
from .registry import KINDS, label_of


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A notification is its recipient's alone, and only while its case is still theirs to
        see: one about a case the user has since lost access to stays hidden."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user).filter(
            Q(case=None) | Q(case__in=Case.objects.visible_to(user))
        )

    def unread(self):
        """Unread and showing now: not dismissed, not snoozed into the future."""
        return self.filter(read_at=None, dismissed_at=None).exclude(
            snoozed_until__gt=timezone.now()
        )

    def unread_count(self, cap: int) -> int:
        """How many are unread, counted no further than cap + 1: the bell says "99+" rather than
        count every unread notification of someone who never reads them, on every page."""
        return self.unread()[: cap + 1].count()

    def showing(self):
        """The notification centre: everything but dismissed and currently snoozed ones."""
        return self.filter(dismissed_at=None).exclude(snoozed_until__gt=timezone.now())

    def for_inbox(self):
        """Urgent unread ones first (a safety alert must not sink under the day's tasks), then
        newest first. Ordered by names only, so its pages can be keyset pages."""
        pinned = models.ExpressionWrapper(
            Q(urgent=True, read_at=None), output_field=models.BooleanField()
        )
        return (
            self.select_related("case__client")
            .annotate(pinned=pinned)
            .order_by("-pinned", "-created_at", "-pk")
        )


class Notification(models.Model):
    """An in-app message to one user: the bell in the header counts the unread ones."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, help_text="A reminder kind (reminders.registry).")
    # The reminder it delivers: unique, so a reminder shows up exactly once however many times
    # delivery is retried.
    reminder = models.OneToOneField(
        "Reminder", models.PROTECT, null=True, blank=True, related_name="notification"
    )
    urgent = models.BooleanField(default=False)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    case = models.ForeignKey("cases.Case", models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    snoozed_until = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The notification centre: one user's newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            # The bell's unread count, on every page.
            models.Index(
                fields=["recipient"], condition=Q(read_at=None), name="notification_unread"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def kind_label(self) -> str:
        return label_of(self.kind)

    SNOOZES = {"hour": "For an hour", "tomorrow": "Until tomorrow morning"}

    def snooze(self, until: str) -> datetime.datetime:
        """Hide until later; it shows again, unread, when the time comes."""
        now = timezone.localtime()
        if until == "tomorrow":
            moment = at_start_of(now.date() + datetime.timedelta(days=1))
        else:
            moment = now + datetime.timedelta(hours=1)
        Notification.objects.filter(pk=self.pk).update(snoozed_until=moment, read_at=None)
        return moment

    def dismiss(self) -> None:
        Notification.objects.filter(pk=self.pk, dismissed_at=None).update(
            dismissed_at=timezone.now()
        )

    def mark_read(self) -> None:
        Notification.objects.filter(pk=self.pk, read_at=None).update(read_at=timezone.now())
        self.refresh_from_db(fields=["read_at"])


class ReminderQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=Reminder.State.PENDING)


class Outgoing(models.Model):
    """An outbox row (a reminder, a digest). `enqueued_at` is when its task was last published,
    so the sweeper can tell a lost message from one in flight. Its email is claimed by setting
    email_started_at, sent, then marked sent: a worker that dies between claim and mark leaves a
    stale claim that the sweeper frees for another try, so an email goes out at least once, and
    twice only after a crash. email_attempts counts every try."""

    class Email(models.TextChoices):
        NONE = "none", "Not emailed"
        PENDING = "pending", "To be emailed"
        DIGEST = "digest", "Waiting for the daily digest"
        SENT = "sent", "Emailed"
        FAILED = "failed", "Email failed"

    # Tries before an email is given up as failed (each retry waits longer: tasks.send_reminder).
    MAX_EMAIL_ATTEMPTS = 8

    enqueued_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.NONE)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_started_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Reminder(Outgoing):
    """The outbox (DESIGN.md §5): one row per thing due, per person, per due date.

    A scan creates them under a unique dedupe key, so scanning twice, or on two workers at once,
    creates each once; delivery turns a pending one into its notification in one transaction and
    decides, by the recipient's preferences, whether it is emailed alone, in the daily digest or
    not at all. The database is the truth: a lost broker message delays a reminder, never loses it.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Pending delivery"
        SENT = "sent", "Delivered"

    kind = models.CharField(max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="reminders"
    )
    case = models.ForeignKey("cases.Case", models.PROTECT, null=True, blank=True, related_name="+")
    subject_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    due_at = models.DateTimeField()
    dedupe_key = models.CharField(max_length=200, unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    urgent = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        "Digest", models.PROTECT, null=True, blank=True, related_name="reminders"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Delivery and the sweeper: what is still pending, oldest first.
            models.Index(
                fields=["created_at"], condition=Q(state="pending"), name="reminder_pending"
            ),
            # The sweeper: emails not sent yet.
            models.Index(
                fields=["created_at"], condition=Q(email="pending"), name="reminder_email_pending"
            ),
            # collect_digests: who has reminders waiting for a digest.
            models.Index(
                fields=["recipient"],
                condition=Q(email="digest", digest=None),
                name="reminder_digest_waiting",
            ),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id} due {self.due_at:%Y-%m-%d}"

    @property
    def kind_label(self) -> str:
        return label_of(self.kind)

    @property
    def details_in_email(self) -> bool:
        """Emails carry what the reminder says (which may name the client) only where the agency
        allows it (REMINDER_EMAIL_DETAILS), and never about a restricted case; otherwise just its
        kind, due date, case number and link. Needs the case selected."""
        return settings.REMINDER_EMAIL_DETAILS and not (self.case_id and self.case.restricted)

    @property
    def email_summary(self) -> str:
        """What an email may say of it in one line (see details_in_email)."""
        if self.details_in_email:
            return self.title
        return f"{self.kind_label}, case {self.case_id}" if self.case_id else self.kind_label

    @staticmethod
    def key(kind: str, subject: models.Model, due_at, recipient_id: int) -> str:
        """(kind, subject, due date, recipient): the same thing due again later is a new one."""
        return f"{kind}:{subject._meta.label_lower}:{subject.pk}:{due_at:%Y-%m-%d}:{recipient_id}"


class Digest(Outgoing):
    """One user's daily email of the reminders waiting for it; at most one a day."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="digests")
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day", "-pk"]
        constraints = [
            # collect_digests on two workers at once still starts one digest a day per user.
            models.UniqueConstraint(fields=["recipient", "day"], name="digest_once_a_day")
        ]
        indexes = [
            # The sweeper: digests not sent yet.
            models.Index(
                fields=["created_at"], condition=Q(email="pending"), name="digest_email_pending"
            ),
        ]

    def __str__(self):
        return f"Digest for {self.recipient_id} on {self.day}"


class Preference(models.Model):
    """How a user wants reminders emailed. Everyone gets every reminder in the app; a user without
    a row gets the defaults (every kind, one email each)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        primary_key=True,
        related_name="reminder_preference",
    )
    # The kinds the user does not want emailed: stored as opt-outs, so a kind added later is
    # emailed until they say otherwise.
    no_email = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    digest = models.BooleanField(
        "daily digest",
        default=False,
        help_text="One email a day listing the reminders, instead of one email each. "
        "Urgent ones are still emailed at once.",
    )
    digest_hour = models.PositiveSmallIntegerField(
        default=7,
        validators=[MaxValueValidator(23)],
        help_text="The hour the digest is sent, on the agency's clock.",
    )

    def __str__(self):
        return f"Reminder preferences of {self.user}"

    @classmethod
    def of(cls, user) -> "Preference":
        """The user's preferences, or the defaults (unsaved) when they have set none."""
        return cls.objects.filter(user=user).first() or cls(user=user)

    def email_for(self, kind: str) -> str:
        """How a reminder of this kind reaches this user by email (Outgoing.Email)."""
        if KINDS.get(kind) and KINDS[kind].urgent:
            return Outgoing.Email.PENDING
        if kind in self.no_email:
            return Outgoing.Email.NONE
        return Outgoing.Email.DIGEST if self.digest else Outgoing.Email.PENDING

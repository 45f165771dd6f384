import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from clients.models import Case

from .dates import at_start_of
from .registry import label_of


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

    def showing(self):
        """The notification centre: everything but dismissed and currently snoozed ones."""
        return self.filter(dismissed_at=None).exclude(snoozed_until__gt=timezone.now())


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
    case = models.ForeignKey(
        "clients.Case", models.PROTECT, null=True, blank=True, related_name="+"
    )
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


class Reminder(models.Model):
    """The outbox (DESIGN.md §5): one row per thing due, per person, per due date.

    A scan creates them under a unique dedupe key, so scanning twice, or on two workers at once,
    creates each once; delivery turns a pending one into its notification in one transaction.
    The database is the truth: a lost broker message delays a reminder, never loses it.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Pending delivery"
        SENT = "sent", "Delivered"

    kind = models.CharField(max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="reminders"
    )
    case = models.ForeignKey(
        "clients.Case", models.PROTECT, null=True, blank=True, related_name="+"
    )
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
    enqueued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Delivery and the sweeper: what is still pending, oldest first.
            models.Index(
                fields=["created_at"], condition=Q(state="pending"), name="reminder_pending"
            ),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id} due {self.due_at:%Y-%m-%d}"

    @property
    def kind_label(self) -> str:
        return label_of(self.kind)

    @staticmethod
    def key(kind: str, subject: models.Model, due_at, recipient_id: int) -> str:
        """(kind, subject, due date, recipient): the same thing due again later is a new one."""
        return f"{kind}:{subject._meta.label_lower}:{subject.pk}:{due_at:%Y-%m-%d}:{recipient_id}"

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from clients.models import Case


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
        return self.filter(read_at=None)


class Notification(models.Model):
    """An in-app message to one user: the bell in the header counts the unread ones."""

    class Kind(models.TextChoices):
        SAFETY_ALERT = "safety_alert", "Safety alert"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    urgent = models.BooleanField(default=False)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    case = models.ForeignKey(
        "clients.Case", models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

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

    def mark_read(self) -> None:
        Notification.objects.filter(pk=self.pk, read_at=None).update(read_at=timezone.now())
        self.refresh_from_db(fields=["read_at"])

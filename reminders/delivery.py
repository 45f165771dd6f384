"""Delivery (DESIGN.md §5): each pending reminder becomes its in-app notification exactly once,
deciding how it is emailed; the sweeper hands out again the reminders and digests whose work a
lost broker message left undone."""

import datetime

from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from cases.models import Case

from .models import Digest, Notification, Outgoing, Preference, Reminder

# A reminder or digest enqueued this long ago with work left is enqueued again; an email claimed
# this long ago and never marked sent is freed for another try.
REDELIVER_AFTER = datetime.timedelta(minutes=10)

Email = Outgoing.Email


def deliver(reminder_id: int) -> bool:
    """Turn one pending reminder into its notification, in one transaction, and decide how it is
    emailed. A concurrent worker skips the locked row; a re-run finds it delivered. Returns
    whether this call delivered it."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=reminder_id, state=Reminder.State.PENDING)
            .first()
        )
        if reminder is None:
            return False
        Notification.objects.create(
            reminder=reminder,
            recipient_id=reminder.recipient_id,
            kind=reminder.kind,
            urgent=reminder.urgent,
            title=reminder.title,
            body=reminder.body,
            url=reminder.url,
            case_id=reminder.case_id,
        )
        Reminder.objects.filter(pk=reminder.pk).update(
            state=Reminder.State.SENT,
            sent_at=timezone.now(),
            attempts=F("attempts") + 1,
            email=_email_for(reminder),
        )
    return True


def _email_for(reminder: Reminder) -> str:
    """Emailed alone, in the digest, or not at all: never to a user without an address, or about
    a case the recipient can no longer see; otherwise as their preferences say."""
    recipient = reminder.recipient
    if not (recipient.email and recipient.is_active):
        return Email.NONE
    if reminder.case_id and not Case.objects.visible_to(recipient).filter(pk=reminder.case_id):
        return Email.NONE
    return Preference.of(recipient).email_for(reminder.kind)


def to_enqueue(limit: int = 500) -> list[int]:
    """Reminders with work left (delivery, or an email) never enqueued, or enqueued so long ago
    the message must be lost; marked as enqueued now."""
    return _claim_for_enqueue(
        Reminder, Q(state=Reminder.State.PENDING) | Q(email=Email.PENDING), limit
    )


def digests_to_enqueue(limit: int = 500) -> list[int]:
    """The same for digests not emailed yet."""
    return _claim_for_enqueue(Digest, Q(email=Email.PENDING), limit)


def _claim_for_enqueue(model: type[Outgoing], work_left: Q, limit: int) -> list[int]:
    stale = timezone.now() - REDELIVER_AFTER
    with transaction.atomic():
        # An email whose worker died mid-send: free it for another try, or give it up.
        model.objects.filter(email=Email.PENDING, email_started_at__lt=stale).update(
            email_started_at=None,
            email=models.Case(
                models.When(
                    email_attempts__gte=Outgoing.MAX_EMAIL_ATTEMPTS, then=models.Value(Email.FAILED)
                ),
                default=models.Value(Email.PENDING),
            ),
        )
        ids = list(
            model.objects.filter(work_left)
            .filter(Q(enqueued_at=None) | Q(enqueued_at__lt=stale), email_started_at=None)
            .order_by("created_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        model.objects.filter(pk__in=ids).update(enqueued_at=timezone.now())
    return ids

"""Email (DESIGN.md §5): a reminder alone, or the day's reminders in the recipient's digest, sent
at least once (see Outgoing) and retried while mail is down."""

import datetime
import logging
from collections.abc import Callable

from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from casemgmt.email import send_templated_email
from cases.models import Case

from .models import Digest, Outgoing, Reminder

log = logging.getLogger(__name__)

Email = Outgoing.Email


def email_reminder(reminder_id: int) -> bool:
    """Email one reminder that is to be emailed alone; at least once (see Outgoing). Raises what
    the mail backend raises, so the task retries; returns whether this call sent it."""
    return _email_once(
        Reminder.objects.select_related("recipient", "case"),
        reminder_id,
        lambda reminder: send_templated_email(
            "reminder",
            to=reminder.recipient,
            context={"reminder": reminder},
            headers={"X-Casemgmt-Reminder": str(reminder.pk)},
        ),
    )


def collect_digests(now: datetime.datetime) -> list[int]:
    """Start today's digest for each user with reminders waiting for one whose digest hour has
    come (or who has turned the digest off since: the waiting ones still go out, once). Each
    user gets one a day (a unique constraint), so two workers at once start it once; the
    reminders waiting now go into it, later ones into tomorrow's. Returns the new digests."""
    local = timezone.localtime(now)
    waiting = Reminder.objects.filter(email=Email.DIGEST, digest=None)
    users = (
        User.objects.filter(pk__in=waiting.values("recipient"))
        .filter(
            Q(reminder_preference=None)
            | Q(reminder_preference__digest=False)
            | Q(reminder_preference__digest_hour__lte=local.hour)
        )
        .exclude(digests__day=local.date())
        .values_list("pk", flat=True)
    )
    started = []
    for user_id in users:
        with transaction.atomic():
            digest, created = Digest.objects.get_or_create(
                recipient_id=user_id,
                day=local.date(),
                # The caller publishes its task now; the sweeper waits before publishing again.
                defaults={"email": Email.PENDING, "enqueued_at": timezone.now()},
            )
            if created:
                waiting.filter(recipient_id=user_id).update(digest=digest)
                started.append(digest.pk)
    return started


def email_digest(digest_id: int) -> bool:
    """Email one digest, listing its reminders the recipient may still see; at least once (see
    Outgoing). A digest left with nothing to show is not sent."""
    digest = Digest.objects.select_related("recipient").get(pk=digest_id)
    reminders = (
        digest.reminders.filter(
            Q(case=None) | Q(case__in=Case.objects.visible_to(digest.recipient))
        )
        .select_related("case")
        .order_by("kind", "due_at", "pk")
    )
    if not reminders.exists():
        Digest.objects.filter(pk=digest_id, email=Email.PENDING).update(email=Email.NONE)
        return False
    return _email_once(
        Digest.objects.select_related("recipient"),
        digest_id,
        lambda digest: send_templated_email(
            "digest",
            to=digest.recipient,
            context={"digest": digest, "reminders": reminders},
            headers={"X-Casemgmt-Digest": str(digest.pk)},
        ),
    )


def _email_once(rows: models.QuerySet, pk: int, send: Callable[[Outgoing], None]) -> bool:
    """Claim the row's email, send it, mark it sent. A failed send frees the claim and raises
    (for the task's retry with backoff), or, after MAX_EMAIL_ATTEMPTS tries, marks it failed."""
    model = rows.model
    claimed = model.objects.filter(
        pk=pk,
        email=Email.PENDING,
        email_started_at=None,
        email_attempts__lt=Outgoing.MAX_EMAIL_ATTEMPTS,
    ).update(email_started_at=timezone.now(), email_attempts=F("email_attempts") + 1)
    if not claimed:
        return False
    row = rows.get(pk=pk)
    try:
        send(row)
    except Exception:
        gave_up = row.email_attempts >= Outgoing.MAX_EMAIL_ATTEMPTS
        model.objects.filter(pk=pk).update(
            email_started_at=None, email=Email.FAILED if gave_up else Email.PENDING
        )
        if gave_up:
            log.exception("Gave up emailing %s after %s tries", row, row.email_attempts)
            return False
        raise
    model.objects.filter(pk=pk).update(
        email=Email.SENT, emailed_at=timezone.now(), email_started_at=None
    )
    return True

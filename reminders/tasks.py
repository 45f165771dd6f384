"""Celery side of the reminder engine: small tasks, ids in; scan, delivery and email do the work
(and never import this module: reminders.services, which publishes these tasks, sits above it)."""

from smtplib import SMTPException

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from . import delivery, email, scan

# Mail, the database or the network down: try again later, waiting longer each time (30 s, 1, 2,
# 4, 8 min, with jitter); after that the sweeper carries on until Outgoing.MAX_EMAIL_ATTEMPTS.
# The longest wait stays well under Redis's one-hour visibility timeout (ENVIRONMENT.md).
RETRY = {
    "autoretry_for": (SMTPException, OSError, OperationalError, InterfaceError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task
def scan_reminders() -> int:
    """Beat, every few minutes: store what is due, then hand it to delivery."""
    created = scan.scan(timezone.now())
    send_due_reminders.delay()
    return created


@shared_task
def send_due_reminders() -> int:
    """Fan out: one small task per reminder or digest with work left. Those whose message was
    lost (a dead worker, Redis down) are picked up again after delivery.REDELIVER_AFTER."""
    reminders, digests = delivery.to_enqueue(), delivery.digests_to_enqueue()
    for pk in reminders:
        send_reminder.delay(pk)
    for pk in digests:
        send_digest.delay(pk)
    return len(reminders) + len(digests)


@shared_task(**RETRY)
def send_reminder(reminder_id: int) -> bool:
    """Deliver it in the app (exactly once), then email it if it is to be emailed alone."""
    delivery.deliver(reminder_id)
    return email.email_reminder(reminder_id)


@shared_task
def collect_digests() -> int:
    """Beat, every ten minutes: start the digests whose hour has come."""
    digests = email.collect_digests(timezone.now())
    for pk in digests:
        send_digest.delay(pk)
    return len(digests)


@shared_task(**RETRY)
def send_digest(digest_id: int) -> bool:
    return email.email_digest(digest_id)

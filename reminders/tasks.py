"""Celery side of the reminder engine: small tasks, ids in, services do the work."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def scan_reminders() -> int:
    """Beat, every few minutes: store what is due, then hand it to delivery."""
    created = services.scan(timezone.now())
    send_due_reminders.delay()
    return created


@shared_task
def send_due_reminders() -> int:
    """Fan out: one small task per pending reminder. Pending ones whose message was lost (a
    dead worker, Redis down) are picked up again after services.REDELIVER_AFTER."""
    ids = services.to_enqueue()
    for pk in ids:
        send_reminder.delay(pk)
    return len(ids)


@shared_task
def send_reminder(reminder_id: int) -> bool:
    return services.deliver(reminder_id)

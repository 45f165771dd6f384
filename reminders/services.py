"""The reminder engine's ways in that do not wait for beat (DESIGN.md §5): `remind_now`, for the
code that raises what cannot wait for the next scan, and `run_once`, the whole cycle for cron.

The engine's modules import one way, checked by lint-imports (pyproject.toml): the work itself
(scan, delivery, email) knows nothing of Celery; tasks.py runs it as Celery tasks; this module
sits above both, so it publishes tasks.py's tasks through a plain import at the top, and no module
imports tasks.py inside a function to dodge a cycle."""

import datetime
import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from casemgmt.queue import enqueue_on_commit

from .delivery import deliver
from .email import collect_digests, email_digest, email_reminder
from .models import Digest, Outgoing, Reminder
from .registry import Due
from .scan import reminder_for, scan
from .tasks import send_reminder

log = logging.getLogger(__name__)

Email = Outgoing.Email


@transaction.atomic
def remind_now(*, kind: str, dues: Iterable[Due]) -> None:
    """For what cannot wait for the next scan (a safety alert): store the reminders and deliver
    them in the caller's transaction; their emails are queued once it commits."""
    rows = [reminder_for(kind, d) for d in dues]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    keys = [r.dedupe_key for r in rows]
    pending = Reminder.objects.pending().filter(dedupe_key__in=keys).values_list("pk", flat=True)
    for pk in pending:
        deliver(pk)
    to_email = Reminder.objects.filter(dedupe_key__in=keys, email=Email.PENDING, enqueued_at=None)
    for pk in to_email.values_list("pk", flat=True):
        enqueue_on_commit(send_reminder, pk)
    to_email.update(enqueued_at=timezone.now())


def run_once(now: datetime.datetime) -> dict[str, int]:
    """One whole cycle in this process, without Celery (manage.py send_reminders, for cron):
    scan, deliver, email, digests. An email that fails stays pending for the next run."""
    figures = {"created": scan(now), "delivered": 0, "emailed": 0, "digests": 0}
    for pk in Reminder.objects.pending().order_by("created_at", "pk").values_list("pk", flat=True):
        figures["delivered"] += deliver(pk)
    collect_digests(now)
    sends = {"emailed": (Reminder, email_reminder), "digests": (Digest, email_digest)}
    for figure, (model, send) in sends.items():
        waiting = model.objects.filter(email=Email.PENDING, email_started_at=None)
        for pk in waiting.values_list("pk", flat=True):
            try:
                figures[figure] += send(pk)
            except Exception:
                log.exception("Could not email %s %s; the next run tries again", figure, pk)
    return figures

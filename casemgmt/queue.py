"""Publishing Celery tasks from requests, which must never wait on, or fail with, the broker."""

import logging

from django.db import transaction

log = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Publish `task(*args)` once the caller's transaction commits: one attempt, no retries. With
    the broker down the caller carries on; the work is in the database, and a sweeper publishes
    it again later (reminders.tasks.send_due_reminders)."""

    def publish():
        try:
            task.apply_async(args, retry=False)
        except Exception:
            log.warning("Could not queue %s%r; the sweeper will retry it", task.name, args)

    transaction.on_commit(publish)

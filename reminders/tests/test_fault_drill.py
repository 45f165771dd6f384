"""The fault drill (issue 6): 1,000 due reminders, two real Celery workers on their own Redis,
emailing over SMTP to a real server; one worker is SIGKILLed mid-batch and Redis is stopped for a
while (losing every queued message, as it keeps nothing on disk), then restarted with a fresh
worker. The sweeper re-enqueues what is still pending. In the end every reminder is delivered
exactly once in the notification table and emailed at least once, at most once more per kill.

The drill runs its own redis-server on a free port, so stopping it disturbs nothing else.
REMINDER_DRILL_REDIS_DOWN_SECONDS sets the outage (default 30).
"""

import datetime
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Max, Q
from django.utils import timezone

from accounts.tests.test_worker import database_url_for, drop_broker_connections
from casemgmt.celery import app
from reminders import delivery
from reminders.models import Notification, Reminder
from reminders.tasks import send_reminder

from .smtp_sink import SmtpSink, free_port

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REMINDERS = 1000
REDIS_DOWN = float(os.environ.get("REMINDER_DRILL_REDIS_DOWN_SECONDS", "30"))
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class Redis:
    """A throwaway redis-server that keeps nothing on disk."""

    def __init__(self, port: int):
        self.port, self.process = port, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self):
        # A fixed argument list, no shell.
        self.process = subprocess.Popen(  # noqa: S603
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Worker:
    def __init__(self, name: str, redis: Redis, mail: SmtpSink, queue: str, log_dir):
        self.name, self.log = name, log_dir / f"{name}.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url_for(connection.settings_dict),
            "REDIS_URL": redis.url,
            "EMAIL_URL": mail.url,
        }
        with self.log.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "celery", "-A", "casemgmt", "worker", "--pool=solo",
                 f"--queues={queue}", f"--hostname={name}-{queue}@%h", "--without-gossip",
                 "--without-mingle", "--loglevel=WARNING"],
                cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def enqueue_pending() -> int:
    """The sweeper's job (tasks.send_due_reminders), from this process; with the broker down the
    publish fails and the reminders stay pending for the next round."""
    ids = delivery.to_enqueue(limit=REMINDERS)
    for sent, pk in enumerate(ids):
        try:
            send_reminder.apply_async((pk,), retry=False)
        except Exception:  # any broker failure: the database still holds the reminders
            Reminder.objects.filter(pk__in=ids[sent:]).update(enqueued_at=None)
            return sent
    return len(ids)


def delivered() -> int:
    return Notification.objects.exclude(reminder=None).count()


def work_left() -> bool:
    return Reminder.objects.filter(
        Q(state=Reminder.State.PENDING) | Q(email=Reminder.Email.PENDING)
    ).exists()


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def due_reminders(case_for):
    case = case_for()
    subject = ContentType.objects.get_for_model(case)
    now = timezone.now()
    Reminder.objects.bulk_create(
        Reminder(
            kind="no_contact",
            recipient_id=case.primary_case_manager_id,
            case=case,
            subject_type=subject,
            subject_id=n,
            due_at=now,
            dedupe_key=f"drill:{n}",
            title=f"Drill reminder {n}",
        )
        for n in range(REMINDERS)
    )


def test_every_reminder_is_delivered_once_through_a_killed_worker_and_a_redis_outage(
    due_reminders, tmp_path, monkeypatch
):
    monkeypatch.setattr(delivery, "REDELIVER_AFTER", datetime.timedelta(seconds=3))
    redis = Redis(free_port())
    redis.start()
    mail = SmtpSink()
    mail.start()
    queue = f"drill-{uuid.uuid4().hex}"
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_default_queue",
                                      "task_always_eager")}  # fmt: skip
    app.conf.update(broker_url=redis.url, result_backend=redis.url, task_default_queue=queue,
                    task_always_eager=False)  # fmt: skip
    drop_broker_connections()
    workers = [Worker(name, redis, mail, queue, tmp_path) for name in ("a", "b")]
    kills = 0
    try:
        enqueue_pending()
        assert wait_until(lambda: delivered() >= 100, 120), "no delivery started"
        workers[0].kill()
        kills += 1

        assert wait_until(lambda: delivered() >= 300, 120), "delivery stalled after the kill"
        redis.stop()
        outage_started = time.monotonic()
        while time.monotonic() - outage_started < REDIS_DOWN:
            enqueue_pending()  # fails fast: nothing blocks on the dead broker
            time.sleep(1)
        redis.start()
        workers.append(Worker("c", redis, mail, queue, tmp_path))

        finished = wait_until(lambda: enqueue_pending() >= 0 and not work_left(), 240)
    finally:
        for worker in workers:
            worker.stop()
        app.conf.update(saved)
        drop_broker_connections()
        redis.stop()
        mail.stop()

    logs = "\n".join(w.log.read_text()[-2000:] for w in workers)
    per_reminder = Notification.objects.exclude(reminder=None).values("reminder").distinct()
    emails = mail.count_by("X-Casemgmt-Reminder")
    tries = Reminder.objects.aggregate(most=Max("email_attempts"))["most"]
    print(
        f"\nDrill: {REMINDERS} reminders, {delivered()} delivered, "
        f"{delivered() - per_reminder.count()} duplicates; {sum(emails.values())} emails for "
        f"{len(emails)} reminders, at most {max(emails.values(), default=0)} and {tries} tries "
        f"for one; {kills} worker killed, Redis down {REDIS_DOWN:.0f} s"
    )
    assert finished, f"reminders still pending; worker logs:\n{logs}"
    assert delivered() == REMINDERS
    assert per_reminder.count() == REMINDERS
    assert not Reminder.objects.exclude(attempts=1).exists()
    assert sorted(emails) == sorted(str(pk) for pk in Reminder.objects.values_list("pk", flat=True))
    assert max(emails.values()) <= 1 + kills
    assert tries <= 1 + kills
    assert not Reminder.objects.exclude(email=Reminder.Email.SENT).exists()

"""A real Celery worker process consumes from real Redis and writes to this test's database.

Each pytest process (xdist worker) gets its own queue on a dedicated Redis database, and the Celery
worker it starts writes to that process's own test database, so parallel runs never steal each
other's tasks.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import WorkerHeartbeat
from accounts.tasks import record_heartbeat
from casemgmt.celery import app

# Transactional, so the worker's commit is what the test sees. The flush afterwards is limited to
# accounts' tables: the role groups (a data migration) that later tests rely on survive it.
pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, available_apps=["accounts"]),
]

REDIS_TEST_DB = 14


class RunningWorker(NamedTuple):
    process: subprocess.Popen
    log: Path


def redis_url_for_tests() -> str:
    return urlsplit(settings.CELERY_BROKER_URL)._replace(path=f"/{REDIS_TEST_DB}").geturl()


def database_url_for(settings_dict) -> str:
    """The URL of the database this test runs against, for a process that reads DATABASE_URL."""
    user = quote(settings_dict["USER"], safe="")
    password = quote(settings_dict["PASSWORD"], safe="")
    host = settings_dict["HOST"]
    port = settings_dict["PORT"] or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{settings_dict['NAME']}"


def wait_for(condition, *, timeout: float, worker: RunningWorker) -> bool:
    """Polls until `condition()` holds; gives up early if the worker process has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if worker.process.poll() is not None:
            return False
        time.sleep(0.2)
    return False


def drop_broker_connections():
    """Forget connections and producers pooled for the previous broker URL.

    `app.close()` drops the connection pool but not the producer pool, which goes on publishing
    to the old broker once anything in this process has sent a task (seen: a heartbeat sent to
    Redis database 0 after a live-server test had queued a task). Celery clears both only after a
    fork (`Celery._after_fork`); do the same here.
    """
    app.close()
    app.amqp._producer_pool = None


@pytest.fixture
def celery_worker(tmp_path):
    """A `celery -A casemgmt worker` subprocess on a private queue; stopped with a warm shutdown."""
    redis_url = redis_url_for_tests()
    queue = f"test-{uuid.uuid4().hex}"
    log_path = tmp_path / "celery-worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for(connection.settings_dict),
        "REDIS_URL": redis_url,
    }
    with log_path.open("w") as log:
        # A fixed argument list, no shell.
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "casemgmt",
                "worker",
                "--pool=solo",
                f"--queues={queue}",
                f"--hostname={queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    keys = ("broker_url", "result_backend", "task_default_queue", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(
        broker_url=redis_url,
        result_backend=redis_url,
        task_default_queue=queue,
        task_always_eager=False,
    )
    drop_broker_connections()
    worker = RunningWorker(process, log_path)
    # On Redis a message sent before the worker has bound its queue is dropped, so wait for it.
    if not wait_for(lambda: " ready." in log_path.read_text(), timeout=60, worker=worker):
        process.kill()
        process.wait()
        pytest.fail(f"Celery worker did not get ready:\n{log_path.read_text()}")
    yield worker
    app.conf.update(saved)
    drop_broker_connections()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail(f"Celery worker ignored SIGTERM:\n{log_path.read_text()}")


def test_a_heartbeat_task_sent_through_redis_is_recorded_by_the_worker(celery_worker):
    record_heartbeat.delay()

    recorded = wait_for(WorkerHeartbeat.objects.exists, timeout=60, worker=celery_worker)

    assert recorded, f"no heartbeat row; worker log:\n{celery_worker.log.read_text()}"

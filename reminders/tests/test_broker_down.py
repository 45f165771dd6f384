"""With Redis down, pages and saves still work, fast: nothing waits on the broker, and what should
have been queued waits in the database for the sweeper."""

import socket
import time

import pytest
from django.urls import reverse

from accounts.tests.test_worker import drop_broker_connections
from casemgmt.celery import app
from cases.models import EmergencyAccess
from reminders.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"redis://127.0.0.1:{s.getsockname()[1]}/0"  # nothing listens once closed
    keys = ("broker_url", "result_backend", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url=dead, result_backend=dead, task_always_eager=False)
    drop_broker_connections()
    yield
    app.conf.update(saved)
    drop_broker_connections()


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_a_page_loads_in_under_two_seconds_with_redis_down(client, caseworker, broker_down):
    client.force_login(caseworker)
    client.get(reverse("cases:caseload"))  # the process's first request compiles the templates

    response, seconds = timed(lambda: client.get(reverse("cases:caseload")))

    assert response.status_code == 200
    assert seconds < 2


def test_a_save_that_queues_a_task_completes_in_under_two_seconds_with_redis_down(
    client, teammate, supervisor, case_for, broker_down, django_capture_on_commit_callbacks
):
    case = case_for(restricted=True)
    client.force_login(teammate)

    with django_capture_on_commit_callbacks(execute=True):
        response, seconds = timed(
            lambda: client.post(
                reverse("cases:emergency_access", args=[case.pk]), {"reason": "Client in crisis"}
            )
        )

    assert response.status_code == 302
    assert seconds < 2
    assert EmergencyAccess.objects.filter(case=case, user=teammate).exists()
    # The supervisor's email could not be queued: it waits in the outbox for the sweeper.
    assert Reminder.objects.get(recipient=supervisor).email == Reminder.Email.PENDING

"""Delivery from the outbox: each pending reminder becomes exactly one notification, whether by a
worker, two workers at once, the sweeper or the cron command (the safety alert's at-once path:
assessments/tests/test_reminder_kinds.py)."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from reminders.delivery import REDELIVER_AFTER, deliver, to_enqueue
from reminders.email import email_reminder
from reminders.models import Notification, Reminder
from reminders.scan import scan
from reminders.services import run_once
from reminders.tasks import scan_reminders

from .at_once import at_once

pytestmark = pytest.mark.django_db

# A Wednesday morning, on the local clock.
NOW = datetime.datetime(2025, 6, 11, 10, 0, tzinfo=timezone.get_default_timezone())
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def due_reminders(contact_overdue):
    """Factory: `n` cases overdue for contact, scanned into `n` pending reminders."""

    def make(n: int = 1) -> list[Reminder]:
        for _ in range(n):
            contact_overdue()
        scan(timezone.now())
        return list(Reminder.objects.pending().order_by("pk"))

    return make


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


# deliver


def test_delivering_a_reminder_writes_its_notification(due_reminders, caseworker):
    [reminder] = due_reminders()

    delivered = deliver(reminder.pk)

    notification = Notification.objects.get()
    assert delivered is True
    assert notification.reminder == reminder
    assert (notification.recipient, notification.kind) == (caseworker, "no_contact")
    assert (notification.title, notification.case_id) == (reminder.title, reminder.case_id)


def test_delivering_a_reminder_marks_it_sent(due_reminders):
    [reminder] = due_reminders()

    deliver(reminder.pk)

    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.SENT
    assert reminder.attempts == 1
    assert reminder.sent_at is not None


def test_delivering_a_sent_reminder_again_writes_nothing(due_reminders):
    [reminder] = due_reminders()
    deliver(reminder.pk)

    again = deliver(reminder.pk)

    reminder.refresh_from_db()
    assert again is False
    assert Notification.objects.count() == 1
    assert reminder.attempts == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_delivering_the_same_reminder_at_once_write_one_notification(due_reminders):
    [reminder] = due_reminders()

    results = at_once(lambda: deliver(reminder.pk))

    assert sorted(results) == [False, True]
    assert Notification.objects.filter(reminder=reminder).count() == 1


# to_enqueue, and the sweeper


def test_to_enqueue_hands_out_pending_reminders_never_enqueued_and_stamps_them(
    due_reminders, frozen
):
    sent, *pending = due_reminders(3)
    deliver(sent.pk)
    email_reminder(sent.pk)

    ids = to_enqueue()

    assert sorted(ids) == sorted(r.pk for r in pending)
    assert set(Reminder.objects.filter(pk__in=ids).values_list("enqueued_at", flat=True)) == {NOW}


def test_to_enqueue_does_not_hand_them_out_again_before_redeliver_after(due_reminders, frozen):
    due_reminders(2)
    to_enqueue()
    frozen.shift(REDELIVER_AFTER - SECOND)

    assert to_enqueue() == []


def test_the_sweeper_hands_out_again_those_still_pending_after_redeliver_after(
    due_reminders, frozen
):
    reminders = due_reminders(2)
    to_enqueue()
    frozen.shift(REDELIVER_AFTER + SECOND)

    ids = to_enqueue()

    assert sorted(ids) == [r.pk for r in reminders]
    assert set(Reminder.objects.values_list("enqueued_at", flat=True)) == {timezone.now()}


def test_the_sweeper_leaves_reminders_delivered_and_emailed_alone(due_reminders, frozen):
    reminders = due_reminders(2)
    to_enqueue()
    deliver(reminders[0].pk)
    email_reminder(reminders[0].pk)
    frozen.shift(REDELIVER_AFTER + SECOND)

    assert to_enqueue() == [reminders[1].pk]


# run_once and the cron command


def test_run_once_delivers_every_pending_reminder_once(due_reminders):
    sent, *_ = due_reminders(3)
    deliver(sent.pk)

    figures = run_once(timezone.now())

    assert figures["delivered"] == 2
    assert not Reminder.objects.pending().exists()
    assert Notification.objects.count() == 3


def test_the_send_reminders_command_scans_delivers_and_prints_counts(contact_overdue):
    contact_overdue()
    contact_overdue()
    out = StringIO()

    call_command("send_reminders", stdout=out)

    assert out.getvalue().strip() == "Reminders: 2 new, 2 delivered, 2 emailed, 0 digests sent."
    assert Notification.objects.count() == 2


def test_running_the_send_reminders_command_again_delivers_nothing(contact_overdue):
    contact_overdue()
    call_command("send_reminders", stdout=StringIO())
    out = StringIO()

    call_command("send_reminders", stdout=out)

    assert out.getvalue().strip() == "Reminders: 0 new, 0 delivered, 0 emailed, 0 digests sent."
    assert Notification.objects.count() == 1


# The Celery tasks


def test_the_scan_task_chain_ends_with_the_notifications_delivered(contact_overdue, caseworker):
    contact_overdue()
    contact_overdue()

    created = scan_reminders()

    assert created == 2
    assert not Reminder.objects.pending().exists()
    assert Notification.objects.filter(recipient=caseworker, kind="no_contact").count() == 2

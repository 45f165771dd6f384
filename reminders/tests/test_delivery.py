"""Delivery from the outbox: each pending reminder becomes exactly one notification, whether by a
worker, two workers at once, the sweeper, the cron command or the safety alert's at-once path."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment
from assessments.tests.factories import complete, phq9
from careplans.tests.factories import TaskFactory
from reminders import services
from reminders.models import Notification, Reminder
from reminders.tasks import scan_reminders

from .at_once import at_once

pytestmark = pytest.mark.django_db

# A Wednesday morning, on the local clock.
NOW = datetime.datetime(2025, 6, 11, 10, 0, tzinfo=timezone.get_default_timezone())
SECOND = datetime.timedelta(seconds=1)
ITEM_9_SEVERAL_DAYS = phq9(0, 0, 0, 0, 0, 0, 0, 0, 1)


@pytest.fixture
def due_tasks(case_for):
    """Factory: `n` tasks due tomorrow on one case, scanned into `n` pending reminders."""

    def make(n: int = 1) -> list[Reminder]:
        TaskFactory.create_batch(
            n, case=case_for(), due_on=timezone.localdate() + datetime.timedelta(days=1)
        )
        services.scan(timezone.now())
        return list(Reminder.objects.pending().order_by("pk"))

    return make


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


# deliver


def test_delivering_a_reminder_writes_its_notification(due_tasks, caseworker):
    [reminder] = due_tasks()

    delivered = services.deliver(reminder.pk)

    notification = Notification.objects.get()
    assert delivered is True
    assert notification.reminder == reminder
    assert (notification.recipient, notification.kind) == (caseworker, "task_due")
    assert (notification.title, notification.case_id) == (reminder.title, reminder.case_id)


def test_delivering_a_reminder_marks_it_sent(due_tasks):
    [reminder] = due_tasks()

    services.deliver(reminder.pk)

    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.SENT
    assert reminder.attempts == 1
    assert reminder.sent_at is not None


def test_delivering_a_sent_reminder_again_writes_nothing(due_tasks):
    [reminder] = due_tasks()
    services.deliver(reminder.pk)

    again = services.deliver(reminder.pk)

    reminder.refresh_from_db()
    assert again is False
    assert Notification.objects.count() == 1
    assert reminder.attempts == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_delivering_the_same_reminder_at_once_write_one_notification(due_tasks):
    [reminder] = due_tasks()

    results = at_once(lambda: services.deliver(reminder.pk))

    assert sorted(results) == [False, True]
    assert Notification.objects.filter(reminder=reminder).count() == 1


# to_enqueue, and the sweeper


def test_to_enqueue_hands_out_pending_reminders_never_enqueued_and_stamps_them(due_tasks, frozen):
    sent, *pending = due_tasks(3)
    services.deliver(sent.pk)
    services.email_reminder(sent.pk)

    ids = services.to_enqueue()

    assert sorted(ids) == sorted(r.pk for r in pending)
    assert set(Reminder.objects.filter(pk__in=ids).values_list("enqueued_at", flat=True)) == {NOW}


def test_to_enqueue_does_not_hand_them_out_again_before_redeliver_after(due_tasks, frozen):
    due_tasks(2)
    services.to_enqueue()
    frozen.shift(services.REDELIVER_AFTER - SECOND)

    assert services.to_enqueue() == []


def test_the_sweeper_hands_out_again_those_still_pending_after_redeliver_after(due_tasks, frozen):
    reminders = due_tasks(2)
    services.to_enqueue()
    frozen.shift(services.REDELIVER_AFTER + SECOND)

    ids = services.to_enqueue()

    assert sorted(ids) == [r.pk for r in reminders]
    assert set(Reminder.objects.values_list("enqueued_at", flat=True)) == {timezone.now()}


def test_the_sweeper_leaves_reminders_delivered_and_emailed_alone(due_tasks, frozen):
    reminders = due_tasks(2)
    services.to_enqueue()
    services.deliver(reminders[0].pk)
    services.email_reminder(reminders[0].pk)
    frozen.shift(services.REDELIVER_AFTER + SECOND)

    assert services.to_enqueue() == [reminders[1].pk]


# run_once and the cron command


def test_run_once_delivers_every_pending_reminder_once(due_tasks):
    sent, *_ = due_tasks(3)
    services.deliver(sent.pk)

    figures = services.run_once(timezone.now())

    assert figures["delivered"] == 2
    assert not Reminder.objects.pending().exists()
    assert Notification.objects.count() == 3


def test_the_send_reminders_command_scans_delivers_and_prints_counts(case_for):
    TaskFactory.create_batch(
        2, case=case_for(), due_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    out = StringIO()

    call_command("send_reminders", stdout=out)

    assert out.getvalue().strip() == "Reminders: 2 new, 2 delivered, 2 emailed, 0 digests sent."
    assert Notification.objects.count() == 2


def test_running_the_send_reminders_command_again_delivers_nothing(case_for):
    TaskFactory(case=case_for(), due_on=timezone.localdate() + datetime.timedelta(days=1))
    call_command("send_reminders", stdout=StringIO())
    out = StringIO()

    call_command("send_reminders", stdout=out)

    assert out.getvalue().strip() == "Reminders: 0 new, 0 delivered, 0 emailed, 0 digests sent."
    assert Notification.objects.count() == 1


# The Celery tasks


def test_the_scan_task_chain_ends_with_the_notifications_delivered(case_for, caseworker):
    TaskFactory.create_batch(
        2, case=case_for(), due_on=timezone.localdate() + datetime.timedelta(days=1)
    )

    created = scan_reminders()

    assert created == 2
    assert not Reminder.objects.pending().exists()
    assert Notification.objects.filter(recipient=caseworker, kind="task_due").count() == 2


# The PHQ-9 safety alert, delivered at once through the outbox


def test_a_safety_alert_is_stored_in_the_outbox_already_sent(case_for, caseworker, supervisor):
    complete(case_for(), "phq-9", ITEM_9_SEVERAL_DAYS)

    alerts = Reminder.objects.filter(kind="safety_alert")
    assert {r.recipient for r in alerts} == {caseworker, supervisor}
    assert {(r.state, r.attempts, r.urgent) for r in alerts} == {(Reminder.State.SENT, 1, True)}


def test_a_safety_alert_is_one_notification_each_for_the_case_manager_and_supervisor(
    case_for, caseworker, supervisor
):
    complete(case_for(), "phq-9", ITEM_9_SEVERAL_DAYS)

    notifications = Notification.objects.filter(kind="safety_alert")
    assert sorted(n.recipient.username for n in notifications) == sorted(
        [caseworker.username, supervisor.username]
    )
    assert all(n.reminder.kind == "safety_alert" for n in notifications)


def test_a_safety_alert_also_reaches_the_case_care_team_once_each(
    case_for, caseworker, teammate, supervisor
):
    complete(case_for(care_team=[teammate, caseworker]), "phq-9", ITEM_9_SEVERAL_DAYS)

    recipients = Notification.objects.filter(kind="safety_alert").values_list(
        "recipient__username", flat=True
    )
    assert sorted(recipients) == sorted(
        [caseworker.username, teammate.username, supervisor.username]
    )


def test_a_safety_alert_is_emailed_once_the_assessment_is_committed(
    case_for, caseworker, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complete(case_for(), "phq-9", ITEM_9_SEVERAL_DAYS)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([caseworker.email, supervisor.email])
    assert all(m.subject.startswith("[casemgmt] Safety alert, case") for m in mail.outbox)


def test_a_safety_alert_is_written_in_the_transaction_that_completes_the_assessment(
    case_for, supervisor
):
    case = case_for()

    with pytest.raises(RuntimeError), transaction.atomic():
        complete(case, "phq-9", ITEM_9_SEVERAL_DAYS)
        assert Notification.objects.filter(kind="safety_alert").count() == 2
        raise RuntimeError("the completion fails after the alert")

    assert not Assessment.objects.filter(case=case).exists()
    assert not Reminder.objects.filter(kind="safety_alert").exists()
    assert not Notification.objects.exists()


def test_a_later_scan_and_delivery_send_no_second_safety_alert(case_for, supervisor):
    complete(case_for(), "phq-9", ITEM_9_SEVERAL_DAYS)

    services.run_once(timezone.now())

    assert Notification.objects.filter(kind="safety_alert").count() == 2

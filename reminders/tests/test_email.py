"""Reminder emails: one per reminder by default, as the recipient's preferences say, saying no
more than it may, sent at least once and retried while mail is down."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from cases.reminders import EMERGENCY_ACCESS
from reminders.delivery import REDELIVER_AFTER, deliver, to_enqueue
from reminders.email import email_reminder
from reminders.models import Notification, Preference, Reminder
from reminders.registry import Due
from reminders.scan import scan
from reminders.services import remind_now
from reminders.tasks import send_reminder

pytestmark = pytest.mark.django_db

# A Wednesday morning, on the local clock.
NOW = datetime.datetime(2025, 6, 11, 10, 0, tzinfo=timezone.get_default_timezone())
Email = Reminder.Email


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def due_reminder(contact_overdue):
    """Factory: a case whose contact fell due yesterday, scanned into its pending reminder."""

    def make(**case) -> Reminder:
        case = contact_overdue(**case)
        scan(timezone.now())
        return Reminder.objects.get(subject_id=case.pk, kind="no_contact")

    return make


def delivered(reminder: Reminder) -> Reminder:
    deliver(reminder.pk)
    reminder.refresh_from_db()
    return reminder


def test_a_delivered_reminder_is_to_be_emailed_alone_by_default(due_reminder):
    reminder = delivered(due_reminder())

    assert reminder.email == Email.PENDING


def test_the_send_task_delivers_and_emails_the_reminder_to_its_recipient(due_reminder, caseworker):
    reminder = due_reminder()

    send_reminder(reminder.pk)

    assert Notification.objects.filter(reminder=reminder).exists()
    assert [m.to for m in mail.outbox] == [[caseworker.email]]
    reminder.refresh_from_db()
    assert (reminder.email, reminder.email_attempts) == (Email.SENT, 1)
    assert reminder.emailed_at == NOW


def test_the_email_gives_the_kind_case_due_date_and_link_but_never_the_client(due_reminder):
    reminder = due_reminder()

    send_reminder(reminder.pk)

    email = mail.outbox[0]
    assert email.subject == f"[casemgmt] No recent contact, case {reminder.case_id}"
    assert f"No recent contact, case {reminder.case_id}: Tuesday, Jun 10." in email.body
    assert f"http://127.0.0.1:8000{reminder.url}" in email.body
    for text in (email.subject, email.body, email.alternatives[0][0]):
        assert reminder.case.client.legal_last_name not in text
        assert reminder.body not in text


def test_with_email_details_allowed_the_email_says_what_is_due(due_reminder, settings):
    settings.REMINDER_EMAIL_DETAILS = True
    reminder = due_reminder()

    send_reminder(reminder.pk)

    assert mail.outbox[0].subject == f"[casemgmt] {reminder.title}"
    assert reminder.body in mail.outbox[0].body


def test_an_email_about_a_restricted_case_never_carries_details(due_reminder, settings):
    settings.REMINDER_EMAIL_DETAILS = True
    reminder = due_reminder(restricted=True)

    send_reminder(reminder.pk)

    assert mail.outbox[0].subject == f"[casemgmt] No recent contact, case {reminder.case_id}"
    assert reminder.body not in mail.outbox[0].body


def test_a_reminder_is_emailed_once_however_often_its_task_runs(due_reminder):
    reminder = due_reminder()

    send_reminder(reminder.pk)
    send_reminder(reminder.pk)

    assert len(mail.outbox) == 1


def test_a_kind_the_user_turned_off_is_notified_but_not_emailed(due_reminder, caseworker):
    Preference.objects.create(user=caseworker, no_email=["no_contact"])

    reminder = delivered(due_reminder())

    assert reminder.email == Email.NONE
    assert Notification.objects.filter(reminder=reminder).exists()


def test_an_urgent_kind_is_emailed_at_once_whatever_the_preferences(case_for, caseworker):
    Preference.objects.create(user=caseworker, no_email=[EMERGENCY_ACCESS], digest=True)
    case = case_for()

    remind_now(
        kind=EMERGENCY_ACCESS,
        dues=[Due(subject=case, recipient_id=caseworker.pk, due_at=NOW, title="Alert")],
    )

    assert Reminder.objects.get(kind=EMERGENCY_ACCESS).email == Email.PENDING


def test_a_user_without_an_email_address_gets_no_email(due_reminder, caseworker):
    caseworker.email = ""
    caseworker.save()

    assert delivered(due_reminder()).email == Email.NONE


def test_a_reminder_about_a_case_the_recipient_no_longer_sees_is_not_emailed(
    due_reminder, caseworker, team
):
    reminder = due_reminder()
    team.members.remove(caseworker)

    assert delivered(reminder).email == Email.NONE


# Mail down


def test_a_send_that_fails_frees_the_email_for_the_retry_and_raises(due_reminder, smtp_sink):
    reminder = delivered(due_reminder())
    smtp_sink.stop()

    with pytest.raises(OSError):
        email_reminder(reminder.pk)

    reminder.refresh_from_db()
    assert (reminder.email, reminder.email_attempts) == (Email.PENDING, 1)
    assert reminder.email_started_at is None


def test_once_mail_is_back_the_next_try_sends_it(due_reminder, smtp_sink):
    reminder = delivered(due_reminder())
    smtp_sink.stop()
    with pytest.raises(OSError):
        email_reminder(reminder.pk)
    smtp_sink.start()

    sent = email_reminder(reminder.pk)

    assert sent is True
    assert smtp_sink.count_by("X-Casemgmt-Reminder") == {str(reminder.pk): 1}
    reminder.refresh_from_db()
    assert (reminder.email, reminder.email_attempts) == (Email.SENT, 2)


def test_the_send_task_retries_a_failing_email_five_more_times(due_reminder, smtp_sink):
    reminder = due_reminder()
    smtp_sink.stop()

    result = send_reminder.apply((reminder.pk,))

    assert result.failed()
    reminder.refresh_from_db()
    assert (reminder.email, reminder.email_attempts) == (Email.PENDING, 6)


def test_after_the_last_allowed_try_the_email_is_given_up_as_failed(due_reminder, smtp_sink):
    reminder = delivered(due_reminder())
    Reminder.objects.filter(pk=reminder.pk).update(email_attempts=Reminder.MAX_EMAIL_ATTEMPTS - 1)
    smtp_sink.stop()

    sent = email_reminder(reminder.pk)

    assert sent is False
    reminder.refresh_from_db()
    assert (reminder.email, reminder.email_attempts) == (Email.FAILED, Reminder.MAX_EMAIL_ATTEMPTS)


# The sweeper and emails


def test_the_sweeper_hands_out_a_delivered_reminder_whose_email_is_not_sent(due_reminder, frozen):
    reminder = delivered(due_reminder())
    Reminder.objects.filter(pk=reminder.pk).update(enqueued_at=NOW)
    frozen.shift(REDELIVER_AFTER + datetime.timedelta(seconds=1))

    assert to_enqueue() == [reminder.pk]


def test_the_sweeper_frees_an_email_whose_worker_died_mid_send(due_reminder, frozen):
    reminder = delivered(due_reminder())
    # A worker claimed it and died before marking it sent.
    Reminder.objects.filter(pk=reminder.pk).update(
        email_started_at=NOW, email_attempts=1, enqueued_at=NOW
    )
    frozen.shift(REDELIVER_AFTER + datetime.timedelta(seconds=1))

    assert to_enqueue() == [reminder.pk]
    send_reminder(reminder.pk)

    reminder.refresh_from_db()
    assert (reminder.email, reminder.email_attempts) == (Email.SENT, 2)
    assert len(mail.outbox) == 1


def test_the_sweeper_leaves_an_email_being_sent_now_alone(due_reminder, frozen):
    reminder = delivered(due_reminder())
    Reminder.objects.filter(pk=reminder.pk).update(email_started_at=NOW, email_attempts=1)
    frozen.shift(REDELIVER_AFTER - datetime.timedelta(seconds=1))

    assert to_enqueue() == []


def test_the_sweeper_gives_up_a_stale_email_at_the_attempt_limit(due_reminder, frozen):
    reminder = delivered(due_reminder())
    Reminder.objects.filter(pk=reminder.pk).update(
        email_started_at=NOW, email_attempts=Reminder.MAX_EMAIL_ATTEMPTS
    )
    frozen.shift(REDELIVER_AFTER + datetime.timedelta(seconds=1))

    assert to_enqueue() == []
    reminder.refresh_from_db()
    assert reminder.email == Email.FAILED

"""The daily digest: for users who chose it, the day's reminders in one email at their hour, once
a day, listing only what they may still see."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from reminders import tasks
from reminders.delivery import REDELIVER_AFTER, deliver
from reminders.email import collect_digests, email_digest, email_reminder
from reminders.models import Digest, Preference, Reminder
from reminders.scan import scan

from .at_once import at_once

pytestmark = pytest.mark.django_db

# A Wednesday, 6 am on the local clock: before the default digest hour (7).
EARLY = datetime.datetime(2025, 6, 11, 6, 0, tzinfo=timezone.get_default_timezone())
AT_SEVEN = EARLY.replace(hour=7, minute=5)
Email = Reminder.Email


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(EARLY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def wants_digest(caseworker):
    return Preference.objects.create(user=caseworker, digest=True, digest_hour=7)


@pytest.fixture
def remind(contact_overdue):
    """Factory: `n` new cases overdue for contact, scanned and delivered."""

    def make(n: int = 1, **case) -> list[Reminder]:
        for _ in range(n):
            contact_overdue(**case)
        scan(timezone.now())
        for pk in Reminder.objects.pending().values_list("pk", flat=True):
            deliver(pk)
        return list(Reminder.objects.order_by("pk"))

    return make


def send_digests() -> list[Digest]:
    """What beat does every ten minutes, with the digests it starts emailed at once."""
    started = collect_digests(timezone.now())
    for pk in started:
        email_digest(pk)
    return list(Digest.objects.filter(pk__in=started))


def test_with_the_digest_on_a_reminder_waits_for_it_instead_of_its_own_email(wants_digest, remind):
    [reminder] = remind()

    assert reminder.email == Email.DIGEST
    assert email_reminder(reminder.pk) is False
    assert not mail.outbox


def test_no_digest_goes_out_before_the_users_hour(wants_digest, remind):
    remind(2)

    assert send_digests() == []
    assert not mail.outbox


def test_once_the_hour_has_come_one_digest_lists_every_waiting_reminder(
    wants_digest, remind, caseworker, frozen
):
    reminders = remind(3)
    frozen.move_to(AT_SEVEN)

    [digest] = send_digests()

    assert [m.to for m in mail.outbox] == [[caseworker.email]]
    assert mail.outbox[0].subject == "[casemgmt] Your reminders for Wednesday, Jun 11 (3)"
    assert "No recent contact (3)" in mail.outbox[0].body
    for reminder in reminders:
        assert f"http://127.0.0.1:8000{reminder.url}" in mail.outbox[0].body
    assert set(digest.reminders.all()) == set(reminders)
    digest.refresh_from_db()
    assert (digest.email, digest.email_attempts) == (Email.SENT, 1)


def test_the_digest_names_no_client(wants_digest, remind, frozen):
    [reminder] = remind()
    frozen.move_to(AT_SEVEN)

    send_digests()

    assert reminder.case.client.legal_last_name not in mail.outbox[0].body
    assert f"No recent contact, case {reminder.case_id}" in mail.outbox[0].body


def test_a_user_gets_one_digest_a_day_and_later_reminders_wait_for_tomorrows(
    wants_digest, remind, frozen
):
    frozen.move_to(AT_SEVEN)
    remind()
    send_digests()
    later = remind()[-1]
    frozen.shift(datetime.timedelta(hours=3))

    assert send_digests() == []
    frozen.shift(datetime.timedelta(days=1))
    [tomorrows] = send_digests()

    assert list(tomorrows.reminders.all()) == [later]
    assert len(mail.outbox) == 2


def test_nobody_without_waiting_reminders_gets_a_digest(wants_digest, frozen):
    frozen.move_to(AT_SEVEN)

    assert send_digests() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_collections_at_once_start_one_digest(wants_digest, remind, frozen):
    remind(2)
    frozen.move_to(AT_SEVEN)

    first, second = at_once(lambda: collect_digests(timezone.now()))

    assert len(first + second) == 1
    assert Digest.objects.get().reminders.count() == 2


def test_turning_the_digest_off_sends_what_was_waiting_in_one_last_digest(wants_digest, remind):
    remind(2)
    wants_digest.digest = False
    wants_digest.save()

    [digest] = send_digests()

    assert digest.reminders.count() == 2
    assert len(mail.outbox) == 1
    assert remind()[-1].email == Email.PENDING  # from now on, one email each


def test_the_digest_leaves_out_cases_the_user_no_longer_sees(
    wants_digest, remind, caseworker, other_team, frozen
):
    kept, moved = remind()[0], remind()[-1]
    moved.case.team = other_team
    moved.case.save()
    frozen.move_to(AT_SEVEN)

    send_digests()

    assert f"case {kept.case_id}" in mail.outbox[0].body
    assert f"case {moved.case_id}" not in mail.outbox[0].body


def test_a_digest_left_with_nothing_to_show_is_not_sent(wants_digest, remind, other_team, frozen):
    [moved] = remind()
    moved.case.team = other_team
    moved.case.save()
    frozen.move_to(AT_SEVEN)

    [digest] = send_digests()

    assert not mail.outbox
    assert digest.email == Email.NONE


def test_the_digest_task_starts_and_emails_the_digests(wants_digest, remind, frozen):
    remind(2)
    frozen.move_to(AT_SEVEN)

    tasks.collect_digests()

    assert len(mail.outbox) == 1
    assert Digest.objects.get().email == Email.SENT


def test_the_sweeper_emails_a_digest_whose_message_was_lost(wants_digest, remind, frozen):
    remind()
    frozen.move_to(AT_SEVEN)
    collect_digests(timezone.now())  # the send_digest message never arrives
    tasks.send_due_reminders()
    assert not mail.outbox
    frozen.shift(REDELIVER_AFTER + datetime.timedelta(seconds=1))

    tasks.send_due_reminders()

    assert len(mail.outbox) == 1
    assert Digest.objects.get().email == Email.SENT

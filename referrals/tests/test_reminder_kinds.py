"""The reminder kind referrals register (referrals/reminders.py): a referral unanswered past its
response deadline, reminded to the case manager and not before; closed cases produce nothing.
Still unanswered two business days after the deadline, it is escalated to the team's
supervisors, at the moment its page starts saying so."""

import datetime

import pytest
import time_machine

from referrals.models import Referral
from referrals.tests.referral_factories import sent_referral
from reminders.scan import ESCALATION
from reminders.tests.kinds import NOW, close, days, reminders_of, scan_now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_a_referral_unanswered_past_its_deadline_reminds_the_primary_case_manager(
    case_for, caseworker, teammate, frozen
):
    case = case_for()
    referral, _ = sent_referral(case, by=teammate)
    frozen.move_to(referral.respond_by + datetime.timedelta(minutes=1))

    scan_now()

    reminder = reminders_of("referral_unanswered", referral).get()
    assert (reminder.recipient, reminder.case) == (caseworker, case)
    assert reminder.due_at == referral.respond_by


def test_a_referral_at_its_deadline_is_not_reminded_yet(case_for, caseworker, frozen):
    referral, _ = sent_referral(case_for(), by=caseworker)
    frozen.move_to(referral.respond_by)

    scan_now()

    assert not reminders_of("referral_unanswered").exists()


def test_a_referral_unanswered_on_a_closed_case_is_not_reminded(case_for, caseworker, frozen):
    case = case_for()
    referral, _ = sent_referral(case, by=caseworker)
    close(case, by=caseworker)
    frozen.move_to(referral.respond_by + datetime.timedelta(minutes=1))

    scan_now()

    assert not reminders_of("referral_unanswered").exists()


# Escalation: the kind's grace, in business days, is the referral's own `escalate_at`


def escalations_of(referral):
    return reminders_of(ESCALATION, referral)


def test_an_unanswered_referral_is_not_escalated_two_calendar_days_after_its_deadline(
    case_for, caseworker, supervisor, frozen
):
    # Sent on a Wednesday, urgent: due Thursday; two calendar days later is Saturday.
    referral, _ = sent_referral(case_for(), by=caseworker, urgency=Referral.Urgency.URGENT)
    frozen.move_to(referral.respond_by + days(2) + datetime.timedelta(minutes=1))

    scan_now()

    assert not escalations_of(referral).exists()
    assert referral.is_escalated is False


def test_an_unanswered_referral_is_escalated_when_its_page_says_so(
    case_for, caseworker, supervisor, frozen
):
    referral, _ = sent_referral(case_for(), by=caseworker, urgency=Referral.Urgency.URGENT)
    frozen.move_to(referral.escalate_at)

    scan_now()

    assert referral.escalate_at == referral.respond_by + days(4)  # Thursday → Monday
    assert referral.is_escalated is True
    escalation = escalations_of(referral).get()
    assert (escalation.recipient, escalation.due_at) == (supervisor, referral.respond_by)


def test_a_shorter_configured_grace_moves_the_page_and_the_escalation_together(
    case_for, caseworker, supervisor, frozen, settings
):
    settings.REMINDER_ESCALATE_AFTER_DAYS = {"referral_unanswered": 1}
    referral, _ = sent_referral(case_for(), by=caseworker, urgency=Referral.Urgency.URGENT)
    frozen.move_to(referral.respond_by + days(1))

    scan_now()

    assert referral.is_escalated is True
    assert escalations_of(referral).exists()

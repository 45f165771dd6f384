"""Response deadlines in business days: the arithmetic, the deadline sending sets by urgency, and
when a referral counts as overdue and as escalated (the "referral_unanswered" reminder kind's
grace, in business days after the deadline: the same moment the scan escalates it)."""

import datetime
import zoneinfo

import pytest
import time_machine

from referrals.deadlines import add_business_days
from referrals.models import Referral
from referrals.tests.referral_helpers import send_at

TZ = zoneinfo.ZoneInfo("America/New_York")
# A Thursday morning in June.
THURSDAY = datetime.datetime(2026, 6, 18, 10, 0, tzinfo=TZ)
MINUTE = datetime.timedelta(minutes=1)


def at(day: int, hour: int = 10, minute: int = 0, month: int = 6) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=TZ)


# ---------------------------------------------------------------------------------------------
# add_business_days


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (at(15), 1, at(16)),  # Monday + 1 → Tuesday
        (at(19), 1, at(22)),  # Friday + 1 → Monday
        (at(19), 5, at(26)),  # Friday + 5 → next Friday
        (at(17), 2, at(19)),  # Wednesday + 2 → Friday
        (at(18), 3, at(23)),  # Thursday + 3 → Tuesday
        (at(20), 1, at(23)),  # Saturday: counts from Monday, + 1 → Tuesday
        (at(21), 1, at(23)),  # Sunday: counts from Monday, + 1 → Tuesday
        (at(20), 0, at(22)),  # Saturday + 0 → the Monday it counts from
        (at(16), 0, at(16)),  # a weekday + 0 → itself
    ],
    ids=[
        "mon+1",
        "fri+1",
        "fri+5",
        "wed+2",
        "thu+3",
        "sat+1",
        "sun+1",
        "sat+0",
        "tue+0",
    ],
)
def test_add_business_days_skips_weekends(start, days, expected):
    assert add_business_days(start, days) == expected


def test_add_business_days_keeps_the_time_of_day():
    result = add_business_days(at(19, hour=16, minute=45), 1)

    assert (result.date(), result.time()) == (datetime.date(2026, 6, 22), datetime.time(16, 45))


def test_add_business_days_keeps_the_local_time_of_day_across_a_clock_change():
    friday_before_dst_ends = at(30, month=10)

    result = add_business_days(friday_before_dst_ends, 5)

    assert result == datetime.datetime(2026, 11, 6, 10, 0, tzinfo=TZ)


# ---------------------------------------------------------------------------------------------
# The deadline sending sets


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("urgency", "respond_by", "escalate_at"),
    [
        (Referral.Urgency.URGENT, at(19), at(23)),  # Fri; escalated the Tuesday after
        (Referral.Urgency.SOON, at(23), at(25)),  # Tue; escalated Thu
        (Referral.Urgency.ROUTINE, at(25), at(29)),  # Thu; escalated Mon
    ],
)
def test_sending_on_a_thursday_morning_sets_the_deadline_by_urgency(
    urgency, respond_by, escalate_at, caseworker, case_for
):
    referral = send_at(THURSDAY, case_for(), by=caseworker, urgency=urgency)

    assert referral.sent_at == THURSDAY
    assert referral.respond_by == respond_by
    assert referral.escalate_at == escalate_at


@pytest.mark.django_db
def test_sending_on_a_friday_evening_counts_business_days_in_local_time(caseworker, case_for):
    # 20:00 on Friday in New York is already Saturday in UTC: the weekend must not be counted
    # from the UTC date.
    friday_evening = at(19, hour=20)

    referral = send_at(friday_evening, case_for(), by=caseworker)

    assert referral.respond_by == at(26, hour=20)
    assert referral.respond_by.astimezone(TZ).weekday() < 5


@pytest.mark.django_db
def test_a_deadline_across_the_clock_change_keeps_the_local_time_of_day(caseworker, case_for):
    referral = send_at(at(30, month=10), case_for(), by=caseworker)

    assert referral.respond_by == datetime.datetime(2026, 11, 6, 10, 0, tzinfo=TZ)


# ---------------------------------------------------------------------------------------------
# Overdue and escalation


@pytest.mark.django_db
def test_a_sent_referral_is_not_overdue_before_its_deadline(caseworker, case_for):
    referral = send_at(THURSDAY, case_for(), by=caseworker, urgency=Referral.Urgency.URGENT)

    with time_machine.travel(at(19) - MINUTE, tick=False):
        assert not Referral.objects.overdue().exists()
        assert referral.is_overdue is False


@pytest.mark.django_db
def test_a_sent_referral_is_overdue_once_its_deadline_passes(caseworker, case_for):
    referral = send_at(THURSDAY, case_for(), by=caseworker, urgency=Referral.Urgency.URGENT)

    with time_machine.travel(at(19) + MINUTE, tick=False):
        assert list(Referral.objects.overdue()) == [referral]
        assert referral.is_overdue is True
        assert referral.is_escalated is False


@pytest.mark.django_db
def test_an_overdue_referral_is_escalated_two_business_days_after_its_deadline(
    caseworker, case_for
):
    referral = send_at(THURSDAY, case_for(), by=caseworker, urgency=Referral.Urgency.URGENT)

    # Due Friday: two calendar days later is Sunday, two business days Tuesday.
    with time_machine.travel(at(21) + MINUTE, tick=False):
        assert referral.is_escalated is False
    with time_machine.travel(at(23) - MINUTE, tick=False):
        assert referral.is_escalated is False
    with time_machine.travel(at(23), tick=False):
        assert referral.is_escalated is True


@pytest.mark.django_db
def test_the_escalation_grace_is_the_reminder_kinds_as_configured_in_business_days(
    caseworker, case_for, settings
):
    settings.REMINDER_ESCALATE_AFTER_DAYS = {"referral_unanswered": 1}

    referral = send_at(THURSDAY, case_for(), by=caseworker, urgency=Referral.Urgency.URGENT)

    assert referral.escalate_at == at(22)  # due Friday; one business day later is Monday


@pytest.mark.django_db
def test_the_escalation_is_counted_on_the_local_clock(caseworker, case_for, settings):
    # Due Thursday at 21:00 in New York, already Friday in UTC: one business day later is
    # Friday at 21:00 here, not the Monday after the UTC Friday.
    settings.REMINDER_ESCALATE_AFTER_DAYS = {"referral_unanswered": 1}

    referral = send_at(at(17, hour=21), case_for(), by=caseworker, urgency=Referral.Urgency.URGENT)

    assert referral.respond_by == at(18, hour=21)
    assert referral.escalate_at == at(19, hour=21)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answer",
    [
        lambda r, by: r.accept(by=by),
        lambda r, by: r.waitlist(by=by),
        lambda r, by: r.decline(by=by, reason=Referral.DeclineReason.NO_CAPACITY),
        lambda r, by: r.cancel(by=by, note="Client moved away"),
    ],
    ids=["accepted", "waitlisted", "declined", "cancelled"],
)
def test_an_answered_or_cancelled_referral_is_never_overdue(answer, caseworker, case_for):
    referral = send_at(THURSDAY, case_for(), by=caseworker, urgency=Referral.Urgency.URGENT)
    with time_machine.travel(at(19) - MINUTE, tick=False):
        answer(referral, caseworker)

    with time_machine.travel(at(30), tick=False):
        assert not Referral.objects.overdue().exists()
        assert referral.is_overdue is False
        assert referral.is_escalated is False

"""Response deadlines in business days (Monday to Friday), and when an unanswered referral is
escalated.

Both count business days on the local clock, as agencies mean them: "answer within 3 business
days", "tell the supervisor 2 business days after that". The escalation has one home, the
"referral_unanswered" reminder kind (referrals/reminders.py): the reminder engine escalates by
the kind's grace, which an agency can change per kind (settings.REMINDER_ESCALATE_AFTER_DAYS),
and the kind counts it in business days. The referral's page and queue ask the same kind
(`escalates_at`), so "Escalated" on the page is the moment the supervisors are told.
"""

import datetime

from django.utils import timezone

from reminders.registry import KINDS

UNANSWERED = "referral_unanswered"


def add_business_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """`days` weekdays after `start`, at the same time of day; a start on a weekend counts from
    the Monday after it. The weekdays are the local clock's: an aware `start` is read in the
    current time zone (20:00 on a Friday in New York is already Saturday in UTC)."""
    moment = timezone.localtime(start) if timezone.is_aware(start) else start
    while moment.weekday() >= 5:
        moment += datetime.timedelta(days=1)
    added = 0
    while added < days:
        moment += datetime.timedelta(days=1)
        if moment.weekday() < 5:
            added += 1
    return moment


def escalates_at(respond_by: datetime.datetime) -> datetime.datetime | None:
    """When a referral still unanswered at its deadline `respond_by` is escalated to the team's
    supervisors: the unanswered kind's grace, in business days after the deadline."""
    return KINDS[UNANSWERED].escalates_at(respond_by)

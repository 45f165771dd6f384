"""For the tests of reminder kinds, in whichever app registers them: the Wednesday morning they
freeze the clock at, a scan at that moment, and the reminders stored of a kind."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cases.models import Case
from reminders.models import Reminder
from reminders.scan import scan

# A Wednesday morning, on the local clock.
NOW = datetime.datetime(2025, 6, 11, 10, 0, tzinfo=timezone.get_default_timezone())
TODAY = NOW.date()


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def scan_now() -> None:
    scan(timezone.now())


def reminders_of(kind: str, subject=None):
    found = Reminder.objects.filter(kind=kind)
    if subject is not None:
        found = found.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
        )
    return found


def close(case: Case, *, by) -> None:
    case.close(by=by, reason=Case.ClosureReason.GOALS_MET)

"""Turning due dates into due moments: a date is due at the start of the working day."""

import datetime

from django.utils import timezone

WORKDAY_STARTS = datetime.time(8, 0)


def at_start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, WORKDAY_STARTS))


def today(now: datetime.datetime) -> datetime.date:
    return timezone.localdate(now)

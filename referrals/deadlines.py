"""Response deadlines in business days (Monday to Friday)."""

import datetime


def add_business_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """`days` weekdays after `start`, at the same time of day; a start on a weekend counts from
    the Monday after it."""
    moment = start
    while moment.weekday() >= 5:
        moment += datetime.timedelta(days=1)
    added = 0
    while added < days:
        moment += datetime.timedelta(days=1)
        if moment.weekday() < 5:
            added += 1
    return moment

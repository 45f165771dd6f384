"""The kinds of reminder, registered by the app that owns each dated thing.

An app lists its kinds in its own `reminders.py` (found at start-up, like `admin.py`):

    @reminders.register("task_due", "Task due", escalate_after_days=3)
    def tasks_due(now):
        for task in Task.objects.open().filter(due_on__lte=...):
            yield Due(subject=task, recipient_id=..., due_at=..., title=..., url=...)

The engine (scan.scan) asks every kind what is due and stores one Reminder per (kind,
subject, due date, recipient); adding a kind changes nothing here.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models


@dataclass(frozen=True)
class Due:
    """Something that needs someone's attention by `due_at`."""

    subject: models.Model
    recipient_id: int
    due_at: datetime.datetime
    title: str
    body: str = ""
    url: str = ""
    case_id: int | None = None


def add_calendar_days(moment: datetime.datetime, days: int) -> datetime.datetime:
    return moment + datetime.timedelta(days=days)


# A Monday: the seven days from it start a grace on every day of the week.
_A_WEEK = [datetime.datetime(2024, 1, 1) + datetime.timedelta(days=n) for n in range(7)]


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    find: Callable[[datetime.datetime], Iterable[Due]]
    escalate_after_days: int | None = None
    # Urgent kinds show in red and are always emailed at once, whatever the user's preferences.
    urgent: bool = False
    # How the grace's days count from the due moment: calendar days, unless the app that owns
    # the kind counts its deadlines otherwise (referrals count business days), so that the app's
    # pages and the escalation follow one rule.
    add_days: Callable[[datetime.datetime, int], datetime.datetime] = add_calendar_days

    @property
    def scanned(self) -> bool:
        """False for kinds whose reminders are stored only by the code raising them."""
        return self.find is not _finds_nothing

    @property
    def grace_days(self) -> int | None:
        """Days a reminder stays unresolved before the team's supervisors are told, once (None:
        never). settings.REMINDER_ESCALATE_AFTER_DAYS overrides the kind's own default."""
        return settings.REMINDER_ESCALATE_AFTER_DAYS.get(self.name, self.escalate_after_days)

    def escalates_at(self, due_at: datetime.datetime) -> datetime.datetime | None:
        """When what fell due at `due_at` is escalated if still unresolved; None if never."""
        days = self.grace_days
        return None if days is None else self.add_days(due_at, days)

    @property
    def longest_grace(self) -> datetime.timedelta | None:
        """The most calendar time the grace can last (business days stretch over a weekend)."""
        days = self.grace_days
        if days is None:
            return None
        return max(self.add_days(start, days) - start for start in _A_WEEK)


KINDS: dict[str, Kind] = {}


def register(
    name: str,
    label: str,
    *,
    escalate_after_days: int | None = None,
    urgent=False,
    add_days=add_calendar_days,
):
    """Decorator for a kind's `find(now)`; the name is stored on each reminder, keep it stable.
    `add_days` counts the escalation grace from the due moment (Kind.add_days)."""

    def decorate(find):
        if name in KINDS and KINDS[name].find is not find:
            raise ValueError(f"Reminder kind {name!r} is registered twice.")
        KINDS[name] = Kind(name, label, find, escalate_after_days, urgent, add_days)
        return find

    return decorate


def _finds_nothing(now):
    return ()


def register_unscanned(name: str, label: str, *, urgent=False) -> None:
    """A kind no scan looks for: the code that raises it stores its reminders
    (services.remind_now for what cannot wait, such as a safety alert)."""
    register(name, label, urgent=urgent)(_finds_nothing)


# How far past the longest escalation grace a scan still looks for things that fell due: an
# outage this long misses nothing. What has been overdue for longer was reminded, and escalated,
# long ago; leaving it out keeps each scan's cost to what is recent, not to years of history.
CATCH_UP = datetime.timedelta(days=30)


def scan_since(now: datetime.datetime) -> datetime.datetime:
    """The earliest due moment a scan at `now` looks at (kinds filter their dates by it)."""
    graces = [kind.longest_grace for kind in KINDS.values() if kind.grace_days is not None]
    return now - max(graces, default=datetime.timedelta(0)) - CATCH_UP


def always_emailed() -> list[str]:
    """The urgent kinds' labels: emailed at once whatever a user's preferences say."""
    return sorted(kind.label for kind in KINDS.values() if kind.urgent)


def optional_email_kinds() -> list[tuple[str, str]]:
    """(name, label) of the kinds a user may choose not to get by email, by label."""
    return sorted(((k.name, k.label) for k in KINDS.values() if not k.urgent), key=lambda c: c[1])


def label_of(name: str) -> str:
    kind = KINDS.get(name)
    return kind.label if kind else name.replace("_", " ").capitalize()

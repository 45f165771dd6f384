"""The kinds of reminder, registered by the app that owns each dated thing.

An app lists its kinds in its own `reminders.py` (found at start-up, like `admin.py`):

    @reminders.register("task_due", "Task due", escalate_after_days=3)
    def tasks_due(now):
        for task in Task.objects.open().filter(due_on__lte=...):
            yield Due(subject=task, recipient_id=..., due_at=..., title=..., url=...)

The engine (services.scan) asks every kind what is due and stores one Reminder per (kind,
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


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    find: Callable[[datetime.datetime], Iterable[Due]]
    escalate_after_days: int | None = None
    # Urgent kinds show in red and are always emailed at once, whatever the user's preferences.
    urgent: bool = False

    @property
    def scanned(self) -> bool:
        """False for kinds whose reminders are stored only by the code raising them."""
        return self.find is not _finds_nothing

    @property
    def escalate_after(self) -> datetime.timedelta | None:
        """Still unresolved this long after it was due: the team's supervisors are told, once.
        settings.REMINDER_ESCALATE_AFTER_DAYS overrides the kind's own default."""
        days = settings.REMINDER_ESCALATE_AFTER_DAYS.get(self.name, self.escalate_after_days)
        return None if days is None else datetime.timedelta(days=days)


KINDS: dict[str, Kind] = {}


def register(name: str, label: str, *, escalate_after_days: int | None = None, urgent=False):
    """Decorator for a kind's `find(now)`; the name is stored on each reminder, keep it stable."""

    def decorate(find):
        if name in KINDS and KINDS[name].find is not find:
            raise ValueError(f"Reminder kind {name!r} is registered twice.")
        KINDS[name] = Kind(name, label, find, escalate_after_days, urgent)
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
    graces = [kind.escalate_after for kind in KINDS.values() if kind.escalate_after is not None]
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

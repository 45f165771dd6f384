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
    # Still unresolved this long after it was due: the team's supervisors are told, once.
    escalate_after: datetime.timedelta | None = None
    urgent: bool = False


KINDS: dict[str, Kind] = {}


def register(name: str, label: str, *, escalate_after_days: int | None = None, urgent=False):
    """Decorator for a kind's `find(now)`; the name is stored on each reminder, keep it stable."""

    def decorate(find):
        if name in KINDS and KINDS[name].find is not find:
            raise ValueError(f"Reminder kind {name!r} is registered twice.")
        escalate = (
            None if escalate_after_days is None else datetime.timedelta(days=escalate_after_days)
        )
        KINDS[name] = Kind(name, label, find, escalate, urgent)
        return find

    return decorate


def label_of(name: str) -> str:
    kind = KINDS.get(name)
    return kind.label if kind else name.replace("_", " ").capitalize()

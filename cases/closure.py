"""What is still open on a case when someone moves to close it (issue 12).

The close page lists it, so nothing is left behind by accident. The apps above cases register
their checks in their hooks.py:

    @closure.check
    def open_tasks(case):
        n = case.tasks.open().count()
        return [closure.OpenItem(f"{n} open tasks", case.get_absolute_url())] if n else []

An active safety flag on the client is the cases app's own check, and the one that stops a close
until the user confirms it with a reason (Case.close).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class OpenItem:
    label: str
    url: str = ""
    # Closing over it needs an explicit confirmation with a reason.
    needs_reason: bool = False


CHECKS: list[Callable[..., Iterable[OpenItem]]] = []


def check(function: Callable[..., Iterable[OpenItem]]):
    """Register a check: `function(case)` returns the OpenItems it finds, one query at most."""
    if function not in CHECKS:
        CHECKS.append(function)
    return function


def open_items(case) -> list[OpenItem]:
    return [item for found in CHECKS for item in found(case)]


@check
def active_safety_flag(case) -> list[OpenItem]:
    if not case.client.has_active_safety_flag():
        return []
    label = _("The client has an active safety flag.")
    return [OpenItem(label, f"{case.client.get_absolute_url()}#flags", needs_reason=True)]

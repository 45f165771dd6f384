"""Explicit lifecycles (DESIGN.md §4): each move names its allowed source states, runs as one
conditional UPDATE (safe under concurrency) and writes its event row in the same transaction.
Cases, care plans (their status and the client's agreement), assessments and referrals use it;
an illegal move is an InvalidTransition the user reads.
"""

from typing import NamedTuple

import pgtrigger
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone


class InvalidTransition(Exception):
    """An illegal status move; the message is written for the user."""


class Move(NamedTuple):
    """One allowed move: from any of `sources` to `target`, in `field` (the status, unless the
    model has a second lifecycle), when the row also meets `when`. `refused` is what the user
    reads when the row is not in a source state (the default names its current state)."""

    label: str
    sources: frozenset[str]
    target: str
    field: str = "status"
    when: Q | None = None
    refused: str = ""


def move(label: str, sources, target: str, **options) -> Move:
    return Move(label, frozenset(sources), target, **options)


class Transitions(models.Model):
    """For a model with `MOVES = {name: move(label, sources, target)}` and an `events` relation
    to its TransitionEvent model."""

    MOVES: dict[str, Move] = {}

    class Meta:
        abstract = True

    def available_moves(self) -> list[tuple[str, str]]:
        """The status moves open from where the row stands now, as (name, label)."""
        return [
            (name, m.label)
            for name, m in self.MOVES.items()
            if m.field == "status" and self.status in m.sources
        ]

    @transaction.atomic
    def _move(self, name: str, *, by, note: str = "", event: dict | None = None, **fields):
        """Conditional UPDATE from an allowed source state, paired with its event row (`event`
        adds fields of the event model's own), which it returns."""
        m = self.MOVES[name]
        model = type(self)
        before = getattr(self, m.field)
        rows = model.objects.filter(pk=self.pk, **{f"{m.field}__in": m.sources})
        if m.when is not None:
            rows = rows.filter(m.when)
        if rows.update(**{m.field: m.target}, **fields) != 1:
            raise InvalidTransition(m.refused or self._refusal(m))
        self.refresh_from_db(fields=[m.field, *fields])
        return self.events.create(
            kind=name,
            from_status=before,
            to_status=m.target,
            actor=by,
            note=note,
            **(event or {}),
        )

    def _refusal(self, m: Move) -> str:
        field = self._meta.get_field(m.field)
        current = type(self).objects.values_list(m.field, flat=True).get(pk=self.pk)
        state = dict(field.choices).get(current, current)
        return f"Cannot {m.label.lower()}: the {self._meta.verbose_name} is {state.lower()}."


class TransitionEvent(models.Model):
    """Append-only: one move of a lifecycle, with who, when, from, to and why. A concrete event
    model adds the foreign key to what moved (named in `subject`), with related_name="events"."""

    subject: str = ""

    kind = models.CharField(max_length=20)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    # None only when no user of ours moved it (the organization answering through its link).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self):
        return f"{self.kind}: {self.from_status} → {self.to_status}"

    def _state_label(self, value: str) -> str:
        """The label of a state of the lifecycle this event's move belongs to."""
        model = self._meta.get_field(self.subject).related_model
        move = model.MOVES.get(self.kind)
        field = model._meta.get_field(move.field if move else "status")
        return dict(field.choices).get(value, value)

    def get_from_status_display(self) -> str:
        return self._state_label(self.from_status)

    def get_to_status_display(self) -> str:
        return self._state_label(self.to_status)

    @property
    def label(self) -> str:
        """The move's name as the user knows it ("Approve", "Put on hold")."""
        model = self._meta.get_field(self.subject).related_model
        move = model.MOVES.get(self.kind)
        return move.label if move else self.kind.replace("_", " ").capitalize()

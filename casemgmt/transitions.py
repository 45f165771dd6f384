"""Explicit status lifecycles (DESIGN.md §4): each move names its allowed source statuses, runs
as one conditional UPDATE (safe under concurrency) and writes its event row in the same
transaction. Cases and care plans use it; an illegal move is an InvalidTransition the user reads.
"""

from django.db import models, transaction


class InvalidTransition(Exception):
    """An illegal status move; the message is written for the user."""


class Transitions(models.Model):
    """For a model with a `status` field, `MOVES = {name: (label, sources, target)}` and an
    `events` relation whose rows take kind, from_status, to_status, actor and note."""

    MOVES: dict = {}

    class Meta:
        abstract = True

    def available_moves(self) -> list[tuple[str, str]]:
        return [(name, label) for name, (label, src, _) in self.MOVES.items() if self.status in src]

    def event_kind(self, move: str) -> str:
        return move

    @transaction.atomic
    def _move(self, name: str, *, by, note: str = "", event: dict | None = None, **fields) -> None:
        """Conditional UPDATE from an allowed source status, paired with its event row (`event`
        adds fields of the event model's own)."""
        label, sources, target = self.MOVES[name]
        model = type(self)
        before = self.status
        changed = model.objects.filter(pk=self.pk, status__in=sources).update(
            status=target, **fields
        )
        if changed != 1:
            current = model.Status(model.objects.values_list("status", flat=True).get(pk=self.pk))
            raise InvalidTransition(
                f"Cannot {label.lower()}: the {self._meta.verbose_name} is {current.label.lower()}."
            )
        self.refresh_from_db(fields=["status", *fields])
        self.events.create(
            kind=self.event_kind(name),
            from_status=before,
            to_status=target,
            actor=by,
            note=note,
            **(event or {}),
        )

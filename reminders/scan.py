"""The scan (DESIGN.md §5): ask every registered kind what is due and store it in the outbox,
once, escalating to the team's supervisors what stays due past its kind's grace."""

import datetime
import itertools
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import Team
from cases.models import Case

from .models import Reminder
from .registry import KINDS, Due, register_unscanned

ESCALATION = "escalation"
register_unscanned(ESCALATION, "Escalated to you", urgent=True)


def reminder_for(kind: str, due: Due, *, recipient_id=None, title=None, key_kind=None) -> Reminder:
    """The reminder of one Due, not saved; urgent when its kind is registered urgent."""
    recipient_id = recipient_id or due.recipient_id
    return Reminder(
        kind=kind,
        recipient_id=recipient_id,
        case_id=due.case_id,
        subject_type=ContentType.objects.get_for_model(due.subject),
        subject_id=due.subject.pk,
        due_at=due.due_at,
        dedupe_key=Reminder.key(key_kind or kind, due.subject, due.due_at, recipient_id),
        title=title or due.title,
        body=due.body,
        url=due.url,
        urgent=KINDS[kind].urgent,
    )


def scan(now: datetime.datetime | None = None) -> int:
    """Ask every registered kind what is due and store a reminder for each (kind, subject, due
    date, recipient) not stored yet; escalate to the team's supervisors what stays due past its
    kind's grace. Safe to run twice, or on two workers at once. Returns how many were created."""
    now = now or timezone.now()
    rows = []
    for kind in KINDS.values():
        due = list(kind.find(now))
        rows += [reminder_for(kind.name, d) for d in due]
        if kind.grace_days is not None:
            late = [d for d in due if kind.escalates_at(d.due_at) <= now and d.case_id]
            rows += _escalations(kind.name, late)
    # The scan's own timestamp marks its rows: ignore_conflicts returns no ids to count by.
    stamp = timezone.now()
    new = _not_stored(rows)
    for row in new:
        row.created_at = stamp
    # A scan running at the same moment may store some of them first: theirs stand.
    Reminder.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return Reminder.objects.pending().filter(created_at=stamp).count()


def _not_stored(rows: list[Reminder]) -> list[Reminder]:
    """Most of what a scan finds is still due from an earlier scan: asking the unique index which
    keys are stored costs far less than inserting every row again to conflict."""
    stored = set()
    for keys in itertools.batched({row.dedupe_key for row in rows}, 1000):
        stored |= set(
            Reminder.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
        )
    return [row for row in rows if row.dedupe_key not in stored]


def _escalations(kind: str, late: list[Due]) -> list[Reminder]:
    """One escalation per late item and supervisor of its case's team (keyed by the kind it
    escalates too: two kinds late about one case are two escalations)."""
    teams = dict(Case.objects.filter(pk__in={d.case_id for d in late}).values_list("pk", "team"))
    supervisors = defaultdict(list)
    for team_id, user_id in Team.supervisors.through.objects.filter(
        team__in=set(teams.values())
    ).values_list("team_id", "user_id"):
        supervisors[team_id].append(user_id)
    return [
        reminder_for(
            ESCALATION,
            due,
            recipient_id=supervisor,
            title=f"Still unresolved: {due.title}",
            key_kind=f"{ESCALATION}:{kind}",
        )
        for due in late
        for supervisor in supervisors[teams[due.case_id]]
    ]

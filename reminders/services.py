"""The reminder engine (DESIGN.md §5): scan what is due into the outbox, deliver each pending
reminder as an in-app notification exactly once, escalate what stays unresolved."""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Team, User
from clients.models import Case

from .models import Notification, Reminder
from .registry import KINDS, Due

log = logging.getLogger(__name__)

ESCALATION = "escalation"
# A pending reminder enqueued this long ago without being delivered is enqueued again.
REDELIVER_AFTER = datetime.timedelta(minutes=10)


def _row(
    kind: str, due: Due, *, urgent: bool, recipient_id=None, title=None, key_kind=None
) -> Reminder:
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
        urgent=urgent,
    )


def scan(now: datetime.datetime | None = None) -> int:
    """Ask every registered kind what is due and store a reminder for each (kind, subject, due
    date, recipient) not stored yet; escalate to the team's supervisors what stays due past its
    kind's grace. Safe to run twice, or on two workers at once. Returns how many were created."""
    now = now or timezone.now()
    rows = []
    for kind in KINDS.values():
        due = list(kind.find(now))
        rows += [_row(kind.name, d, urgent=kind.urgent) for d in due]
        if kind.escalate_after is not None:
            late = [d for d in due if d.due_at + kind.escalate_after <= now and d.case_id]
            rows += _escalations(kind.name, late)
    # The scan's own timestamp marks its rows: ignore_conflicts returns no ids to count by.
    stamp = timezone.now()
    for row in rows:
        row.created_at = stamp
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return Reminder.objects.filter(created_at=stamp).count()


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
        _row(
            ESCALATION,
            due,
            urgent=True,
            recipient_id=supervisor,
            title=f"Still unresolved: {due.title}",
            key_kind=f"{ESCALATION}:{kind}",
        )
        for due in late
        for supervisor in supervisors[teams[due.case_id]]
    ]


def deliver(reminder_id: int) -> bool:
    """Turn one pending reminder into its notification, in one transaction. A concurrent worker
    skips the locked row; a re-run finds it delivered. Returns whether this call delivered it."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=reminder_id, state=Reminder.State.PENDING)
            .first()
        )
        if reminder is None:
            return False
        Notification.objects.create(
            reminder=reminder,
            recipient_id=reminder.recipient_id,
            kind=reminder.kind,
            urgent=reminder.urgent,
            title=reminder.title,
            body=reminder.body,
            url=reminder.url,
            case_id=reminder.case_id,
        )
        Reminder.objects.filter(pk=reminder.pk).update(
            state=Reminder.State.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
        )
    return True


def to_enqueue(limit: int = 500) -> list[int]:
    """Pending reminders never enqueued, or enqueued so long ago the message must be lost; marked
    as enqueued now."""
    stale = timezone.now() - REDELIVER_AFTER
    with transaction.atomic():
        ids = list(
            Reminder.objects.pending()
            .filter(Q(enqueued_at=None) | Q(enqueued_at__lt=stale))
            .order_by("created_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        Reminder.objects.filter(pk__in=ids).update(enqueued_at=timezone.now())
    return ids


def deliver_all() -> int:
    """Deliver every pending reminder in this process (the cron alternative to the workers)."""
    delivered = 0
    for pk in Reminder.objects.pending().order_by("created_at", "pk").values_list("pk", flat=True):
        delivered += deliver(pk)
    return delivered


@transaction.atomic
def remind_now(*, kind: str, dues: Iterable[Due], urgent: bool = False) -> list[Notification]:
    """For what cannot wait for the next scan (a safety alert): store the reminders and deliver
    them in the caller's transaction."""
    rows = [_row(kind, d, urgent=urgent) for d in dues]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    keys = [r.dedupe_key for r in rows]
    pending = Reminder.objects.pending().filter(dedupe_key__in=keys).values_list("pk", flat=True)
    for pk in pending:
        deliver(pk)
    return list(Notification.objects.filter(reminder__dedupe_key__in=keys))


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    case: Case | None = None,
    urgent: bool = False,
) -> list[Notification]:
    """A plain in-app message, outside the reminder outbox: one per distinct recipient, written
    in the caller's transaction."""
    unique = {user.pk: user for user in recipients}
    return Notification.objects.bulk_create(
        Notification(
            recipient=user, kind=kind, title=title, body=body, url=url, case=case, urgent=urgent
        )
        for user in unique.values()
    )

"""The reminder engine (DESIGN.md §5): scan what is due into the outbox, deliver each pending
reminder as an in-app notification exactly once, email it (alone or in the recipient's daily
digest) at least once, escalate what stays unresolved."""

import datetime
import itertools
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Team, User
from casemgmt.email import send_templated_email
from casemgmt.queue import enqueue_on_commit
from clients.models import Case

from .models import Digest, Notification, Outgoing, Preference, Reminder
from .registry import KINDS, Due, register_unscanned

log = logging.getLogger(__name__)

ESCALATION = "escalation"
register_unscanned(ESCALATION, "Escalated to you", urgent=True)

# A reminder or digest enqueued this long ago with work left is enqueued again; an email claimed
# this long ago and never marked sent is freed for another try.
REDELIVER_AFTER = datetime.timedelta(minutes=10)

Email = Outgoing.Email


def _row(kind: str, due: Due, *, recipient_id=None, title=None, key_kind=None) -> Reminder:
    """The reminder of one Due; urgent when its kind is registered urgent."""
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
        rows += [_row(kind.name, d) for d in due]
        if kind.escalate_after is not None:
            late = [d for d in due if d.due_at + kind.escalate_after <= now and d.case_id]
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
        _row(
            ESCALATION,
            due,
            recipient_id=supervisor,
            title=f"Still unresolved: {due.title}",
            key_kind=f"{ESCALATION}:{kind}",
        )
        for due in late
        for supervisor in supervisors[teams[due.case_id]]
    ]


def deliver(reminder_id: int) -> bool:
    """Turn one pending reminder into its notification, in one transaction, and decide how it is
    emailed. A concurrent worker skips the locked row; a re-run finds it delivered. Returns
    whether this call delivered it."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
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
            state=Reminder.State.SENT,
            sent_at=timezone.now(),
            attempts=F("attempts") + 1,
            email=_email_for(reminder),
        )
    return True


def _email_for(reminder: Reminder) -> str:
    """Emailed alone, in the digest, or not at all: never to a user without an address, or about
    a case the recipient can no longer see; otherwise as their preferences say."""
    recipient = reminder.recipient
    if not (recipient.email and recipient.is_active):
        return Email.NONE
    if reminder.case_id and not Case.objects.visible_to(recipient).filter(pk=reminder.case_id):
        return Email.NONE
    return Preference.of(recipient).email_for(reminder.kind)


def email_reminder(reminder_id: int) -> bool:
    """Email one reminder that is to be emailed alone; at least once (see Outgoing). Raises what
    the mail backend raises, so the task retries; returns whether this call sent it."""
    return _email_once(
        Reminder.objects.select_related("recipient", "case"),
        reminder_id,
        lambda reminder: send_templated_email(
            "reminder",
            to=reminder.recipient,
            context={"reminder": reminder},
            headers={"X-Casemgmt-Reminder": str(reminder.pk)},
        ),
    )


def collect_digests(now: datetime.datetime) -> list[int]:
    """Start today's digest for each user with reminders waiting for one whose digest hour has
    come (or who has turned the digest off since: the waiting ones still go out, once). Each
    user gets one a day (a unique constraint), so two workers at once start it once; the
    reminders waiting now go into it, later ones into tomorrow's. Returns the new digests."""
    local = timezone.localtime(now)
    waiting = Reminder.objects.filter(email=Email.DIGEST, digest=None)
    users = (
        User.objects.filter(pk__in=waiting.values("recipient"))
        .filter(
            Q(reminder_preference=None)
            | Q(reminder_preference__digest=False)
            | Q(reminder_preference__digest_hour__lte=local.hour)
        )
        .exclude(digests__day=local.date())
        .values_list("pk", flat=True)
    )
    started = []
    for user_id in users:
        with transaction.atomic():
            digest, created = Digest.objects.get_or_create(
                recipient_id=user_id,
                day=local.date(),
                # The caller publishes its task now; the sweeper waits before publishing again.
                defaults={"email": Email.PENDING, "enqueued_at": timezone.now()},
            )
            if created:
                waiting.filter(recipient_id=user_id).update(digest=digest)
                started.append(digest.pk)
    return started


def email_digest(digest_id: int) -> bool:
    """Email one digest, listing its reminders the recipient may still see; at least once (see
    Outgoing). A digest left with nothing to show is not sent."""
    digest = Digest.objects.select_related("recipient").get(pk=digest_id)
    reminders = (
        digest.reminders.filter(
            Q(case=None) | Q(case__in=Case.objects.visible_to(digest.recipient))
        )
        .select_related("case")
        .order_by("kind", "due_at", "pk")
    )
    if not reminders.exists():
        Digest.objects.filter(pk=digest_id, email=Email.PENDING).update(email=Email.NONE)
        return False
    return _email_once(
        Digest.objects.select_related("recipient"),
        digest_id,
        lambda digest: send_templated_email(
            "digest",
            to=digest.recipient,
            context={"digest": digest, "reminders": reminders},
            headers={"X-Casemgmt-Digest": str(digest.pk)},
        ),
    )


def _email_once(rows: models.QuerySet, pk: int, send: Callable[[Outgoing], None]) -> bool:
    """Claim the row's email, send it, mark it sent. A failed send frees the claim and raises
    (for the task's retry with backoff), or, after MAX_EMAIL_ATTEMPTS tries, marks it failed."""
    model = rows.model
    claimed = model.objects.filter(
        pk=pk,
        email=Email.PENDING,
        email_started_at=None,
        email_attempts__lt=Outgoing.MAX_EMAIL_ATTEMPTS,
    ).update(email_started_at=timezone.now(), email_attempts=F("email_attempts") + 1)
    if not claimed:
        return False
    row = rows.get(pk=pk)
    try:
        send(row)
    except Exception:
        gave_up = row.email_attempts >= Outgoing.MAX_EMAIL_ATTEMPTS
        model.objects.filter(pk=pk).update(
            email_started_at=None, email=Email.FAILED if gave_up else Email.PENDING
        )
        if gave_up:
            log.exception("Gave up emailing %s after %s tries", row, row.email_attempts)
            return False
        raise
    model.objects.filter(pk=pk).update(
        email=Email.SENT, emailed_at=timezone.now(), email_started_at=None
    )
    return True


def to_enqueue(limit: int = 500) -> list[int]:
    """Reminders with work left (delivery, or an email) never enqueued, or enqueued so long ago
    the message must be lost; marked as enqueued now."""
    return _claim_for_enqueue(
        Reminder, Q(state=Reminder.State.PENDING) | Q(email=Email.PENDING), limit
    )


def digests_to_enqueue(limit: int = 500) -> list[int]:
    """The same for digests not emailed yet."""
    return _claim_for_enqueue(Digest, Q(email=Email.PENDING), limit)


def _claim_for_enqueue(model: type[Outgoing], work_left: Q, limit: int) -> list[int]:
    stale = timezone.now() - REDELIVER_AFTER
    with transaction.atomic():
        # An email whose worker died mid-send: free it for another try, or give it up.
        model.objects.filter(email=Email.PENDING, email_started_at__lt=stale).update(
            email_started_at=None,
            email=models.Case(
                models.When(
                    email_attempts__gte=Outgoing.MAX_EMAIL_ATTEMPTS, then=models.Value(Email.FAILED)
                ),
                default=models.Value(Email.PENDING),
            ),
        )
        ids = list(
            model.objects.filter(work_left)
            .filter(Q(enqueued_at=None) | Q(enqueued_at__lt=stale), email_started_at=None)
            .order_by("created_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        model.objects.filter(pk__in=ids).update(enqueued_at=timezone.now())
    return ids


def run_once(now: datetime.datetime) -> dict[str, int]:
    """One whole cycle in this process, without Celery (manage.py send_reminders, for cron):
    scan, deliver, email, digests. An email that fails stays pending for the next run."""
    figures = {"created": scan(now), "delivered": 0, "emailed": 0, "digests": 0}
    for pk in Reminder.objects.pending().order_by("created_at", "pk").values_list("pk", flat=True):
        figures["delivered"] += deliver(pk)
    collect_digests(now)
    sends = {"emailed": (Reminder, email_reminder), "digests": (Digest, email_digest)}
    for figure, (model, send) in sends.items():
        waiting = model.objects.filter(email=Email.PENDING, email_started_at=None)
        for pk in waiting.values_list("pk", flat=True):
            try:
                figures[figure] += send(pk)
            except Exception:
                log.exception("Could not email %s %s; the next run tries again", figure, pk)
    return figures


@transaction.atomic
def remind_now(*, kind: str, dues: Iterable[Due]) -> None:
    """For what cannot wait for the next scan (a safety alert): store the reminders and deliver
    them in the caller's transaction; their emails are queued once it commits."""
    from .tasks import send_reminder

    rows = [_row(kind, d) for d in dues]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    keys = [r.dedupe_key for r in rows]
    pending = Reminder.objects.pending().filter(dedupe_key__in=keys).values_list("pk", flat=True)
    for pk in pending:
        deliver(pk)
    to_email = Reminder.objects.filter(dedupe_key__in=keys, email=Email.PENDING, enqueued_at=None)
    for pk in to_email.values_list("pk", flat=True):
        enqueue_on_commit(send_reminder, pk)
    to_email.update(enqueued_at=timezone.now())

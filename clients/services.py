"""Workflows that create several rows at once or cross apps."""

import datetime
import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Team, User

from .models import CareTeamMember, Case, CaseEvent, CaseNote, Client, EmergencyAccess

log = logging.getLogger(__name__)


def next_client_number() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('clients_client_number_seq')")
        (number,) = cursor.fetchone()
    return f"C{number:06d}"


@transaction.atomic
def register_client(*, client: Client, by: User, team: Team, duplicate_reason: str = "") -> Client:
    """Save a new client from intake; the override reason is kept when a duplicate was shown."""
    client.client_number = next_client_number()
    client.registered_by = by
    client.registered_team = team
    client.updated_by = by
    client.duplicate_override_reason = duplicate_reason
    client.save()
    return client


@transaction.atomic
def open_case(*, case: Case, by: User, care_team: list[User] = ()) -> Case:
    """Open an episode of care for a client, with its first event."""
    if case.client.is_archived:
        raise ValueError("This client is archived: restore the record before opening a case.")
    case.updated_by = by
    case.assessment_due_on = case.next_assessment_due()
    case.save()
    CareTeamMember.objects.bulk_create(
        [
            CareTeamMember(case=case, user=user)
            for user in care_team
            if user != case.primary_case_manager
        ]
    )
    case.events.create(kind=CaseEvent.Kind.OPENED, to_status=case.status, actor=by)
    return case


@transaction.atomic
def add_addendum(*, note: CaseNote, by: User, narrative: str) -> CaseNote:
    """Correct a signed note: the addendum is a new signed note linked to it."""
    now = timezone.now()
    return CaseNote.objects.create(
        case=note.case,
        author=by,
        contact_type=note.contact_type,
        occurred_at=now,
        narrative=narrative,
        restricted=note.restricted,
        addendum_to=note,
        status=CaseNote.Status.SIGNED,
        signed_at=now,
        signed_by=by,
    )


@transaction.atomic
def grant_emergency_access(*, case: Case, by: User, reason: str) -> EmergencyAccess:
    """Break the glass: open a restricted case to a teammate outside its inner circle, for
    EMERGENCY_ACCESS_HOURS, and have the team's supervisors told once the grant is committed."""
    if not Case.objects.open_to_emergency_access_by(by).filter(pk=case.pk).exists():
        raise ValueError("Emergency access is for teammates outside a restricted case's circle.")
    now = timezone.now()
    grant = EmergencyAccess.objects.create(
        case=case,
        user=by,
        reason=reason,
        granted_at=now,
        expires_at=now + datetime.timedelta(hours=settings.EMERGENCY_ACCESS_HOURS),
    )
    transaction.on_commit(lambda: _enqueue_supervisor_notice(grant.pk))
    return grant


def _enqueue_supervisor_notice(grant_pk: int) -> None:
    """Queue the email without making the user wait on a broken broker: a grant whose notice
    could not be queued keeps supervisors_notified_at empty and is listed as such in the admin."""
    from .tasks import notify_supervisors_of_emergency_access

    try:
        notify_supervisors_of_emergency_access.apply_async((grant_pk,), retry=False)
    except Exception:
        log.exception("Could not queue the emergency-access notice for grant %s", grant_pk)

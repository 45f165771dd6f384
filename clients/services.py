"""Workflows that create several rows at once or cross apps."""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import formats, timezone

from accounts.models import Team, User
from reminders.registry import Due
from reminders.services import remind_now

from .models import CareTeamMember, Case, CaseEvent, CaseNote, Client, EmergencyAccess

EMERGENCY_ACCESS = "emergency_access"


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
    EMERGENCY_ACCESS_HOURS, and tell the team's supervisors at once: an urgent reminder each, in
    the app in this transaction and by email once it commits (retried until it goes out)."""
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
    until = formats.time_format(timezone.localtime(grant.expires_at), "g:i A")
    remind_now(
        kind=EMERGENCY_ACCESS,
        dues=[
            Due(
                subject=grant,
                recipient_id=supervisor,
                due_at=now,
                title=f"Emergency access to restricted case {case.pk} by {by}",
                body=f"Reason given: {reason} Access lasts until {until}.",
                url=case.get_absolute_url(),
                case_id=case.pk,
            )
            for supervisor in case.team.supervisors.values_list("pk", flat=True)
        ],
    )
    return grant

"""Case workflows: opening a case with its care team, addenda to signed notes, and emergency
access to a restricted case."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .models import CareTeamMember, Case, CaseEvent, CaseNote, EmergencyAccess
from .signals import emergency_access_granted


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
    case.events.create(kind=CaseEvent.OPENED, to_status=case.status, actor=by)
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
    EMERGENCY_ACCESS_HOURS, and announce it in this transaction (emergency_access_granted: the
    reminder engine tells the team's supervisors at once, cases/reminders.py)."""
    if not Case.objects.breakable_by(by).filter(pk=case.pk).exists():
        raise ValueError(
            "Emergency access is for teammates outside the circle of a case with restricted "
            "material."
        )
    now = timezone.now()
    grant = EmergencyAccess.objects.create(
        case=case,
        user=by,
        reason=reason,
        granted_at=now,
        expires_at=now + datetime.timedelta(hours=settings.EMERGENCY_ACCESS_HOURS),
    )
    emergency_access_granted.send(EmergencyAccess, grant=grant)
    return grant


@transaction.atomic
def reassign(*, case: Case, to: User, by: User, note: str) -> CaseEvent:
    """Make `to` the case's primary case manager (off its care team, where they were), with an
    event on the case's timeline saying from whom and why; history keeps the change."""
    before = case.primary_case_manager
    case.primary_case_manager = to
    case.save_version(expected_version=case.version, by=by, fields=["primary_case_manager"])
    CareTeamMember.objects.filter(case=case, user=to).delete()
    return case.events.create(
        kind=CaseEvent.TRANSFERRED,
        from_status=case.status,
        to_status=case.status,
        actor=by,
        note=_("Transferred from %(from)s to %(to)s: %(why)s")
        % {"from": before, "to": to, "why": note},
    )

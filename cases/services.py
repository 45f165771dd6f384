"""Case workflows: opening a case with its care team, addenda to signed notes, and emergency
access to a restricted case."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casemgmt.transitions import InvalidTransition

from .models import CareTeamMember, Case, CaseEvent, CaseNote, ClosureRequest, EmergencyAccess
from .signals import closure_decided, closure_requested, emergency_access_granted


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


@transaction.atomic
def request_closure(
    *, case: Case, by: User, reason: str, note: str = "", safety_reason: str = ""
) -> ClosureRequest:
    """Ask the team's supervisors to sign off the closure; checked as the closure itself would
    be, and the case stays open meanwhile."""
    if not case.is_open:
        raise InvalidTransition(_("This case is already closed."))
    if reason not in Case.ClosureReason.values:
        raise InvalidTransition(_("Choose a closure reason."))
    if case.client.has_active_safety_flag() and not safety_reason.strip():
        raise InvalidTransition(
            _("The client has an active safety flag: say why the case closes anyway.")
        )
    if case.closure_requests.pending().exists():
        raise InvalidTransition(_("This case's closure already awaits a supervisor's sign-off."))
    request = ClosureRequest.objects.create(
        case=case, reason=reason, note=note, safety_reason=safety_reason, requested_by=by
    )
    closure_requested.send(sender=ClosureRequest, request=request)
    return request


def _decide(request: ClosureRequest, *, by: User, status: str, comment: str) -> None:
    if request.case.team_id not in by.supervised_team_ids and not by.is_admin:
        raise InvalidTransition(_("Only a supervisor of the team can sign off a closure."))
    decided = ClosureRequest.objects.filter(pk=request.pk, status=ClosureRequest.Status.PENDING)
    now = timezone.now()
    if not decided.update(status=status, decided_by=by, decided_at=now, comment=comment):
        raise InvalidTransition(_("This closure was already decided."))
    request.status, request.decided_by, request.decided_at = status, by, now
    request.comment = comment
    closure_decided.send(sender=ClosureRequest, request=request)


@transaction.atomic
def sign_off_closure(*, request: ClosureRequest, by: User, comment: str = "") -> Case:
    """Close the case as it was asked, the sign-off on the closure's event."""
    _decide(request, by=by, status=ClosureRequest.Status.SIGNED_OFF, comment=comment)
    case = request.case
    signed = _("Closure asked by %(who)s, signed off by %(by)s.") % {
        "who": request.requested_by,
        "by": by,
    }
    case.close(
        by=by,
        reason=request.reason,
        note=" ".join(part for part in [request.note, signed, comment] if part),
        safety_reason=request.safety_reason,
    )
    return case


@transaction.atomic
def return_closure(*, request: ClosureRequest, by: User, comment: str) -> None:
    """Send the closure back, saying why; the case stays open."""
    if not comment.strip():
        raise InvalidTransition(_("Say why the closure goes back."))
    _decide(request, by=by, status=ClosureRequest.Status.RETURNED, comment=comment.strip())

"""The team's one approvals queue (issue 15): care plans submitted, closures awaiting sign-off,
transfers declined in the last 30 days, and emergency accesses and discharges over an
incomplete checklist not yet reviewed; each read from its own app's queryset, in the teams the
user supervises (every team for an admin). A fixed number of queries."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from careplans.models import CarePlan
from casemgmt.transitions import InvalidTransition
from cases.models import ClosureRequest, EmergencyAccess
from discharge.models import AdmissionEvent

from .access import teams_supervised_by
from .models import Review, Transfer

DECLINED_SHOWN_DAYS = 30
SHOWN = 100  # per section


def queue(user: User) -> dict[str, list]:
    teams = teams_supervised_by(user).values("pk")
    since = timezone.now() - datetime.timedelta(days=DECLINED_SHOWN_DAYS)
    return {
        "plans": list(CarePlan.objects.awaiting_approval_by(user).for_list()[:SHOWN]),
        "closures": list(ClosureRequest.objects.awaiting_sign_off_by(user)[:SHOWN]),
        "declined": list(
            Transfer.objects.filter(
                case__team__in=teams, status=Transfer.Status.DECLINED, decided_at__gte=since
            )
            .for_list()
            .order_by("-decided_at")[:SHOWN]
        ),
        "accesses": list(
            EmergencyAccess.objects.filter(case__team__in=teams, review=None)
            .select_related("case__client", "user")
            .order_by("granted_at")[:SHOWN]
        ),
        "overrides": list(
            AdmissionEvent.objects.filter(
                admission__case__team__in=teams, kind="discharge", review=None
            )
            .exclude(override_reason="")
            .select_related("admission__case__client", "admission__facility", "actor")
            .order_by("created_at")[:SHOWN]
        ),
    }


def reviewable(kind: str, user: User):
    """What the user may mark reviewed of `kind`, in the teams they supervise (another team's
    is 404); None for a kind nothing is reviewed of."""
    teams = teams_supervised_by(user).values("pk")
    if kind == "emergency_access":
        return EmergencyAccess.objects.filter(case__team__in=teams).select_related("case")
    if kind == "discharge_override":
        return AdmissionEvent.objects.filter(admission__case__team__in=teams).select_related(
            "admission__case"
        )
    return None


def _team_of(thing) -> int:
    if isinstance(thing, EmergencyAccess):
        return thing.case.team_id
    return thing.admission.case.team_id


@transaction.atomic
def mark_reviewed(*, thing, by: User, comment: str) -> Review:
    """A supervisor of the team has looked at an emergency access or a discharge override."""
    if _team_of(thing) not in by.supervised_team_ids and not by.is_admin:
        raise InvalidTransition(_("Only a supervisor of the team can review this."))
    if not comment.strip():
        raise InvalidTransition(_("Say what you found."))
    field = "emergency_access" if isinstance(thing, EmergencyAccess) else "discharge_override"
    if Review.objects.filter(**{field: thing}).exists():
        raise InvalidTransition(_("This was already reviewed."))
    return Review.objects.create(**{field: thing}, reviewed_by=by, comment=comment.strip())

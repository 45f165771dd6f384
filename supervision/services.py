"""Case transfers (issue 15): asking a case manager to take cases over (one or many at once, the
caps checked for each receiver with the cases they would get added up), and the receiver's
answer. Both sides and the team's supervisors are told."""

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Team, User
from casemgmt.transitions import InvalidTransition
from cases import caps
from cases import services as case_services
from cases.caps import Load
from cases.models import Case
from reminders.registry import Due
from reminders.services import remind_now

from .models import SupervisionNote, Transfer
from .reminders import SUPERVISION_NOTE, TRANSFER_ANSWERED, TRANSFER_REQUESTED


class OverCap(ValidationError):
    """Receivers the transfers would put past their program's hard cap, without an override."""

    def __init__(self, loads: list[Load]):
        self.loads = loads
        super().__init__([load.refusal() for load in loads])


def loads_after(assignments: Iterable[tuple[Case, User]]) -> dict[tuple[int, int], Load]:
    """The load each receiver would carry with the cases given to them, added up, against the
    caps of each case's program: {(case id, receiver id): Load}, in one query."""
    assignments = list(assignments)
    receivers = {receiver.pk for _, receiver in assignments}
    carried = Case.objects.open().filter(primary_case_manager__in=receivers).weighted_loads()
    weights = Case.acuity_weights()
    running = defaultdict(int, carried)
    loads = {}
    for case, receiver in assignments:
        running[receiver.pk] += weights[Case.Acuity(case.acuity)]
        program = case.program
        loads[case.pk, receiver.pk] = Load(
            receiver, running[receiver.pk], program.soft_cap, program.hard_cap
        )
    return loads


@transaction.atomic
def request_transfers(
    *,
    assignments: list[tuple[Case, User]],
    reason: str,
    by: User,
    override_reason: str = "",
) -> list[Transfer]:
    """A pending transfer per (case, receiver), each told to its receiver. Refused (OverCap)
    when a receiver would pass the hard cap, unless a supervisor of the team gives
    `override_reason`, kept as the cases' CapOverride."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the cases move.")})
    if not assignments:
        raise ValidationError(_("Choose at least one case and who takes it."))
    loads = loads_after(assignments)
    over = [load for load in loads.values() if load.over_hard]
    if over and not override_reason.strip():
        raise OverCap(over)
    awaiting = set(
        Transfer.objects.pending()
        .filter(case__in=[case for case, _ in assignments])
        .values_list("case_id", flat=True)
    )
    transfers = []
    for case, receiver in assignments:
        if case.team_id not in by.supervised_team_ids and not by.is_admin:
            raise InvalidTransition(_("Only a supervisor of the team can reassign its cases."))
        if receiver.pk == case.primary_case_manager_id:
            raise ValidationError(
                _("%(who)s already carries this case.") % {"who": receiver}, code="same"
            )
        if case.pk in awaiting:
            raise InvalidTransition(
                _("A transfer of %(client)s's case already awaits an answer.")
                % {"client": case.client.display_name}
            )
        load = loads[case.pk, receiver.pk]
        if load.over_hard:
            caps.record_override(case=case, load=load, reason=override_reason, by=by)
        transfers.append(
            Transfer.objects.create(
                case=case,
                from_manager=case.primary_case_manager,
                to_manager=receiver,
                reason=reason.strip(),
                requested_by=by,
            )
        )
    _tell_receivers(transfers)
    return transfers


def _tell_receivers(transfers: list[Transfer]) -> None:
    inbox = reverse("supervision:transfers")
    remind_now(
        kind=TRANSFER_REQUESTED,
        dues=[
            Due(
                subject=t,
                recipient_id=t.to_manager_id,
                due_at=t.requested_at,
                title=_("Case transfer to accept: %(client)s")
                % {"client": t.case.client.display_name},
                body=_("From %(from)s: %(why)s") % {"from": t.from_manager, "why": t.reason},
                url=inbox,
                case_id=t.case_id,
            )
            for t in transfers
        ],
    )


@transaction.atomic
def accept_transfer(*, transfer: Transfer, by: User) -> Transfer:
    """The receiver takes the case over: it becomes theirs (cases.services.reassign)."""
    _check_receiver(transfer, by)
    transfer._move("accept", by=by, decided_at=timezone.now())
    case = Case.objects.select_for_update().get(pk=transfer.case_id)
    case_services.reassign(case=case, to=transfer.to_manager, by=by, note=transfer.reason)
    _tell_answer(transfer, _("accepted"))
    return transfer


@transaction.atomic
def decline_transfer(*, transfer: Transfer, by: User, reason: str) -> Transfer:
    """The receiver declines, saying why; the case stays with its case manager."""
    _check_receiver(transfer, by)
    if not reason.strip():
        raise ValidationError({"decline_reason": _("Say why you decline the case.")})
    transfer._move(
        "decline", by=by, note=reason, decided_at=timezone.now(), decline_reason=reason.strip()
    )
    _tell_answer(transfer, _("declined"))
    return transfer


def _check_receiver(transfer: Transfer, by: User) -> None:
    if by.pk != transfer.to_manager_id:
        raise InvalidTransition(_("Only the case manager it is offered to can answer a transfer."))


def _tell_answer(transfer: Transfer, answer: str) -> None:
    case = transfer.case
    recipients = [transfer.from_manager_id, *case.team.supervisors.values_list("pk", flat=True)]
    remind_now(
        kind=TRANSFER_ANSWERED,
        dues=[
            Due(
                subject=transfer,
                recipient_id=recipient,
                due_at=transfer.decided_at,
                title=_("Transfer %(answer)s by %(who)s: %(client)s")
                % {
                    "answer": answer,
                    "who": transfer.to_manager,
                    "client": case.client.display_name,
                },
                body=transfer.decline_reason,
                url=case.get_absolute_url(),
                case_id=case.pk,
            )
            for recipient in dict.fromkeys(recipients)
        ],
    )


@transaction.atomic
def add_supervision_note(
    *, team: Team, about: User, text: str, by: User, case: Case | None = None
) -> SupervisionNote:
    """A supervisor's note on `about`'s work (on one of the team's cases, or in general), told
    to them; seen only by them and the team's supervisors."""
    if team.pk not in by.supervised_team_ids and not by.is_admin:
        raise InvalidTransition(_("Only a supervisor of the team can write supervision notes."))
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    if case is not None and case.team_id != team.pk:
        raise ValidationError({"case": _("Choose one of the team's cases.")})
    note = SupervisionNote.objects.create(
        team=team, about=about, case=case, text=text.strip(), author=by
    )
    remind_now(
        kind=SUPERVISION_NOTE,
        dues=[
            Due(
                subject=note,
                recipient_id=about.pk,
                due_at=note.created_at,
                title=_("Supervision note from %(who)s") % {"who": by},
                url=reverse("supervision:my_notes"),
                case_id=case.pk if case else None,
            )
        ],
    )
    return note

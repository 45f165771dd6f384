"""Reminder kinds of supervision (issue 15), raised as they happen, never scanned for: a
transfer awaiting the receiver's answer, and the answer, told to the case manager it came from
and the team's supervisors; a supervision note; a closure to sign off (told to the supervisors,
pointing at the approvals queue this app owns) and its sign-off or return (told to the asker).
The closures come as the cases app's signals: cases cannot name this app's pages itself."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.signals import closure_decided, closure_requested
from reminders.registry import Due, register_unscanned
from reminders.services import remind_now

TRANSFER_REQUESTED = "transfer_requested"
TRANSFER_ANSWERED = "transfer_answered"
register_unscanned(TRANSFER_REQUESTED, gettext_noop("Case transfer to accept"))
register_unscanned(TRANSFER_ANSWERED, gettext_noop("Case transfer answered"))
SUPERVISION_NOTE = "supervision_note"
register_unscanned(SUPERVISION_NOTE, gettext_noop("Supervision note"))
CLOSURE_REQUESTED = "closure_requested"
register_unscanned(CLOSURE_REQUESTED, gettext_noop("Case closure to sign off"))
CLOSURE_DECIDED = "closure_decided"
register_unscanned(CLOSURE_DECIDED, gettext_noop("Case closure signed off or returned"))


@receiver(closure_requested)
def tell_supervisors_of_closure(sender, *, request, **kwargs) -> None:
    case = request.case
    remind_now(
        kind=CLOSURE_REQUESTED,
        dues=[
            Due(
                subject=request,
                recipient_id=supervisor,
                due_at=request.requested_at,
                title=_("Closure to sign off: %(client)s") % {"client": case.client.display_name},
                body=_("Asked by %(who)s: %(reason)s")
                % {"who": request.requested_by, "reason": request.get_reason_display()},
                url=reverse("supervision:approvals"),
                case_id=case.pk,
            )
            for supervisor in case.team.supervisors.values_list("pk", flat=True)
        ],
    )


@receiver(closure_decided)
def tell_the_asker_of_the_decision(sender, *, request, **kwargs) -> None:
    case = request.case
    title = (
        _("Closure signed off: %(client)s")
        if request.status == request.Status.SIGNED_OFF
        else _("Closure returned: %(client)s")
    )
    remind_now(
        kind=CLOSURE_DECIDED,
        dues=[
            Due(
                subject=request,
                recipient_id=request.requested_by_id,
                due_at=request.decided_at,
                title=title % {"client": case.client.display_name},
                body=request.comment,
                url=case.get_absolute_url(),
                case_id=case.pk,
            )
        ],
    )

"""What sending a batch did, told to the user: the batch page and the patient's choice list
(discharge) both send one."""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from referrals.models import Referral


def report_batch(request, sent: list[Referral], held: list[Referral]) -> None:
    """What "Send to all" did: a success for what was sent, and an error naming each
    organization not sent and why, led by "Nothing was sent" when that is all there is."""
    if sent:
        names = ", ".join(str(r.organization) for r in sent)
        text = ngettext(
            "Sent to %(count)d organization: %(names)s.",
            "Sent to %(count)d organizations: %(names)s.",
            len(sent),
        )
        messages.success(request, text % {"count": len(sent), "names": names})
    if not held:
        return
    text = ngettext(
        "Not sent to %(names)s: no valid release of information names it. Its referral is kept "
        "as a draft: record the client's consent naming it, then send it from its referral.",
        "Not sent to %(names)s: no valid release of information names them. Their referrals are "
        "kept as drafts: record the client's consent naming each, then send it from its referral.",
        len(held),
    ) % {"names": ", ".join(str(r.organization) for r in held)}
    if not sent:
        text = _("Nothing was sent. %(why)s") % {"why": text}
    messages.error(request, text)

"""What referrals add to the case pages: the case's referrals, newest first, with the way to the
directory filtered by the case's needs (casemgmt.panels), and, before a case closes, the
referrals still waiting for an answer (cases.closure)."""

from django.utils.translation import ngettext

from assessments.access import open_needs_seen
from casemgmt import panels
from cases import closure

from .filters import directory_for
from .models import Referral

REFERRAL_LIST_SIZE = 10


@panels.register(
    "case", slot="main", order=20, template="referrals/_case_referrals.html", queries=2
)
def referrals_panel(request, case):
    referrals = case.referrals.select_related("service__organization").order_by("-created_at")
    return {
        "referrals": referrals[:REFERRAL_LIST_SIZE],
        "find_service_url": directory_for(case, open_needs_seen(request, case))
        if case.is_open
        else "",
    }


@closure.check
def unanswered_referrals(case) -> list[closure.OpenItem]:
    count = case.referrals.filter(status=Referral.Status.SENT).count()
    if not count:
        return []
    label = ngettext(
        "%(count)s referral is still waiting for an answer.",
        "%(count)s referrals are still waiting for an answer.",
        count,
    )
    return [closure.OpenItem(label % {"count": count}, f"{case.get_absolute_url()}#referrals")]

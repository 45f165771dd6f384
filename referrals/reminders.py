"""Reminder kinds for referrals: no answer by the response deadline, reminded to the case manager,
and escalated to the team's supervisors when still unanswered 2 business days later.

The grace counts business days (referrals.deadlines.add_business_days), like the deadline itself:
it is the one rule for when an unanswered referral escalates, and the referral's page and queue
ask this kind for it (Referral.escalate_at).
"""

from cases.models import Case
from reminders.registry import Due, register, scan_since

from .deadlines import UNANSWERED, add_business_days
from .models import Referral


@register(UNANSWERED, "Referral unanswered", escalate_after_days=2, add_days=add_business_days)
def referrals_unanswered(now):
    referrals = (
        Referral.objects.filter(
            status=Referral.Status.SENT, respond_by__gte=scan_since(now), respond_by__lt=now
        )
        .exclude(case__status=Case.Status.CLOSED)
        .select_related("case__client", "organization")
    )
    for referral in referrals:
        yield Due(
            subject=referral,
            recipient_id=referral.case.primary_case_manager_id,
            due_at=referral.respond_by,
            title=f"No answer from {referral.organization}",
            body=f"Referral for {referral.case.client.display_name}: follow up or re-route it.",
            url=referral.get_absolute_url(),
            case_id=referral.case_id,
        )

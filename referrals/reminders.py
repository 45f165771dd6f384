"""Reminder kinds for referrals: no answer by the response deadline."""

from clients.models import Case
from reminders.registry import Due, register, scan_since

from .models import Referral


@register("referral_unanswered", "Referral unanswered", escalate_after_days=2)
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

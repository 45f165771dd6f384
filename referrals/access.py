"""Access helpers of the referral pages: the referral if the user may see its case, 404 otherwise
(never leak that it exists)."""

from django.shortcuts import get_object_or_404

from .models import Referral


def get_referral_for_user(user, pk) -> Referral:
    """The referral if the user may see its case; 404 otherwise."""
    referrals = Referral.objects.visible_to(user).select_related(
        "case__client",
        "case__team",
        "case__program",
        "organization",
        "service__organization",
        "consent",
        "created_by",
        "need__domain",
        "goal",
        "rerouted_from__organization",
    )
    return get_object_or_404(referrals, pk=pk)

"""Templates ask a referral about its status through properties, never by comparing with a
string: each property is true for its own status only."""

import pytest

from referrals.models import Referral

PROPERTIES = {
    Referral.Status.DRAFT: "is_draft",
    Referral.Status.SENT: "is_sent",
    Referral.Status.DECLINED: "is_declined",
    Referral.Status.SCHEDULED: "is_scheduled",
    Referral.Status.COMPLETED: "is_completed",
}


@pytest.mark.parametrize("status", Referral.Status)
def test_a_referral_is_only_in_its_own_status(status):
    referral = Referral(status=status)

    true = {name for name in PROPERTIES.values() if getattr(referral, name)}

    assert true == ({PROPERTIES[status]} if status in PROPERTIES else set())

"""What of the client's record a sent referral shares with its organization: the packet, the
partner page and the discharge handoff summary show these and nothing more.

Minimum necessary: only the sections ticked on the referral are read, and nothing at all once
the consent it was sent under no longer holds.
"""

from careplans.models import Goal

from .models import Referral

Section = Referral.Section


def shared_parts(referral: Referral) -> dict:
    """The shared sections' data for `_packet_sections.html`; unticked sections are not queried."""
    shared = set(referral.shared_sections)
    client = referral.case.client
    parts = {"referral": referral, "shared": shared}
    if shared & {Section.IDENTITY, Section.CONTACT}:
        parts["person"] = client
    if Section.COVERAGE in shared:
        parts["coverages"] = client.coverages.current()
    if Section.SUPPORTS in shared:
        parts["supports"] = client.contacts.informed()
    if Section.GOALS in shared:
        parts["goals"] = (
            Goal.objects.filter(plan__in=referral.case.care_plans.filter(status="active"))
            .exclude(status=Goal.Status.DISCONTINUED)
            .select_related("domain")
        )
    return parts


def refusal(referral: Referral) -> str:
    """Why nothing of the record may be shared for this referral; empty when it may."""
    if referral.status == Referral.Status.DRAFT:
        return (
            "This referral has not been sent: nothing from the client's record can be shared "
            "until it is sent under the client's consent."
        )
    if not referral.consent_is_valid():
        return (
            "The client's consent for this referral is no longer valid (revoked or expired): "
            "nothing from the client's record can be shared."
        )
    return ""

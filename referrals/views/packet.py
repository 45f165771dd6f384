"""The referral packet: what goes to the receiving organization, to print or download as a PDF.

Minimum necessary: only the sections ticked on the referral are read and shown, and nothing at
all once the consent it was sent under no longer holds.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from casemgmt.decorators import read_only
from casemgmt.pdf import pdf_response
from referrals.access import get_referral_for_user
from referrals.models import Referral
from referrals.packet import refusal, shared_parts


def _packet(request, referral: Referral, *, pdf: bool = False) -> dict:
    link = referral.links.usable().first()
    return {
        **shared_parts(referral),
        "case": referral.case,
        "manager": referral.case.primary_case_manager,
        "partner_url": request.build_absolute_uri(link.get_absolute_url()) if link else "",
        "pdf": pdf,
    }


def _refused(request, referral: Referral, reason: str):
    context = {"referral": referral, "refusal": reason}
    return render(request, "referrals/packet.html", context, status=403)


@read_only
@login_required
def packet(request, pk):
    referral = get_referral_for_user(request.user, pk)
    if reason := refusal(referral):
        return _refused(request, referral, reason)
    return render(request, "referrals/packet.html", _packet(request, referral))


@read_only
@login_required
def packet_pdf(request, pk):
    referral = get_referral_for_user(request.user, pk)
    if reason := refusal(referral):
        return _refused(request, referral, reason)
    context = _packet(request, referral, pdf=True)
    filename = f"referral-{referral.pk}.pdf"
    return pdf_response("referrals/packet.html", context, request, filename=filename)

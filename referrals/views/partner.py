"""The receiving organization's page: no account, only the signed single-use link it was sent.

Every request is audited (PartnerLinkUse), good or refused. A refused link shows why and nothing
of the referral; a usable one shows the shared sections only and the answers possible now.
"""

from functools import wraps

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from casemgmt.transitions import InvalidTransition
from referrals import services
from referrals.forms import answer_form
from referrals.models import PartnerLink, Referral
from referrals.packet import shared_parts

NOT_VALID = (
    "This link is not valid. Check that you copied the whole link, or ask the case manager who "
    "sent the referral for a new one."
)


def _partner_page(view):
    """The URL is the credential: keep it out of search engines, caches and other sites'
    Referer headers. (Not "no-referrer": browsers then send `Origin: null` with the page's own
    form posts, which CSRF protection rightly refuses.)"""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapped


def moves_now(referral: Referral) -> list[str]:
    """The partner's answers that the referral's current status allows."""
    return [m for m in Referral.PARTNER_MOVES if referral.status in Referral.MOVES[m].sources]


def _invalid(request, message: str, status: int):
    return render(request, "referrals/partner_invalid.html", {"message": message}, status=status)


def _respond_page(request, link: PartnerLink, bound=None):
    """The referral as shared, with a form per answer possible now (`bound`: (move, form) to
    show again with its errors)."""
    referral = link.referral
    forms = [
        (
            move,
            Referral.MOVES[move].label,
            bound[1] if bound and bound[0] == move else answer_form(move),
        )
        for move in moves_now(referral)
    ]
    context = {
        **shared_parts(referral),
        "case": referral.case,
        "manager": referral.case.primary_case_manager,
        "forms": forms,
    }
    return render(request, "referrals/partner_respond.html", context)


@never_cache
@_partner_page
def respond(request, token):
    link = PartnerLink.from_token(token)
    action = (request.POST.get("move") or "unknown")[:20] if request.method == "POST" else "view"
    if link is None:
        services.audit_link_use(link=None, action=action, result="invalid", request=request)
        return _invalid(request, NOT_VALID, 404)
    if problem := link.problem:
        result = link.problem_code
        services.audit_link_use(link=link, action=action, result=result, request=request)
        return _invalid(request, problem, 410)
    if request.method != "POST":
        services.audit_link_use(link=link, action="view", result="ok", request=request)
        return _respond_page(request, link)
    return _answer(request, link, action)


def _answer(request, link: PartnerLink, move: str):
    referral = link.referral
    if move not in moves_now(referral):
        services.audit_link_use(link=link, action=move, result="not_allowed", request=request)
        status = referral.get_status_display().lower()
        message = f"That answer is not possible now: the referral is {status}."
        return _invalid(request, message, 409)
    form = answer_form(move, request.POST)
    if not form.is_valid():
        services.audit_link_use(link=link, action=move, result="form_errors", request=request)
        return _respond_page(request, link, bound=(move, form))
    try:
        # Audits its own success, in the same transaction as the move.
        next_link = services.answer_through_link(
            link=link, move=move, request=request, **form.cleaned_data
        )
    except InvalidTransition as e:
        services.audit_link_use(link=link, action=move, result="refused", request=request)
        return _invalid(request, str(e), 409)
    referral.refresh_from_db(fields=["status", "appointment_at", "decline_reason", "outcome"])
    context = {
        "referral": referral,
        "label": Referral.MOVES[move].label,
        "note": form.cleaned_data["note"],
        "next_url": request.build_absolute_uri(next_link.get_absolute_url()) if next_link else "",
    }
    return render(request, "referrals/partner_done.html", context)

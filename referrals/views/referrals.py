"""Referrals from a case: creating, sending, recording answers, re-routing, batches, the queue."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments.access import open_needs_seen
from casemgmt.decorators import read_only
from casemgmt.transitions import InvalidTransition
from cases.access import get_case_for_user
from cases.models import Case
from clients.models import Consent
from referrals import services
from referrals.access import get_referral_for_user
from referrals.filters import directory_for
from referrals.forms import ReferralForm, RerouteForm, SendForm, SeveralForm, answer_form
from referrals.models import Referral
from referrals.views.batch_report import report_batch

QUEUE_PAGE_SIZE = 25


@read_only
@login_required
def queue(request):
    """Referrals on the cases the user carries: open ones, overdue first, then longest waiting."""
    status = request.GET.get("status", "open")
    caseload = Case.objects.caseload_ids_of(request.user)
    referrals = Referral.objects.filter(case_id__in=caseload).for_queue()
    if status == "open":
        referrals = referrals.open()
    elif status in Referral.Status.values:
        referrals = referrals.filter(status=status)
    page = Paginator(referrals, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": Referral.Status.choices}
    return render(request, "referrals/queue.html", context)


@login_required
def referral_new(request, case_pk):
    case = get_case_for_user(request.user, case_pk)
    initial = {"service": request.GET.get("service")}
    form = ReferralForm(request.POST or None, case=case, user=request.user, initial=initial)
    if form.is_valid():
        try:
            referral = services.new_referral(case=case, by=request.user, **form.cleaned_data)
        except InvalidTransition as e:
            messages.error(request, str(e))
            return redirect(case)
        messages.success(request, "Referral drafted: check what is shared, then send it.")
        return redirect(referral)
    find_service_url = directory_for(case, open_needs_seen(request, case))
    context = {"case": case, "form": form, "find_service_url": find_service_url}
    return render(request, "referrals/new.html", context)


@login_required
def batch_new(request, case_pk):
    case = get_case_for_user(request.user, case_pk)
    form = SeveralForm(request.POST or None)
    if form.is_valid():
        try:
            batch = services.refer_to_several(
                case=case, services=form.ranked_services(), by=request.user, **form.request_fields()
            )
            sent, held = services.send_batch(batch=batch, by=request.user)
        except InvalidTransition as e:
            messages.error(request, str(e))
            return redirect(case)
        report_batch(request, sent, held)
        # What is held back needs the client's consent: its referral page is where to record it.
        return redirect(held[0] if held else f"{case.get_absolute_url()}#referrals")
    return render(request, "referrals/batch_new.html", {"case": case, "form": form})


@read_only
@login_required
def detail(request, pk):
    referral = get_referral_for_user(request.user, pk)
    context = {
        "referral": referral,
        "case": referral.case,
        "events": referral.events.select_related("actor"),
        "siblings": referral.batch.referrals.select_related("organization").order_by("client_rank")
        if referral.batch_id
        else (),
        "send_form": SendForm(referral=referral) if referral.status == "draft" else None,
        "consent_url": _consent_form_url(referral),
        "moves": [(name, label) for name, label in referral.available_moves() if name != "send"],
        "new_link": request.session.pop(f"partner-link-{referral.pk}", None),
    }
    return render(request, "referrals/detail.html", context)


@login_required
@require_POST
def send(request, pk):
    referral = get_referral_for_user(request.user, pk)
    form = SendForm(request.POST, referral=referral)
    if not form.is_valid():
        messages.error(
            request,
            f"Choose a valid consent naming {referral.organization}; without one nothing is sent.",
        )
        return redirect(referral)
    try:
        link = services.send_referral(
            referral=referral, by=request.user, consent=form.cleaned_data["consent"]
        )
    except InvalidTransition as e:
        messages.error(request, str(e))
    else:
        _show_link_once(request, referral, link)
        messages.success(request, "Referral sent: give the organization its packet and link.")
    return redirect(referral)


@login_required
def transition(request, pk, move):
    """Record an answer the organization gave by phone or fax, or cancel."""
    referral = get_referral_for_user(request.user, pk)
    if move not in Referral.MOVES or move == "send":
        raise Http404("No such move.")
    form = answer_form(move, request.POST or None)
    if form.is_valid():
        try:
            getattr(referral, move)(by=request.user, **form.cleaned_data)
        except InvalidTransition as e:
            messages.error(request, str(e))
        else:
            messages.success(request, f"Recorded: {referral.get_status_display().lower()}.")
        return redirect(referral)
    context = {
        "referral": referral,
        "case": referral.case,
        "form": form,
        "move": move,
        "label": Referral.MOVES[move].label,
    }
    return render(request, "referrals/transition.html", context)


@login_required
@require_POST
def new_link(request, pk):
    referral = get_referral_for_user(request.user, pk)
    try:
        link = services.issue_partner_link(referral=referral)
    except InvalidTransition as e:
        messages.error(request, str(e))
    else:
        _show_link_once(request, referral, link)
        messages.success(request, "New partner link issued; earlier unused links stop working.")
    return redirect(referral)


@login_required
def reroute(request, pk):
    referral = get_referral_for_user(request.user, pk)
    if not referral.can_reroute:
        messages.error(request, "Only an overdue or declined referral can be re-routed.")
        return redirect(referral)
    form = RerouteForm(request.POST or None, referral=referral)
    if form.is_valid():
        try:
            rerouted = services.reroute_referral(
                referral=referral, to=form.cleaned_data["service"], by=request.user
            )
        except InvalidTransition as e:
            messages.error(request, str(e))
            return redirect(referral)
        if rerouted.status == Referral.Status.DRAFT:
            messages.warning(request, f"Kept as a draft: no consent names {rerouted.organization}.")
        else:
            messages.success(request, f"Re-routed and sent to {rerouted.organization}.")
        return redirect(rerouted)
    context = {"referral": referral, "case": referral.case, "form": form}
    return render(request, "referrals/reroute.html", context)


def _consent_form_url(referral: Referral) -> str:
    """The client's consent form, filled in for a release of information naming the referral's
    organization (its directory entry and its name), returning to the referral once saved."""
    query = {
        "kind": Consent.Kind.RELEASE,
        "scope": Consent.Scope.ORGANIZATION,
        "organization": referral.organization_id,
        "organization_name": referral.organization.name,
        "next": referral.get_absolute_url(),
    }
    return f"{reverse('clients:consent_add', args=[referral.case.client_id])}?{urlencode(query)}"


def _show_link_once(request, referral: Referral, link) -> None:
    """The detail page shows a new partner link once, right after it is issued."""
    request.session[f"partner-link-{referral.pk}"] = request.build_absolute_uri(
        link.get_absolute_url()
    )

"""The unit board, the admission page, its inline barrier edits (htmx), and the forms of a stay:
admitting, the plan and its checklist, the EDD, utilization reviews, the discharge and the
post-discharge call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casemgmt.decorators import read_only
from casemgmt.pdf import pdf_response
from casemgmt.transitions import InvalidTransition
from casemgmt.versioning import StaleVersion
from cases.access import get_case_for_user
from referrals.models import Organization
from referrals.views.batch_report import report_batch

from . import services
from .access import get_admission_for_user, get_barrier_for_user
from .filters import BOARD_PAGE_SIZE, BoardFilter
from .forms import (
    AdmissionForm,
    BarrierForm,
    ChoiceForm,
    DischargeForm,
    DischargePlanForm,
    EddForm,
    FollowUpCallForm,
    TransitionForm,
    UtilizationReviewForm,
)
from .models import CHOICE_KINDS, Admission, DischargePlan


def _form_page(request, case, form, heading: str, **extra):
    """The one page of every form of a stay: under its case, with a heading."""
    context = {"case": case, "form": form, "heading": heading, **extra}
    return render(request, "discharge/form.html", context)


@read_only
@login_required
def board(request):
    """The unit board: the current inpatients of the cases the user may see, filtered by
    facility and unit (and more), sorted by column, in a fixed number of queries."""
    admissions = Admission.objects.visible_to(request.user).current()
    places = admissions.places()
    filterset = BoardFilter(request.GET, queryset=admissions.for_board(), places=places)
    page = Paginator(filterset.qs, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "page": page,
        "any_inpatient": bool(places),
        "checklist_items": len(DischargePlan.CHECKLIST),
    }
    return render(request, "discharge/board.html", context)


@read_only
@login_required
def detail(request, pk):
    admission = get_admission_for_user(request.user, pk)
    context = services.admission_page(admission, user=request.user)
    context["barrier_form"] = BarrierForm(plan=admission.plan)
    return render(request, "discharge/detail.html", context)


@login_required
def admit(request, case_pk):
    case = get_case_for_user(request.user, case_pk)
    form = AdmissionForm(request.POST or None, case=case)
    if form.is_valid():
        try:
            admission = services.admit_patient(case=case, by=request.user, **form.cleaned_data)
        except InvalidTransition as e:
            messages.error(request, str(e))
            return redirect(case)
        messages.success(request, _("Admission recorded."))
        return redirect(admission.get_absolute_url())
    return _form_page(request, case, form, _("Record an admission"))


@login_required
def transition_add(request, case_pk):
    """A move of level of care in the community, without an admission."""
    case = get_case_for_user(request.user, case_pk)
    form = TransitionForm(request.POST or None, case=case)
    if form.is_valid():
        services.record_transition(case=case, by=request.user, **form.cleaned_data)
        messages.success(request, _("Transition recorded."))
        return redirect(case)
    return _form_page(request, case, form, _("Transition of care"))


@login_required
def plan_edit(request, pk):
    admission = get_admission_for_user(request.user, pk)
    form = DischargePlanForm(request.POST or None, instance=admission.plan)
    if form.is_valid() and form.save_if_current(by=request.user):
        messages.success(request, _("Discharge plan saved."))
        return redirect(admission.get_absolute_url())
    return _form_page(request, admission.case, form, _("Discharge plan"))


@login_required
def discharge(request, pk):
    """The discharge: an incomplete checklist is listed and needs a reason to go ahead."""
    admission = get_admission_for_user(request.user, pk)
    form = DischargeForm(request.POST or None, admission=admission)
    if form.is_valid():
        try:
            services.discharge_patient(admission=admission, by=request.user, **form.cleaned_data)
        except (InvalidTransition, ValidationError) as e:
            form.add_error(None, e.messages if isinstance(e, ValidationError) else str(e))
        else:
            messages.success(request, _("Discharged: the follow-up tasks are on the case."))
            return redirect(admission.get_absolute_url())
    missing = admission.plan.missing_items(provider_accepted=form.provider_accepted)
    return _form_page(request, admission.case, form, _("Discharge"), missing=missing)


@login_required
def edd_change(request, pk):
    """A new expected discharge date, kept with who and why; a stale change is refused."""
    admission = get_admission_for_user(request.user, pk)
    initial = {
        "expected_discharge_on": admission.expected_discharge_on,
        "version": admission.version,
    }
    form = EddForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            admission.change_edd(
                to=form.cleaned_data["expected_discharge_on"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as e:
            form.refuse_stale(e)
        except ValidationError as e:
            form.add_error(None, e.messages)
        else:
            messages.success(request, _("Expected discharge date saved."))
            return redirect(admission.get_absolute_url())
    return _form_page(request, admission.case, form, _("Expected discharge date"))


@login_required
def review_add(request, pk):
    admission = get_admission_for_user(request.user, pk)
    form = UtilizationReviewForm(request.POST or None, admission=admission, reviewer=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Review recorded."))
        return redirect(admission.get_absolute_url())
    return _form_page(request, admission.case, form, _("Utilization review"))


@login_required
def call_record(request, pk):
    """One attempt at the post-discharge call; not reaching the patient schedules a retry."""
    admission = get_admission_for_user(request.user, pk)
    form = FollowUpCallForm(request.POST or None)
    if form.is_valid():
        try:
            services.record_call(admission=admission, by=request.user, **form.cleaned_data)
        except InvalidTransition as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("Call recorded."))
        return redirect(admission.get_absolute_url())
    return _form_page(request, admission.case, form, _("Post-discharge call"))


def _barriers(request, admission: Admission, form: BarrierForm):
    """The barriers card alone for htmx, else back to the page."""
    if request.htmx:
        context = {
            "admission": admission,
            "barriers": services.barriers_of(admission),
            "barrier_form": form,
        }
        return render(request, "discharge/_barriers.html", context)
    return redirect(admission.get_absolute_url())


@login_required
@require_POST
def barrier_add(request, pk):
    admission = get_admission_for_user(request.user, pk)
    form = BarrierForm(request.POST, plan=admission.plan)
    if form.is_valid():
        form.save()
        form = BarrierForm(plan=admission.plan)
    elif not request.htmx:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _barriers(request, admission, form)


@login_required
@require_POST
def barrier_resolve(request, pk):
    barrier = get_barrier_for_user(request.user, pk)
    try:
        barrier.resolve()
    except (InvalidTransition, ValidationError) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    admission = barrier.plan.admission
    return _barriers(request, admission, BarrierForm(plan=barrier.plan))


def _choice_context(admission: Admission, kind: str, providers) -> dict:
    return {
        "admission": admission,
        "case": admission.case,
        "kind": kind,
        "kinds": [(value, Organization.Kind(value).label) for value in CHOICE_KINDS],
        "providers": providers,
        "today": timezone.localdate(),
    }


@login_required
def choice(request, pk):
    """The post-acute providers the patient may choose from, and the one request sent to those
    the patient chose, in the order of choice."""
    admission = get_admission_for_user(request.user, pk)
    kind = services.choice_kind(admission, request.GET.get("kind"))
    providers = services.choice_list(admission, kind=kind)
    form = ChoiceForm(request.POST or None, admission=admission, providers=providers)
    if form.is_valid():
        data = form.cleaned_data
        try:
            _offer, sent, held = services.offer_choice(
                admission=admission,
                by=request.user,
                kind=kind,
                services=form.ranked_services(),
                providers_listed=len(providers),
                offered_on=data["offered_on"],
                note=data["note"],
                **form.request_fields(),
            )
        except InvalidTransition as e:
            messages.error(request, str(e))
            return redirect(admission.get_absolute_url())
        report_batch(request, sent, held)
        # What is held back needs the client's consent: its referral page is where to record it.
        return redirect(held[0] if held else f"{admission.get_absolute_url()}#choice")
    context = _choice_context(admission, kind, providers) | {"form": form}
    return render(request, "discharge/choice.html", context)


@read_only
@login_required
def choice_print(request, pk):
    """The list to hand to the patient: a blank column for their ranked choice."""
    admission = get_admission_for_user(request.user, pk)
    kind = services.choice_kind(admission, request.GET.get("kind"))
    context = _choice_context(admission, kind, services.choice_list(admission, kind=kind))
    return render(request, "discharge/choice_print.html", context)


def _handoff(request, pk, *, pdf: bool):
    """The handoff summary for the receiving provider, or why it cannot be shown (403)."""
    admission = get_admission_for_user(request.user, pk)
    referral = services.receiving_referral_of(admission)
    if reason := services.handoff_refusal(admission, referral):
        context = {"admission": admission, "refusal": reason}
        return render(request, "discharge/handoff.html", context, status=403)
    context = services.handoff(admission, referral) | {"pdf": pdf}
    if not pdf:
        return render(request, "discharge/handoff.html", context)
    filename = f"handoff-{admission.pk}.pdf"
    return pdf_response("discharge/handoff.html", context, request, filename=filename)


@read_only
@login_required
def handoff(request, pk):
    return _handoff(request, pk, pdf=False)


@read_only
@login_required
def handoff_pdf(request, pk):
    return _handoff(request, pk, pdf=True)

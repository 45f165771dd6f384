"""The admission page and its inline barrier edits (htmx)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casemgmt.transitions import InvalidTransition
from cases.access import get_case_for_user

from . import services
from .access import get_admission_for_user, get_barrier_for_user
from .forms import AdmissionForm, BarrierForm, DischargeForm, DischargePlanForm
from .models import Admission


def admission_url(admission: Admission) -> str:
    return reverse("discharge:detail", args=[admission.pk])


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
        return redirect(admission_url(admission))
    context = {"case": case, "form": form, "heading": _("Record an admission")}
    return render(request, "discharge/form.html", context)


@login_required
def plan_edit(request, pk):
    admission = get_admission_for_user(request.user, pk)
    form = DischargePlanForm(request.POST or None, instance=admission.plan)
    if form.is_valid() and form.save_if_current(by=request.user):
        messages.success(request, _("Discharge plan saved."))
        return redirect(admission_url(admission))
    context = {"case": admission.case, "form": form, "heading": _("Discharge plan")}
    return render(request, "discharge/form.html", context)


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
            return redirect(admission_url(admission))
    context = {
        "case": admission.case,
        "form": form,
        "heading": _("Discharge"),
        "missing": admission.plan.missing_items(),
    }
    return render(request, "discharge/form.html", context)


def _barriers(request, admission: Admission, form: BarrierForm):
    """The barriers card alone for htmx, else back to the page."""
    if request.htmx:
        context = {
            "admission": admission,
            "barriers": services.barriers_of(admission),
            "barrier_form": form,
        }
        return render(request, "discharge/_barriers.html", context)
    return redirect(admission_url(admission))


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

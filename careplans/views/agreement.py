"""The client's agreement to a care plan: signed (typed name, date, drawn signature) or declined
with the reason the client gave."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from careplans.access import get_plan_for_user
from careplans.forms import AgreementForm
from careplans.models import CarePlan
from casemgmt.transitions import InvalidTransition


@login_required
def agreement(request, pk):
    plan = get_plan_for_user(request.user, pk)
    if request.method != "POST" and plan.agreement != CarePlan.Agreement.PENDING:
        messages.info(request, f"Already recorded: {plan.get_agreement_display().lower()}.")
        return redirect(plan)
    if request.method != "POST" and not plan.awaits_agreement:
        messages.info(request, "The client is asked to sign once the plan is submitted.")
        return redirect(plan)
    form = AgreementForm(request.POST or None, initial={"on": timezone.localdate()})
    if form.is_valid():
        try:
            plan.record_agreement(by=request.user, **form.agreement_kwargs())
        except InvalidTransition as e:
            messages.error(request, str(e))
        else:
            messages.success(request, f"Recorded: {plan.get_agreement_display().lower()}.")
        return redirect(plan)
    goals = plan.goals.select_related("domain")
    return render(request, "careplans/agreement.html", {"plan": plan, "form": form, "goals": goals})

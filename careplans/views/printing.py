"""The care plan in plain language, to print or download as a PDF and hand to the client."""

import base64

from django.contrib.auth.decorators import login_required
from django.db.models import F, Prefetch
from django.shortcuts import render

from careplans.access import get_plan_for_user
from careplans.models import CarePlan, Task
from casemgmt.decorators import read_only
from casemgmt.pdf import pdf_response


def _printable(plan: CarePlan, *, pdf: bool = False) -> dict:
    """Everything the print page shows, in a fixed number of queries."""
    tasks = Task.objects.select_related("assignee").order_by(F("due_on").asc(nulls_last=True), "pk")
    goals = (
        plan.goals.select_related("domain")
        .prefetch_related(Prefetch("tasks", queryset=tasks))
        .order_by("domain__order", "domain__name", "domain_id", "-priority", "pk")
    )
    signature = None
    if plan.signature_png:
        encoded = base64.b64encode(bytes(plan.signature_png)).decode("ascii")
        signature = f"data:image/png;base64,{encoded}"
    return {
        "plan": plan,
        "case": plan.case,
        "goals": goals,
        "contacts": plan.case.client.contacts.informed(),
        "signature": signature,
        "pdf": pdf,
    }


@read_only
@login_required
def print_plan(request, pk):
    plan = get_plan_for_user(request.user, pk)
    return render(request, "careplans/print.html", _printable(plan))


@read_only
@login_required
def plan_pdf(request, pk):
    plan = get_plan_for_user(request.user, pk)
    filename = f"care-plan-{plan.case_id}-v{plan.number}.pdf"
    return pdf_response(
        "careplans/print.html", _printable(plan, pdf=True), request, filename=filename
    )

"""The care plan in plain language, to print or download as a PDF and hand to the client."""

import base64

import weasyprint
from django.contrib.auth.decorators import login_required
from django.db.models import F, Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from careplans.models import CarePlan, Task

from .plans import get_plan_for_user


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
        "contacts": plan.case.client.contacts.filter(is_active=True, may_receive_information=True),
        "signature": signature,
        "pdf": pdf,
    }


@login_required
def print_plan(request, pk):
    plan = get_plan_for_user(request.user, pk)
    return render(request, "careplans/print.html", _printable(plan))


@login_required
def plan_pdf(request, pk):
    plan = get_plan_for_user(request.user, pk)
    html = render_to_string("careplans/print.html", _printable(plan, pdf=True), request=request)
    # The template inlines what it shows (CSS, the signature as a data: URL), so the renderer
    # fetches nothing: every other scheme, the network and local files included, is refused.
    # A fetcher per request: it keeps per-request state.
    no_fetching = weasyprint.URLFetcher(allowed_protocols={"data"})
    pdf = weasyprint.HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=no_fetching
    ).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"care-plan-{plan.case_id}-v{plan.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

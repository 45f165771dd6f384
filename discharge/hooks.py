"""What hospital stays add to the pages below them: on the client page (casemgmt.panels) the
admissions timeline with readmissions marked; on the case page the
current stay, or the latest one within 30 days of its discharge, or a link to record one; before a
case closes, its stay still in hospital (cases.closure)."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from casemgmt import panels
from cases import closure

from .models import Admission

# The client page shows this many stays, newest first.
CLIENT_STAYS_SHOWN = 20


@panels.register(
    "client", slot="main", order=15, template="discharge/_client_admissions.html", queries=1
)
def admissions_panel(request, person):
    """The client's stays the user may see, on any of their cases, readmissions marked."""
    stays = (
        Admission.objects.visible_to(request.user)
        .of_client(person.pk)
        .select_related("facility")
        .order_by("-admitted_at", "-pk")[:CLIENT_STAYS_SHOWN]
    )
    stays = list(stays)
    return {"stays": stays} if stays else None


@panels.register("case", slot="side", order=5, template="discharge/_case_admission.html", queries=1)
def admission_panel(request, case):
    admission = (
        Admission.objects.filter(case=case)
        .current_or_recent()
        .select_related("facility")
        .annotate(open_barriers=Count("plan__barriers", filter=Q(plan__barriers__resolved_on=None)))
        .order_by("-admitted_at", "-pk")
        .first()
    )
    if admission is None:
        return {"admission": None}
    return {"admission": admission, "open_barriers": admission.open_barriers}


@closure.check
def stay_in_hospital(case) -> list[closure.OpenItem]:
    current = Admission.objects.filter(case=case).current().select_related("facility").first()
    if current is None:
        return []
    label = _("The client is still in hospital at %(facility)s: record the discharge first.")
    return [closure.OpenItem(label % {"facility": current.facility}, current.get_absolute_url())]

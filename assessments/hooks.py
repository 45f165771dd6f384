"""What assessments add to the case page (casemgmt.panels): the latest assessments with a way
to start one, and the needs they found."""

from casemgmt import panels

from .access import open_needs_seen
from .models import Assessment

ASSESSMENT_LIST_SIZE = 10


@panels.register(
    "case", slot="main", order=10, template="assessments/_case_assessments.html", queries=1
)
def assessments_panel(request, case):
    assessments = Assessment.objects.visible_to(request.user).filter(case=case).for_list()
    return {"assessments": assessments[:ASSESSMENT_LIST_SIZE]}


@panels.register("case", slot="side", order=30, template="assessments/_case_needs.html", queries=1)
def needs_panel(request, case):
    return {"needs": open_needs_seen(request, case)}

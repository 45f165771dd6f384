"""What the cases app adds to the client pages (casemgmt.panels): the client's cases, with the
restricted ones of the user's team offered by emergency access, and the timeline of notes."""

from casemgmt import panels

from .models import Case, CaseNote

TIMELINE_SIZE = 30


@panels.register(
    "client", slot="actions", order=10, template="cases/_client_open_case.html", queries=0
)
def open_case_action(request, person):
    return None if person.is_archived else {}


@panels.register("client", slot="main", order=10, template="cases/_client_cases.html", queries=2)
def cases_panel(request, person):
    return {
        "cases": Case.objects.visible_to(request.user).filter(client=person).for_list(),
        "behind_glass": Case.objects.open_to_emergency_access_by(request.user)
        .filter(client=person)
        .for_list(),
    }


@panels.register("client", slot="main", order=20, template="cases/_client_timeline.html", queries=1)
def timeline_panel(request, person):
    notes = CaseNote.objects.visible_to(request.user).filter(case__client=person)
    return {"notes": notes.for_client_timeline()[:TIMELINE_SIZE]}


@panels.register(
    "restricted_client", slot="main", order=10, template="cases/_client_restricted.html", queries=1
)
def restricted_cases_panel(request, person):
    cases = Case.objects.open_to_emergency_access_by(request.user).filter(client=person)
    return {"cases": cases.for_list()}

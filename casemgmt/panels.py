"""Pages built from parts other apps contribute (the client page, the case page).

A page lower in the app graph (clients, cases) cannot import the apps that build on it, so it
names slots and each app above registers its panels for them in its `hooks.py` (found at
start-up, like admin.py):

    @panels.register("case", slot="side", order=10, template="careplans/_case_plan.html", queries=2)
    def plan_panel(request, case):
        return {"plans": list(case.care_plans.all())}

The page's view renders them with `panels.render(request, "case", case=case)` and its template
prints each slot in order. A panel's function returns its template's context (the page's
object is in it under the name the page gives it) or None to stay out; it runs at most
`queries` SQL queries however much data there is (tests/test_panels.py holds every
panel to it).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Panel:
    page: str
    slot: str
    order: int
    template: str
    context: Callable[[HttpRequest, models.Model], dict | None]
    queries: int

    @property
    def name(self) -> str:
        return f"{self.context.__module__}.{self.context.__name__}"


PANELS: dict[str, list[Panel]] = defaultdict(list)


def register(page: str, *, slot: str, order: int, template: str, queries: int):
    """Decorator for a panel's context function; see the module's docstring."""

    def decorate(context):
        panel = Panel(page, slot, order, template, context, queries)
        if any(p.name == panel.name for p in PANELS[page]):
            raise ValueError(f"Panel {panel.name} is registered twice.")
        PANELS[page].append(panel)
        PANELS[page].sort(key=lambda p: (p.slot, p.order))
        return context

    return decorate


def render(request: HttpRequest, page: str, **page_object) -> dict[str, list[SafeString]]:
    """Each slot of `page` → its panels' HTML, in order, for the one page object given by name
    (`person=...`); a panel whose context is None is left out."""
    ((name, obj),) = page_object.items()
    slots = defaultdict(list)
    for panel in PANELS[page]:
        context = panel.context(request, obj)
        if context is not None:
            context = {name: obj, **context}
            slots[panel.slot].append(render_to_string(panel.template, context, request))
    return dict(slots)

"""Every panel an app contributes to the client and case pages (casemgmt/panels.py) costs the same
number of SQL queries however much data sits behind it, and no more than its own budget.

Each panel is rendered alone (its context function and its template), for the page object of the
authorization matrix's in-scope set, before and after the data behind it grows (the query budget
test's `grow`). The viewer is the primary case manager, except on the restricted-record page,
which only a teammate outside the case's circle sees.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django_htmx.middleware import HtmxDetails

from casemgmt import panels
from tests.test_authorization_matrix import scoped_objects
from tests.test_query_budget import grow

pytestmark = pytest.mark.django_db

# page: (the name the page gives its object, which of the scoped objects it is, who looks)
PAGES = {
    "client": ("person", "client", "caseworker"),
    "restricted_client": ("person", "client", "teammate"),
    "case": ("case", "case", "caseworker"),
}
ALL_PANELS = [panel for page in sorted(panels.PANELS) for panel in panels.PANELS[page]]


def test_every_page_with_panels_is_measured():
    assert set(panels.PANELS) <= set(PAGES)


def _viewer(user):
    """A fresh copy of the user as a request loads it (accounts.backends)."""
    return get_user_model().objects.with_scope().get(pk=user.pk)


def _cost(panel, user, obj, name) -> int:
    request = RequestFactory().get("/")
    request.user = _viewer(user)
    request.htmx = HtmxDetails(request)
    with CaptureQueriesContext(connection) as captured:
        context = panel.context(request, obj)
        if context is not None:
            render_to_string(panel.template, {name: obj, **context}, request)
    return len(captured)


@pytest.mark.parametrize("panel", ALL_PANELS, ids=[p.name for p in ALL_PANELS])
def test_the_panel_costs_the_same_queries_however_much_data_there_is(
    panel, request, team, caseworker, teammate
):
    name, which, who = PAGES[panel.page]
    objects = scoped_objects(team, caseworker)
    viewer = request.getfixturevalue(who)
    grow(objects, caseworker, team)
    before = _cost(panel, viewer, objects[which], name)

    grow(objects, caseworker, team)
    after = _cost(panel, viewer, objects[which], name)

    assert after == before, "the query count grew with the data"
    assert after <= panel.queries

"""A supervisor runs the team from the Supervision menu (issue 15): reads the dashboard, moves a
departing case manager's cases to two others, who accept them, approves a care plan and signs
off a closure from the one approvals queue, and downloads a report."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from careplans.tests.plan_factories import submitted_plan
from cases.models import Case
from cases.services import request_closure
from cases.tests.factories import CaseFactory
from e2e.conftest import login, logout
from supervision.models import ReportExport


@pytest.fixture
def departing(team):
    person = UserFactory(username="dana", first_name="Dana", last_name="Leaving")
    team.members.add(person)
    return person


def test_a_supervisor_moves_a_departing_workers_cases_and_clears_the_approvals_queue(
    page, team, supervisor, caseworker, teammate, departing
):
    team.program.closure_sign_off = True
    team.program.save()
    leaving = [
        CaseFactory(team=team, program=team.program, primary_case_manager=departing)
        for _ in range(3)
    ]
    planned = CaseFactory(team=team, program=team.program, primary_case_manager=caseworker)
    plan = submitted_plan(planned, by=caseworker)
    closing = CaseFactory(
        team=team, program=team.program, primary_case_manager=caseworker, status="active"
    )
    request_closure(case=closing, by=caseworker, reason=Case.ClosureReason.GOALS_MET)

    login(page, supervisor)
    page.get_by_role("button", name="Supervision").click()
    page.get_by_role("link", name="Team dashboard").click()
    caseloads = page.locator("#caseloads")
    dana = caseloads.get_by_role("row").filter(has_text="Dana Leaving")
    expect(dana.get_by_role("link", name="Open cases of Dana Leaving: 3")).to_be_visible()

    dana.get_by_role("link", name="Move cases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Move Dana Leaving's cases")
    page.get_by_label("Why the cases move").fill("Dana leaves the agency on Friday.")
    page.get_by_role("button", name="Ask them to accept").click()
    expect(page.get_by_role("status").filter(has_text="3 transfers await")).to_be_visible()
    transfers = page.get_by_role("region", name="Transfers awaiting acceptance")
    expect(transfers.get_by_role("listitem")).to_have_count(3)
    logout(page)

    for receiver in (caseworker, teammate):
        login(page, receiver)
        page.goto(reverse("supervision:transfers"))
        offered = page.get_by_role("region", name="Offered to you")
        while offered.get_by_role("button", name=re.compile("^Accept")).count():
            offered.get_by_role("button", name=re.compile("^Accept")).first.click()
            expect(
                page.get_by_role("status").filter(has_text="The case is yours now")
            ).to_be_visible()
            page.goto(reverse("supervision:transfers"))
        logout(page)
    assert not Case.objects.filter(pk__in=[c.pk for c in leaving], primary_case_manager=departing)

    login(page, supervisor)
    page.get_by_role("button", name="Supervision").click()
    page.get_by_role("link", name="Approvals").click()
    plans = page.get_by_role("region", name=re.compile("^Care plans submitted"))
    plans.get_by_role("link", name=re.compile(planned.client.display_name)).click()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved by Sam Super").first).to_be_visible()

    page.goto(reverse("supervision:approvals"))
    closures = page.get_by_role("region", name=re.compile("^Closures awaiting sign-off"))
    closures.get_by_role("button", name=re.compile("^Sign off and close")).click()
    expect(page.get_by_role("status").filter(has_text="Closure signed off")).to_be_visible()
    closing.refresh_from_db()
    assert closing.status == Case.Status.CLOSED
    plan.refresh_from_db()
    assert plan.status == "active"

    # The month's caseload report, downloaded: the export is recorded.
    page.goto(reverse("supervision:team", args=[team.pk]))
    page.get_by_role("link", name="Outcome reports").click()
    page.get_by_role("link", name="Caseload and contacts per month").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    lines = Path(download.value.path()).read_text().splitlines()
    assert lines[0].startswith("Month")
    assert ReportExport.objects.get().user == supervisor

"""The care-plan cycle in the browser: from the assessment's needs to an approved, printed plan,
through a supervisor's rejection and the case manager's revision."""

import re

import pytest
from playwright.sync_api import expect

from assessments.tests.factories import complete, matrix
from e2e.conftest import login, logout

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fill_goal(page, goal, *, target: str, date: str) -> None:
    goal.get_by_role("button", name=re.compile("Edit goal")).click()
    form = page.locator("form[id^='goal-']:not(#goal-form)")
    form.get_by_label("Measurable target").fill(target)
    form.get_by_label("Target date").fill(date)
    form.get_by_role("button", name="Save goal").click()
    expect(page.get_by_role("button", name="Save goal")).to_have_count(0)


def test_a_plan_goes_from_needs_through_rejection_to_approval_and_print(
    page, case_for, caseworker, supervisor
):
    case = case_for()
    complete(case, "life-domains", matrix(3, housing=1, income=2))
    login(page, caseworker)
    page.goto(case.get_absolute_url())

    page.get_by_role("link", name=re.compile("Start a plan")).click()
    page.get_by_label(re.compile("identified needs")).check()
    page.get_by_role("button", name="Start the plan").click()
    goals = page.locator("article[id^='goal-']")
    expect(goals).to_have_count(2)

    fill_goal(page, goals.nth(0), target="Signed lease", date="2027-03-01")
    fill_goal(page, goals.nth(1), target="Income covers rent", date="2027-04-01")
    goals.nth(0).get_by_role("button", name=re.compile("Add a task")).click()
    page.get_by_label("Task").fill("Apply for a housing voucher")
    page.get_by_role("button", name="Add task").click()
    expect(goals.nth(0)).to_contain_text("Apply for a housing voucher")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("Awaiting approval", exact=True)).to_be_visible()
    plan_url = page.url

    logout(page)
    login(page, supervisor)
    page.get_by_role("button", name="Supervision").click()
    page.get_by_role("link", name="Approvals").click()
    expect(page.get_by_role("region", name=re.compile("^Care plans submitted"))).to_contain_text(
        case.client.display_name
    )
    page.goto(plan_url)
    page.get_by_role("link", name="Reject with a comment").click()
    page.get_by_label("What needs to change").fill("Add a budgeting task under income.")
    page.get_by_role("button", name="Reject and return").click()
    expect(page.get_by_role("status").filter(has_text="Returned by")).to_be_visible()

    logout(page)
    login(page, caseworker)
    page.goto(plan_url)
    expect(page.get_by_role("status").filter(has_text="Returned by")).to_contain_text(
        "Add a budgeting task under income."
    )
    goals.nth(1).get_by_role("button", name=re.compile("Add a task")).click()
    page.get_by_label("Task").fill("Build a monthly budget together")
    page.get_by_role("button", name="Add task").click()
    expect(goals.nth(1)).to_contain_text("Build a monthly budget together")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("Awaiting approval", exact=True)).to_be_visible()

    logout(page)
    login(page, supervisor)
    page.goto(plan_url)
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Active", exact=True)).to_be_visible()
    history = page.get_by_role("region", name="History")
    expect(history).to_contain_text("Add a budgeting task under income.")

    page.get_by_role("link", name="Print").click()
    expect(page.get_by_text("Apply for a housing voucher")).to_be_visible()
    expect(page.get_by_text("Build a monthly budget together")).to_be_visible()

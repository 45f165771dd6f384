"""Assessing a client in the browser: a life-domain matrix and a PHQ-9, their charts, the needs on
the case, and the safety alert the PHQ-9's item 9 raises."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The life-domain matrix's ratings, by the domain's name; the rest are rated 3 ("Safe").
LOW = {"Housing": "1 · In crisis", "Income": "2 · Vulnerable"}
OPTIONAL = {"Child care", "Children's education", "Parenting skills"}


def start(page, instrument: str) -> None:
    """From the case page to the instrument's form, once all of its items are on the page."""
    page.get_by_role("link", name="Start an assessment").click()
    expect(page.get_by_role("heading", name=re.compile("^Start an assessment for"))).to_be_visible()
    # The options name the version too ("PHQ-9 (v1)").
    choice = page.get_by_label("Instrument").locator("option", has_text=instrument)
    page.get_by_label("Instrument").select_option(value=choice.get_attribute("value"))
    page.get_by_role("button", name="Start").click()
    # The button ends the form: once it shows, every item above it has been parsed.
    expect(page.get_by_role("button", name="Complete assessment")).to_be_visible()


def wait_for_charts(page) -> None:
    """static/js/charts.js has drawn every chart canvas of the page."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart]')].every(c => c.chart)"
    )


def test_a_case_manager_completes_a_matrix_and_a_phq9_and_sees_charts_needs_and_the_alert(
    page, case_for, caseworker, supervisor
):
    case = case_for()
    login(page, caseworker)
    page.goto(case.get_absolute_url())

    start(page, "Life-domain matrix")
    for item in page.locator("fieldset[data-item]").all():
        question = item.locator("legend").inner_text()
        if any(domain in question for domain in OPTIONAL):
            continue
        rating = next((r for domain, r in LOW.items() if domain in question), "3 · Safe")
        item.get_by_label(rating).check()
    page.get_by_role("button", name="Complete assessment").click()
    expect(page.get_by_role("heading", name="Domain profile")).to_be_visible()
    expect(page.locator("canvas[data-chart='profile-chart']")).to_be_visible()
    wait_for_charts(page)

    page.get_by_role("link", name=f"Case {case.pk}").click()
    needs = page.get_by_role("region", name="Identified needs")
    expect(needs).to_contain_text("Housing")
    expect(needs).to_contain_text("Income")

    start(page, "PHQ-9")
    for item in page.locator("fieldset[data-item]").all()[:8]:
        item.get_by_label("Several days").check()
    page.locator("fieldset[data-item]").nth(8).get_by_label("More than half the days").check()
    expect(page.locator("#answered-count")).to_have_text("9 of 10 answered")
    page.get_by_role("button", name="Complete assessment").click()

    expect(page.get_by_role("alert")).to_contain_text("Safety alert")
    expect(page.get_by_text(re.compile(r"^10 Moderate$"))).to_be_visible()
    page.get_by_role("link", name=re.compile("Trends for this case")).click()
    # The matrix: latest profile and lines per domain; the PHQ-9: its totals.
    expect(page.locator("canvas[data-chart]")).to_have_count(3)
    wait_for_charts(page)

    page.goto(case.get_absolute_url())
    expect(page.get_by_role("region", name="Client flags")).to_contain_text("Safety risk")
    tasks = page.get_by_role("region", name="Open tasks")
    expect(tasks).to_contain_text("Safety plan review")
    expect(page.locator("#bell")).to_contain_text("1")

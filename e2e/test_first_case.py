"""The foundation's vertical slice, as a case manager does it in the browser."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from clients.tests.factories import ClientFactory
from e2e.conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_case_manager_registers_a_client_opens_a_case_and_finds_it_on_the_caseload(
    page, caseworker, team
):
    ClientFactory(
        legal_first_name="John",
        legal_last_name="Smith",
        date_of_birth=datetime.date(1975, 6, 30),
        registered_team=team,
    )
    login(page, caseworker)

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Find a client").click()
    page.get_by_label("Name, date of birth or client number").fill("Jon Smyth")
    expect(page.locator("#search-results")).to_contain_text("Smith")

    nav.get_by_role("link", name="New intake").click()
    page.get_by_label("Legal first name").fill("Jon")
    page.get_by_label("Legal last name").fill("Smyth")
    page.get_by_label("Date of birth").fill("1975-06-30")
    page.get_by_label("Phone").fill("(555) 010-4477")
    page.get_by_role("button", name="Register client").click()
    expect(
        page.get_by_role("heading", name="This person may already be registered")
    ).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("John Smith")

    page.get_by_label("Reason for registering anyway").fill("Different mother's maiden name")
    page.get_by_role("button", name="Register as new client").first.click()
    expect(page.get_by_role("heading", name=re.compile("Jon Smyth"))).to_be_visible()

    page.get_by_role("link", name="Open a case").first.click()
    page.get_by_label("Program").select_option(label=team.program.name)
    page.get_by_label("Team").select_option(label=team.name)
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_role("heading", name="Notes")).to_be_visible()

    case_url = page.url
    page.get_by_label("Contact type").select_option(label="Phone call")
    page.get_by_label("Narrative").fill("First call: needs help with housing application.")
    page.get_by_role("button", name="Save and sign").click()
    expect(page.locator("#notes-list")).to_contain_text("needs help with housing application")
    expect(page).to_have_url(case_url)

    nav.get_by_role("link", name="My caseload").click()
    expect(page.get_by_role("table")).to_contain_text("Smyth")

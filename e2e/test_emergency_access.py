"""Breaking the glass on a restricted case, as a teammate does it in the browser."""

from playwright.sync_api import expect

from clients.tests.factories import ClientFactory
from e2e.conftest import login


def test_a_teammate_finds_a_restricted_client_and_opens_the_case_with_a_reason(
    page, teammate, supervisor, case_for, team
):
    person = ClientFactory(
        legal_first_name="Nadia", legal_last_name="Petrova", registered_team=team
    )
    case_for(client=person, restricted=True)
    login(page, teammate)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find a client").click()
    page.get_by_label("Name, date of birth or client number").fill("Nadia Petrova")
    results = page.locator("#search-results")
    expect(results).to_contain_text("Restricted")
    results.get_by_role("link", name="Petrova, Nadia").click()
    expect(page.get_by_role("heading", name="Nadia Petrova's record is restricted")).to_be_visible()

    page.get_by_role("link", name="Emergency access").click()
    page.get_by_role("button", name="Open with emergency access").click()
    expect(page.get_by_text("Give the reason")).to_be_visible()
    page.get_by_label("Why do you need this case now?").fill("Client in crisis in the lobby.")
    page.get_by_role("button", name="Open with emergency access").click()

    expect(page.get_by_text("under emergency access until")).to_be_visible()
    expect(page.get_by_role("heading", name="Notes")).to_be_visible()

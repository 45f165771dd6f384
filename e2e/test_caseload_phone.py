"""The caseload on a phone: one card per case instead of a table wider than the screen."""

from playwright.sync_api import expect

from clients.tests.factories import ClientFactory
from e2e.conftest import login

PHONE = {"width": 390, "height": 844}


def test_on_a_phone_the_caseload_shows_each_case_as_a_card_and_nothing_scrolls_sideways(
    page, case_for, caseworker
):
    case_for(client=ClientFactory(legal_first_name="Amara", legal_last_name="Okafor"))
    case_for(restricted=True)
    page.set_viewport_size(PHONE)

    login(page, caseworker)

    card = page.get_by_role("list", name="Cases").get_by_role("article", name="Amara Okafor")
    expect(card.get_by_role("link", name="Amara Okafor", exact=True)).to_be_visible()
    expect(card.get_by_role("link", name="Open case for Amara Okafor")).to_be_visible()
    expect(page.get_by_role("table")).to_be_hidden()
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"], widths

import re

from playwright.sync_api import expect

from e2e.conftest import login


def test_logging_in_lands_on_my_caseload(page, caseworker):
    login(page, caseworker)

    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()


def test_a_wrong_password_shows_an_error_and_stays_on_the_login_page(page, caseworker):
    wrong_guess = "not the password"

    login(page, caseworker, password=wrong_guess)

    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))

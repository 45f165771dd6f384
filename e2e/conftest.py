"""Browser-test plumbing: one headless Debian Chromium per test session, driven by Playwright.

Tests take `page` (a fresh browser context against pytest-django's live server, so
`page.goto("/accounts/login/")` works), log in with `login(page, user)` and out with
`logout(page)`. Every test that takes `page` is marked `browser` and runs transactionally with
serialized rollback (the live server sees only committed rows; the rollback brings back rows
data migrations made, such as the role groups). When a test fails, a screenshot of its page is
saved under test-artifacts/.

A test waits for the state it checks, never for a fixed time: `expect(...)` retries until the page
shows it, `page.wait_for_function(...)` until a script has run (a chart drawn), and the helpers
below return once the page they lead to has loaded. The timeouts are generous because a busy
machine (CI beside other jobs) can take seconds for a page; a passing check returns at once.
"""

import contextlib
import re

import pytest
from django.conf import settings
from django.db import connections
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = settings.BASE_DIR / "test-artifacts"
FACTORY_PASSWORD = "correct horse battery"  # what UserFactory gives every user
outcomes = pytest.StashKey[dict]()
EXPECT_TIMEOUT_MS = 20_000  # Playwright's default, 5 s, is short for a loaded machine
IDLE_TIMEOUT_MS = 30_000

expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def login(page, user, password: str = FACTORY_PASSWORD) -> None:
    """Logs in through the login form, as a person would, and returns once the form's answer (the
    caseload, or the form again with an error) has loaded: a `goto` straight after the click
    would cancel the login in flight."""
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def logout(page) -> None:
    """Logs out with the header's button and returns once the login page is back."""
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("login")) + "$"))


def pytest_collection_modifyitems(items):
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(outcomes, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser(django_db_setup):
    test_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio loop running in this thread, so from here on
        # Django looks connections up in a separate async-context store. Put the test database's
        # connections there, or serialized rollback silently stops restoring rows
        # (pytest-dev/pytest-django#1117).
        for alias, test_connection in test_connections.items():
            connections[alias] = test_connection
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    call = request.node.stash.get(outcomes, {}).get("call")
    if call is not None and call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    # Let requests the page fired by itself (the header's bell, fetched by htmx after each load)
    # finish before the test's teardown empties the tables: a live-server query still running
    # then deadlocks with the TRUNCATE.
    with contextlib.suppress(PlaywrightError):
        page.wait_for_load_state("networkidle", timeout=IDLE_TIMEOUT_MS)
    context.close()

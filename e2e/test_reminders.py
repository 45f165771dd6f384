"""A task due today reaches its case manager's bell, is snoozed for an hour, and comes back."""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from careplans.tests.factories import TaskFactory
from e2e.conftest import login

# A Wednesday morning, on the local clock. time-machine moves the live server's clock too.
NOW = datetime.datetime(2025, 6, 11, 10, 0, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def bell(page):
    return page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile("^Notifications")
    )


def test_a_due_task_shows_in_the_bell_is_snoozed_for_an_hour_and_comes_back(
    page, frozen, case_for, caseworker
):
    case = case_for(opened_on=NOW.date())
    TaskFactory(case=case, description="Renew the bus pass", due_on=NOW.date())
    call_command("send_reminders")
    login(page, caseworker)
    expect(bell(page)).to_have_text("Notifications: 1 unread")

    bell(page).click()
    reminder = (
        page.get_by_role("main")
        .get_by_role("listitem")
        .filter(has_text="Task due: Renew the bus pass")
    )
    expect(reminder).to_contain_text("Unread")
    reminder.get_by_label("Snooze").select_option(label="For an hour")
    reminder.get_by_role("button", name="Snooze").click()

    expect(page.get_by_role("status")).to_have_text(
        "Snoozed “Task due: Renew the bus pass” until Jun 11, 11:00 AM."
    )
    expect(bell(page)).to_have_text("Notifications: none unread")
    expect(reminder).to_have_count(0)

    # An hour later the idle session has ended (SESSION_IDLE_MINUTES): they log in again.
    frozen.shift(datetime.timedelta(hours=1, minutes=1))
    login(page, caseworker)
    expect(bell(page)).to_have_text("Notifications: 1 unread")

    bell(page).click()
    expect(reminder).to_contain_text("Unread")

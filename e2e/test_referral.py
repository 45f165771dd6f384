"""A referral from need to verified outcome in the browser: found in the directory, sent under
the client's consent, answered by the organization through its link, closed with an outcome."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Consent
from clients.tests.factories import ConsentFactory
from e2e.conftest import login
from referrals.models import Organization, Service
from referrals.tests.directory_factories import OrganizationFactory, ServiceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_food_bank_referral_goes_from_the_directory_to_a_recorded_outcome(
    page, case_for, caseworker
):
    case = case_for()
    food_bank = OrganizationFactory(name="Lane County Food Bank", kind=Organization.Kind.FOOD_BANK)
    ServiceFactory(
        organization=food_bank, name="Emergency food boxes", category=Service.Category.FOOD
    )
    ServiceFactory(name="Tenant legal clinic", category=Service.Category.LEGAL)
    ConsentFactory(
        client=case.client,
        recorded_by=caseworker,
        kind=Consent.Kind.RELEASE,
        scope=Consent.Scope.ORGANIZATION,
        organization=food_bank,
        organization_name=food_bank.name,
    )
    login(page, caseworker)
    page.goto(case.get_absolute_url())

    page.get_by_role("link", name="Find a service").click()
    page.get_by_label("Category").select_option(label="Food")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]category=food\b"))
    expect(page.get_by_role("table")).to_contain_text("Emergency food boxes")
    expect(page.get_by_role("table")).not_to_contain_text("Tenant legal clinic")
    page.get_by_role("link", name=re.compile(r"^Refer .* to Emergency food boxes")).click()
    page.get_by_role("textbox", name="Reason").fill(
        "No food in the house since Friday; three children."
    )
    page.get_by_label("Urgency").select_option(label="Urgent: answer within 1 business day")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_label(food_bank.name, exact=False).check()
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_text("Sent, awaiting response").first).to_be_visible()
    partner_url = page.get_by_label("Partner link").input_value()
    referral_url = page.url

    organization = page.context.browser.new_context().new_page()
    organization.goto(partner_url)
    expect(organization.get_by_role("heading", level=1)).to_contain_text(food_bank.name)
    organization.get_by_role("button", name="Accept").click()
    next_url = organization.locator(".partner-link a").inner_text()
    organization.goto(partner_url)
    expect(organization.get_by_text("already been used")).to_be_visible()
    organization.goto(next_url)
    when = (timezone.localdate() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT10:30")
    organization.get_by_label("Appointment date and time").fill(when)
    organization.get_by_role("button", name="Schedule").click()
    last_url = organization.locator(".partner-link a").inner_text()
    organization.goto(last_url)
    organization.get_by_role("combobox", name="Outcome").select_option(label="Service received")
    organization.get_by_role("button", name="Record the outcome").click()
    expect(organization.get_by_text("This referral is closed")).to_be_visible()

    page.goto(referral_url)
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline).to_contain_text("Completed")
    expect(timeline).to_contain_text(f"{food_bank.name}, through its link")
    expect(page.get_by_text("Service received")).to_be_visible()

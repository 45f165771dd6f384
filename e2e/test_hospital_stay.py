"""A hospital stay from day 1 to the post-discharge call, and the readmission that follows (issue
14): admitted through the ED, an expected discharge date and two barriers, a utilization review
with an authorization, three skilled nursing facilities offered with the patient's ranked
choice, one accepting and one declining, the discharge to the accepting one with its handoff,
the post-discharge call, and a new admission 19 days later flagged as a readmission on the
client and told to the supervisor.

The clock is frozen and moved day by day (time-machine moves the live server's clock too), so
the dates on the pages are the stay's own.
"""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Consent
from clients.tests.factories import ConsentFactory, CoverageFactory
from discharge.tests.factories import HospitalFactory
from e2e.conftest import login, logout
from referrals.models import Organization, Referral, Service
from referrals.tests.directory_factories import OrganizationFactory, ServiceFactory

# A Monday morning, on the local clock.
ADMITTED = datetime.datetime(2025, 6, 9, 8, 30, tzinfo=timezone.get_default_timezone())
SNFS = ["Fernhill Gardens Skilled Nursing", "Mill Creek Care Center", "Keizer Park Transitional"]


@pytest.fixture
def clock():
    with time_machine.travel(ADMITTED, tick=False) as traveller:
        yield traveller


def local(moment: datetime.datetime) -> str:
    """A moment as a datetime-local input takes it."""
    return moment.strftime("%Y-%m-%dT%H:%M")


def day(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%d")


@pytest.fixture
def stay_world(case_for, caseworker):
    """A case with a Medicare client, the hospital, and three SNFs serving the client, each
    named by a release of information so the request can go to all three."""
    case = case_for(opened_on=ADMITTED.date() - datetime.timedelta(days=60))
    CoverageFactory(client=case.client, payer="medicare", plan_name="Medicare Part A")
    HospitalFactory(name="Riverbend General Hospital")
    for n, name in enumerate(SNFS):
        snf = OrganizationFactory(
            name=name,
            kind=Organization.Kind.SNF,
            payers="Medicare, Medicaid",
            star_rating=5 - n,
            rating_checked_on=ADMITTED.date() - datetime.timedelta(days=30),
        )
        ServiceFactory(
            organization=snf,
            name="Short-term rehabilitation",
            category=Service.Category.POST_ACUTE,
        )
        ConsentFactory(
            client=case.client,
            recorded_by=caseworker,
            kind=Consent.Kind.RELEASE,
            scope=Consent.Scope.ORGANIZATION,
            organization=snf,
            organization_name=name,
            signed_on=ADMITTED.date() - datetime.timedelta(days=30),
        )
    return case


def admit(page, case, *, at: datetime.datetime) -> None:
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Record an admission").click()
    page.get_by_label("Facility").select_option(label="Riverbend General Hospital")
    page.get_by_label("Unit").fill("4 West")
    page.get_by_label("Encounter").select_option(label="Inpatient admission")
    page.get_by_label("Admission type").select_option(label="Emergency (emergent)")
    page.get_by_label("Admitted at").fill(local(at))
    page.get_by_label("Payer").select_option(index=1)
    page.get_by_label("Charlson comorbidity score").fill("2")
    page.get_by_label("ED visits in the last 6 months").fill("1")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Admission recorded.")).to_be_visible()


def test_a_hospital_stay_runs_from_the_ed_to_the_post_discharge_call_and_a_readmission(
    page, clock, stay_world, caseworker, supervisor, live_server
):
    case = stay_world
    login(page, caseworker)

    # Day 1: admitted through the ED, an expected discharge date and two barriers.
    admit(page, case, at=ADMITTED)
    admission_url = page.url
    page.get_by_role("link", name="Change EDD").click()
    page.get_by_label("Expected discharge date").fill(day(ADMITTED + datetime.timedelta(days=4)))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("region", name="Discharge plan")).to_contain_text("Jun 13, 2025")

    barriers = page.get_by_role("region", name="Barriers")
    for kind in ["Insurance authorization pending", "No accepting facility"]:
        barriers.get_by_label("Barrier").select_option(label=kind)
        barriers.get_by_role("button", name="Add barrier").click()
        expect(barriers.get_by_role("listitem").filter(has_text=kind)).to_be_visible()
    expect(barriers.get_by_role("button", name=re.compile("^Resolve"))).to_have_count(2)

    # Day 2: the utilization review, inpatient criteria met, three days authorized.
    clock.shift(datetime.timedelta(days=1))
    login(page, caseworker)
    page.goto(admission_url)
    page.get_by_role("link", name="Record a review").click()
    page.get_by_label("Status reviewed").select_option(label="Inpatient")
    page.get_by_label("Criteria set").select_option(label="InterQual")
    page.get_by_label("Criteria met").check()
    page.get_by_label("Authorization number").fill("AUTH-55120")
    page.get_by_label("Days authorized").fill("3")
    page.get_by_label("Authorized from").fill(day(ADMITTED))
    page.get_by_label("Authorized through").fill(day(ADMITTED + datetime.timedelta(days=3)))
    page.get_by_label("Next review date").fill(day(ADMITTED + datetime.timedelta(days=3)))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("region", name="Utilization review")).to_contain_text("AUTH-55120")

    # Day 3: three SNFs offered, ranked by the patient, one request to all three.
    clock.shift(datetime.timedelta(days=1))
    login(page, caseworker)
    page.goto(admission_url)
    page.get_by_role("link", name="Build a choice list").click()
    page.get_by_label("Kind of post-acute care").select_option(label="Skilled nursing facility")
    page.get_by_role("button", name="Show providers").click()
    providers = page.locator("#providers")
    for name in SNFS:
        expect(providers).to_contain_text(name)
    expect(providers).to_contain_text("5 of 5 stars")
    for rank, name in enumerate([SNFS[1], SNFS[0], SNFS[2]], start=1):
        page.get_by_label(f"Send to {name}").check()
        page.get_by_label(f"Patient's rank for {name}").fill(str(rank))
    page.get_by_label("Reason for the request").fill("Short-term rehab after a hip fracture.")
    page.get_by_role("button", name="Send to the patient's choices").click()
    expect(page.get_by_role("status").filter(has_text="Sent to 3 organizations")).to_be_visible()

    # The first choice accepts and the second declines, each through its own partner link.
    answers = {SNFS[1]: "Accept", SNFS[0]: "Decline"}
    for name, answer in answers.items():
        referral = Referral.objects.get(case=case, organization__name=name)
        organization = page.context.browser.new_context(base_url=live_server.url).new_page()
        organization.goto(referral.links.usable().get().get_absolute_url())
        if answer == "Decline":
            organization.locator("#id_decline_reason").select_option(label="No capacity")
        organization.get_by_role("button", name=answer).click()
        organization.context.close()
    page.goto(admission_url)
    choice = page.get_by_role("region", name="Patient choice")
    expect(choice.get_by_role("row").filter(has_text=SNFS[1])).to_contain_text("Accepted")
    expect(choice.get_by_role("row").filter(has_text=SNFS[0])).to_contain_text("Declined")
    expect(choice.get_by_role("row").filter(has_text=SNFS[2])).to_contain_text("Awaiting")

    # Day 5: discharged to the provider that accepted, over one unticked checklist item.
    clock.shift(datetime.timedelta(days=2))
    discharged = ADMITTED + datetime.timedelta(days=4, hours=3)
    login(page, caseworker)
    page.goto(admission_url)
    page.get_by_role("link", name="Discharge", exact=True).click()
    expect(page.locator("#missing")).to_contain_text("Teach-back education")
    page.get_by_label("Discharge to").select_option(
        label=f"{SNFS[1]}: Short-term rehabilitation (accepted, choice 1)"
    )
    page.get_by_label("Discharged at").fill(local(discharged))
    page.get_by_label("Reason to discharge over an incomplete checklist").fill(
        "Teach-back done by the SNF's nurse on arrival."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Discharged")).to_be_visible()
    transitions = page.get_by_role("region", name="Transitions and follow-up")
    expect(transitions).to_contain_text(SNFS[1])
    page.get_by_role("link", name="Handoff summary").click()
    expect(page.get_by_role("main")).to_contain_text(SNFS[1])
    expect(page.get_by_role("main")).to_contain_text("Medicare")

    # The post-discharge call task is on the case manager's list; the call is recorded.
    page.goto(reverse("careplans:my_tasks"))
    expect(page.get_by_role("main")).to_contain_text("Post-discharge call")
    page.goto(admission_url)
    page.get_by_role("link", name="Record the post-discharge call").click()
    page.get_by_label("Outcome").select_option(label="Reached")
    page.get_by_role("button", name="Save").click()
    expect(transitions).to_contain_text("Call 1: Reached")

    # 19 days after the discharge: back in hospital, flagged as a 30-day readmission.
    clock.shift(datetime.timedelta(days=19))
    login(page, caseworker)
    admit(page, case, at=discharged + datetime.timedelta(days=19))
    expect(page.locator("#return")).to_contain_text("30-day readmission")
    page.goto(case.client.get_absolute_url())
    stays = page.get_by_role("region", name="Hospital stays")
    expect(stays.get_by_role("listitem").first).to_contain_text("30-day readmission")
    logout(page)

    login(page, supervisor)
    page.goto(reverse("reminders:notifications"))
    expect(page.get_by_role("main")).to_contain_text(
        f"30-day readmission: {case.client.display_name} at Riverbend General Hospital"
    )

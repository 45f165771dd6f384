"""Every page costs the same number of SQL queries however much data sits behind it.

Each GET page of the access policy is rendered, by the in-scope case manager unless VIEWER names
someone else, over the authorization matrix's objects grown once by `grow` (more cases on the
caseload, notes and addenda, contacts, coverage, consents, flags, edits in the history, clients
matching the search), then again after growing them a second time. The two counts must be equal
and within the page's budget. A GET page without a budget fails, so no page ships without one.
Two of each count are the same for every signed-in request: the session and the user (with their
roles and teams). Pages that may write run in the request's transaction, which adds two more (a
savepoint and its release here, BEGIN and COMMIT in production); pages that only read
(casemgmt.decorators.read_only) run outside it.
"""

import datetime

import pghistory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Addendum
from assessments.tests.factories import ahc, complete, matrix, phq9
from careplans.models import GoalProgress
from careplans.services import start_plan
from careplans.tests.factories import TaskFactory
from careplans.tests.plan_factories import add_goal
from cases.tests.factories import CaseFactory, CaseNoteFactory
from clients.models import ClientFlag
from clients.tests.factories import (
    ClientFactory,
    ClientFlagFactory,
    ConsentFactory,
    ContactFactory,
    CoverageFactory,
)
from discharge.services import offer_choice
from discharge.tests.factories import (
    AdmissionFactory,
    BarrierFactory,
    PostAcuteServiceFactory,
    UtilizationReviewFactory,
)
from referrals.services import new_referral, send_referral
from referrals.tests.directory_factories import ServiceFactory
from referrals.tests.referral_factories import covering_consent
from reminders.tests.factories import NotificationFactory
from tests.test_authorization_matrix import POLICY, scoped_objects

pytestmark = pytest.mark.django_db

# page: (most queries it may run, query string). Each budget is the count measured when it was
# last set: a page that runs more fails.
BUDGET = {
    "login": (4, ""),
    "home": (3, ""),
    "healthz": (4, ""),
    "clients:search": (3, "?q=Smith"),
    "clients:intake": (5, ""),
    "clients:detail": (11, ""),
    "clients:edit": (5, ""),
    "clients:history": (6, ""),
    "clients:archive": (5, ""),
    "clients:contact_add": (5, ""),
    "clients:contact_edit": (5, ""),
    "clients:coverage_add": (5, ""),
    "clients:coverage_edit": (5, ""),
    "clients:consent_add": (6, ""),
    "clients:consent_revoke": (5, ""),
    "clients:flag_add": (5, ""),
    "cases:caseload": (6, ""),
    "cases:open": (10, ""),
    "cases:detail": (11, ""),
    "cases:edit": (9, ""),
    "cases:emergency_access": (5, ""),
    "cases:transition": (5, ""),
    "cases:note_add": (5, ""),
    "cases:note_edit": (5, ""),
    "cases:addendum_add": (5, ""),
    "assessments:start": (7, ""),
    "assessments:trends": (6, ""),
    "assessments:fill": (11, ""),
    "assessments:detail": (11, ""),
    "careplans:my_tasks": (5, ""),
    "careplans:approvals": (4, ""),
    "careplans:start": (6, ""),
    "careplans:detail": (10, ""),
    "careplans:print": (6, ""),
    "careplans:pdf": (6, ""),
    "careplans:reject": (5, ""),
    "careplans:complete": (5, ""),
    "careplans:review": (6, ""),
    "careplans:agreement": (6, ""),
    "careplans:goal_add": (7, ""),
    "careplans:goal_edit": (7, ""),
    "careplans:task_add": (6, ""),
    "careplans:task_edit": (8, ""),
    "referrals:queue": (5, ""),
    "referrals:directory": (4, "?q=food"),
    "referrals:new": (9, ""),
    "referrals:batch_new": (10, ""),
    "referrals:detail": (4, ""),
    "referrals:transition": (5, ""),
    "referrals:reroute": (6, ""),
    "referrals:packet": (5, ""),
    "referrals:packet_pdf": (5, ""),
    "partner:respond": (9, ""),
    "reminders:notifications": (3, ""),
    "reminders:bell": (3, ""),
    "reminders:preferences": (5, ""),
    "supervision:index": (3, ""),
    "supervision:team": (17, ""),
    "supervision:reassign": (5, ""),
    "supervision:transfers": (3, ""),
    "supervision:person_notes": (8, ""),
    "supervision:my_notes": (3, ""),
    "supervision:approvals": (8, ""),
    "supervision:figure": (4, ""),
    "discharge:board": (5, ""),
    "discharge:admit": (7, ""),
    "discharge:transition_add": (6, ""),
    "discharge:detail": (13, ""),
    "discharge:plan_edit": (5, ""),
    "discharge:discharge": (8, ""),
    "discharge:edd_change": (5, ""),
    "discharge:review_add": (5, ""),
    "discharge:call_record": (5, ""),
    "discharge:choice": (6, ""),
    "discharge:choice_print": (5, ""),
    "discharge:handoff": (3, ""),
    "discharge:handoff_pdf": (3, ""),
}
# Pages whose work only someone else sees; the rest are measured as the primary case manager.
VIEWER = {
    "cases:emergency_access": "teammate",
    "careplans:approvals": "supervisor",
    "supervision:index": "supervisor",
    "supervision:team": "supervisor",
    "supervision:figure": "supervisor",
    "supervision:reassign": "supervisor",
    "supervision:approvals": "supervisor",
    "supervision:person_notes": "supervisor",
}
BUDGET |= {
    "supervision:reports": (2, ""),
    "supervision:report": (5, ""),
    "supervision:export": (7, ""),
}
VIEWER |= {"supervision:report": "supervisor", "supervision:export": "supervisor"}
GET_PAGES = [name for name, rule in POLICY.items() if rule.method == "get"]


def grow(objects, caseworker, team):
    """More of everything the pages show, around the same objects, changed by `caseworker`."""
    with pghistory.context(user=caseworker.pk):
        _add_records(objects, caseworker, team)


def _add_records(objects, caseworker, team):
    person, case = objects["client"], objects["case"]
    for _ in range(6):
        ContactFactory(client=person)
        CoverageFactory(client=person)
        ConsentFactory(client=person, recorded_by=caseworker)
        note = CaseNoteFactory(case=case, author=caseworker, signed=True)
        CaseNoteFactory(case=case, author=caseworker, addendum_to=note, signed=True)
        CaseNoteFactory(case=case, author=caseworker)
        CaseFactory(client=person, team=team, primary_case_manager=caseworker)
        CaseFactory(team=team, primary_case_manager=caseworker, client__legal_last_name="Smith")
        ClientFactory(legal_last_name="Smyth", registered_team=team)
    for kind in [ClientFlag.Kind.FALL_RISK, ClientFlag.Kind.COGNITIVE, ClientFlag.Kind.OTHER]:
        for active in person.flags.filter(kind=kind, cleared_at=None):
            active.clear(by=caseworker)
        ClientFlagFactory(client=person, created_by=caseworker, kind=kind)
    for rating in (1, 4):
        complete(case, "life-domains", matrix(rating))
        complete(case, "phq-9", phq9(rating // 2, rating // 2, 1, 0, 0, 0, 0, 0, 1))
        complete(case, "ahc-hrsn", ahc(ahc_7=rating))
    for answered in objects["draft_assessment"], objects["assessment"]:
        Addendum.objects.create(assessment=answered, author=caseworker, text="Later remark")
    NotificationFactory(recipient=caseworker, title="Alert")
    for plan in objects["plan"], objects["draft_plan"]:
        for _ in range(2):
            goal = add_goal(plan, by=caseworker)
            TaskFactory.create_batch(2, case=plan.case, goal=goal, due_on=datetime.date(2026, 1, 1))
            GoalProgress.objects.create(goal=goal, status="in_progress", author=caseworker)
    referral = objects["referral"]
    for _ in range(3):
        more = new_referral(
            case=referral.case, service=referral.service, by=caseworker, reason="More food"
        )
        send_referral(referral=more, by=caseworker)
        ServiceFactory(name="Food pantry")
    admission = objects["admission"]
    for _ in range(3):
        # More inpatients on the unit board.
        stay = AdmissionFactory(case=CaseFactory(team=team, primary_case_manager=caseworker))
        BarrierFactory(plan=stay.plan, owner=caseworker)
        UtilizationReviewFactory(admission=stay, reviewer=caseworker)
        BarrierFactory(plan=admission.plan, owner=caseworker)
        UtilizationReviewFactory(admission=admission, reviewer=caseworker)
        admission.change_edd(
            to=timezone.localdate(),
            by=caseworker,
            reason="Waiting for a bed",
            expected_version=admission.version,
        )
    # A choice list sent to two providers, one of which accepts: the admission page's card.
    chosen = [PostAcuteServiceFactory() for _ in range(2)]
    for service in chosen:
        covering_consent(admission.case, service.organization, by=caseworker)
    choice, _sent, _held = offer_choice(
        admission=admission,
        by=caseworker,
        kind="snf",
        services=chosen,
        providers_listed=2,
        offered_on=timezone.localdate(),
        reason="Skilled rehabilitation",
        urgency="soon",
        shared_sections=["need"],
    )
    choice.batch.referrals.get(client_rank=1).accept(by=caseworker)
    submitted = start_plan(
        case=CaseFactory(team=team, primary_case_manager=caseworker), by=caseworker
    )
    add_goal(submitted, by=caseworker)
    submitted.submit(by=caseworker)
    for round_ in range(6):
        person.preferred_name = f"Name {round_}"
        person.save()
        case.referral_source = f"Source {round_}"
        case.save()


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code in (200, 302, 403), url
    return len(captured)


def test_every_get_page_has_a_budget():
    assert sorted(set(GET_PAGES) - set(BUDGET)) == []


@pytest.mark.parametrize("name", GET_PAGES)
def test_the_page_costs_the_same_queries_however_much_data_there_is(
    client, request, name, team, caseworker
):
    rule = POLICY[name]
    objects = scoped_objects(team, caseworker)
    budget, query = BUDGET[name]
    url = reverse(name, kwargs=rule.kwargs(objects)) + query
    client.force_login(request.getfixturevalue(VIEWER.get(name, "caseworker")))
    grow(objects, caseworker, team)
    before = queries_for(client, url)

    grow(objects, caseworker, team)
    after = queries_for(client, url)

    assert after == before, "the query count grew with the data"
    assert after <= budget


def test_a_read_only_page_runs_outside_the_requests_transaction(client, caseworker):
    client.force_login(caseworker)

    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("cases:caseload"))

    assert not [q for q in captured if q["sql"].startswith(("SAVEPOINT", "BEGIN"))]


def test_a_read_only_page_refuses_a_post(client, caseworker):
    client.force_login(caseworker)

    assert client.post(reverse("cases:caseload")).status_code == 405

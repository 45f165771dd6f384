"""Who may use which URL: every URL name, every principal, objects in and out of scope.

The POLICY table below is the access policy. A URL pattern without an entry fails, so no view
ships before someone decides who may use it; an entry whose URL is gone fails too.

Objects come in two mirrored sets. In scope: a RESTRICTED active case on `team` carried by
`caseworker`, its client, a draft and a signed note by `caseworker`, a contact, coverage, consent
and flag of the client, a draft and a completed assessment, a task, a notification to
`caseworker` about the case, and an archived client whose closed restricted case `caseworker`
carried.
Out of scope: the same on `other_team`, carried by `outsider`. Each principal stands in a
relation to each set (caseworker is the primary case manager of the first and on the other team
for the second), and the table says what each relation may do.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.messages import ERROR, get_messages
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from assessments.models import Domain
from assessments.tests import factories as assessment_factories
from careplans.models import Goal, Task
from careplans.services import start_plan
from cases.models import Case, ClosureRequest, EmergencyAccess
from cases.tests.factories import CaseFactory, CaseNoteFactory
from clients.models import Consent
from clients.tests.factories import (
    ClientFlagFactory,
    ConsentFactory,
    ContactFactory,
    CoverageFactory,
)
from discharge.models import Admission, Barrier
from discharge.services import admit_patient
from discharge.tests.factories import HospitalFactory
from referrals.services import new_referral, send_referral
from referrals.tests.directory_factories import ServiceFactory
from reminders.tests.factories import NotificationFactory
from supervision.models import Transfer

pytestmark = pytest.mark.django_db

OK = "ok"  # 200, or a redirect elsewhere than a login page, without an error message
REFUSED = "refused"  # a redirect back with an error message: allowed in, but not this action
LOGIN = "login"  # a redirect to the login page (the site's or the admin's)
NOT_FOUND = "404"
FORBIDDEN = "403"

# principal: (relation to the in-scope objects, relation to the out-of-scope objects)
RELATIONS = {
    "anonymous": ("anonymous", "anonymous"),
    "caseworker": ("primary", "other team"),
    "teammate": ("teammate", "other team"),
    "supervisor": ("supervisor", "other team"),
    "outsider": ("other team", "primary"),
    "other_supervisor": ("other team", "supervisor"),
    "admin_user": ("admin", "admin"),
}


def everyone(outcome):
    return {relation: outcome for pair in RELATIONS.values() for relation in pair}


def signed_in():
    return everyone(OK) | {"anonymous": LOGIN}


def inner_circle(**exceptions):
    """Restricted material: its primary case manager, the team's supervisors and admins."""
    return signed_in() | {"teammate": NOT_FOUND, "other team": NOT_FOUND} | exceptions


@dataclass(frozen=True)
class Rule:
    method: str
    outcomes: dict[str, str]
    objects: dict[str, str] = field(default_factory=dict)  # URL kwarg: object (or object.attr)
    constants: dict[str, str] = field(default_factory=dict)  # URL kwargs given as they are

    def kwargs(self, objects) -> dict:
        """`name` fills a kwarg with that object's pk, `name.attribute` with that attribute."""
        values = {}
        for kwarg, spec in self.objects.items():
            name, _, attribute = spec.partition(".")
            values[kwarg] = getattr(objects[name], attribute or "pk")
        return values | self.constants


def get(outcomes, **objects):
    return Rule("get", outcomes, objects)


def post(outcomes, **objects):
    return Rule("post", outcomes, objects)


POLICY = {
    "login": get(everyone(OK)),
    "logout": post(everyone(LOGIN)),  # logging out lands on the login page
    "home": get(everyone(OK)),  # a plain redirect to the caseload, which asks for a login
    "healthz": get(everyone(OK)),  # for load balancers: no login, no data
    "clients:search": get(signed_in()),
    "clients:intake": get(signed_in()),
    # A teammate outside a restricted case's circle is told it is restricted and offered
    # emergency access (DESIGN.md §3); other teams get 404 and never learn it exists.
    "clients:detail": get(inner_circle(teammate=FORBIDDEN), pk="client"),
    "clients:edit": get(inner_circle(), pk="client"),
    "clients:history": get(inner_circle(), pk="client"),
    "clients:archive": get(inner_circle(), pk="client"),
    "clients:restore": post(inner_circle(), pk="archived_client"),
    "clients:contact_add": get(inner_circle(), client_pk="client"),
    "clients:contact_edit": get(inner_circle(), pk="contact"),
    "clients:coverage_add": get(inner_circle(), client_pk="client"),
    "clients:coverage_edit": get(inner_circle(), pk="coverage"),
    "clients:consent_add": get(inner_circle(), client_pk="client"),
    "clients:consent_revoke": get(inner_circle(), pk="consent"),
    "clients:flag_add": get(inner_circle(), client_pk="client"),
    "clients:flag_clear": post(inner_circle(), pk="flag"),
    "cases:caseload": get(signed_in()),
    "cases:open": get(inner_circle(), client_pk="client"),
    "cases:detail": get(inner_circle(teammate=FORBIDDEN), pk="case"),
    # Those who already see the case are sent to it.
    "cases:emergency_access": get(inner_circle(teammate=FORBIDDEN), pk="case"),
    "cases:edit": get(inner_circle(), pk="case"),
    "cases:transition": Rule(
        "get", inner_circle(), objects={"pk": "case"}, constants={"move": "hold"}
    ),
    "cases:note_add": get(inner_circle(), pk="case"),
    # Drafts belong to their author: others who may see the note are told it is not theirs.
    "cases:note_edit": get(inner_circle(supervisor=FORBIDDEN, admin=FORBIDDEN), pk="draft_note"),
    "cases:note_sign": post(inner_circle(supervisor=REFUSED, admin=REFUSED), pk="draft_note"),
    "cases:addendum_add": get(inner_circle(), pk="signed_note"),
    "assessments:start": get(inner_circle(), case_pk="case"),
    "assessments:trends": get(inner_circle(), case_pk="case"),
    "assessments:fill": get(inner_circle(), pk="draft_assessment"),
    "assessments:detail": get(inner_circle(), pk="assessment"),
    # An empty addendum is refused: reaching that point is what the policy checks.
    "assessments:addendum_add": post(
        inner_circle(primary=REFUSED, supervisor=REFUSED, admin=REFUSED), pk="assessment"
    ),
    "careplans:task_complete": post(inner_circle(), pk="task"),
    "careplans:my_tasks": get(signed_in()),
    "careplans:approvals": get(signed_in()),
    "careplans:start": get(inner_circle(), case_pk="case"),
    "careplans:detail": get(inner_circle(), pk="plan"),
    "careplans:print": get(inner_circle(), pk="plan"),
    "careplans:pdf": get(inner_circle(), pk="plan"),
    "careplans:submit": post(inner_circle(), pk="draft_plan"),
    # Only the team's supervisors (and admins) decide; others reach the plan and are refused.
    "careplans:approve": post(inner_circle(primary=REFUSED), pk="submitted_plan"),
    "careplans:reject": get(inner_circle(), pk="submitted_plan"),
    "careplans:revise": post(inner_circle(), pk="plan"),
    "careplans:complete": get(inner_circle(), pk="plan"),
    "careplans:review": get(inner_circle(), pk="plan"),
    "careplans:agreement": get(inner_circle(), pk="plan"),
    "careplans:goal_add": get(inner_circle(), pk="draft_plan"),
    "careplans:goal_edit": get(inner_circle(), pk="draft_goal"),
    "careplans:task_add": get(inner_circle(), pk="draft_goal"),
    "careplans:task_edit": get(inner_circle(), pk="draft_task"),
    "referrals:queue": get(signed_in()),
    "referrals:directory": get(signed_in()),
    "referrals:new": get(inner_circle(), case_pk="case"),
    "referrals:batch_new": get(inner_circle(), case_pk="case"),
    "referrals:detail": get(inner_circle(), pk="referral"),
    # Sending without choosing a consent is refused: reaching that point is what is checked.
    "referrals:send": post(
        inner_circle(primary=REFUSED, supervisor=REFUSED, admin=REFUSED), pk="draft_referral"
    ),
    "referrals:transition": Rule(
        "get", inner_circle(), objects={"pk": "referral"}, constants={"move": "accept"}
    ),
    "referrals:new_link": post(inner_circle(), pk="referral"),
    "referrals:reroute": get(inner_circle(), pk="declined_referral"),
    "referrals:packet": get(inner_circle(), pk="referral"),
    "referrals:packet_pdf": get(inner_circle(), pk="referral"),
    # The receiving organization answers without an account: the signed link is the key.
    "partner:respond": get(everyone(OK), token="partner_link.token"),
    # The dashboard is its team's supervisors' (and admins'); others do not learn it exists.
    "supervision:index": get(signed_in()),
    "supervision:team": get(inner_circle(primary=NOT_FOUND), pk="team"),
    "supervision:figure": Rule(
        "get", inner_circle(primary=NOT_FOUND), objects={"pk": "team"}, constants={"key": "tasks"}
    ),
    # Without ?from= the page sends its supervisors back to the dashboard to choose whose cases.
    "supervision:reassign": get(
        inner_circle(primary=NOT_FOUND, supervisor=REFUSED, admin=REFUSED), pk="team"
    ),
    "supervision:person_notes": get(
        inner_circle(primary=NOT_FOUND), pk="team", user_pk="case.primary_case_manager_id"
    ),
    "supervision:my_notes": get(signed_in()),
    "supervision:transfers": get(signed_in()),
    "supervision:approvals": get(signed_in()),
    # Returning a closure, or marking a review, without a comment is refused: reaching that
    # point is what the policy checks; only the team's supervisors (and admins) get there.
    "supervision:closure_decide": Rule(
        "post",
        inner_circle(primary=NOT_FOUND, supervisor=REFUSED, admin=REFUSED),
        objects={"pk": "closure"},
        constants={"answer": "return"},
    ),
    "supervision:review_mark": Rule(
        "post",
        inner_circle(primary=NOT_FOUND, supervisor=REFUSED, admin=REFUSED),
        objects={"pk": "grant"},
        constants={"kind": "emergency_access"},
    ),
    # Declining without a reason is refused: reaching that point is what the policy checks (the
    # transfer is offered to someone who is none of the principals).
    "supervision:transfer_answer": Rule(
        "post",
        inner_circle(primary=REFUSED, supervisor=REFUSED, admin=REFUSED),
        objects={"pk": "transfer"},
        constants={"answer": "decline"},
    ),
    # The board lists what each one may see; nothing to refuse.
    "discharge:board": get(signed_in()),
    "discharge:admit": get(inner_circle(), case_pk="case"),
    "discharge:transition_add": get(inner_circle(), case_pk="case"),
    "discharge:detail": get(inner_circle(), pk="admission"),
    "discharge:plan_edit": get(inner_circle(), pk="admission"),
    "discharge:discharge": get(inner_circle(), pk="admission"),
    "discharge:edd_change": get(inner_circle(), pk="admission"),
    "discharge:review_add": get(inner_circle(), pk="admission"),
    "discharge:call_record": get(inner_circle(), pk="admission"),
    "discharge:choice": get(inner_circle(), pk="admission"),
    "discharge:choice_print": get(inner_circle(), pk="admission"),
    # The matrix's stay was not discharged to an accepted referral: those who may see it are
    # told that nothing can be handed off (403), others get 404.
    "discharge:handoff": get(
        inner_circle(primary=FORBIDDEN, supervisor=FORBIDDEN, admin=FORBIDDEN), pk="admission"
    ),
    "discharge:handoff_pdf": get(
        inner_circle(primary=FORBIDDEN, supervisor=FORBIDDEN, admin=FORBIDDEN), pk="admission"
    ),
    # An empty barrier is refused: reaching that point is what the policy checks.
    "discharge:barrier_add": post(
        inner_circle(primary=REFUSED, supervisor=REFUSED, admin=REFUSED), pk="admission"
    ),
    "discharge:barrier_resolve": post(inner_circle(), pk="barrier"),
    # Notifications are their recipient's alone.
    "reminders:notifications": get(signed_in()),
    "reminders:bell": get(signed_in()),
    "reminders:preferences": get(signed_in()),
    "reminders:mark_all_read": post(signed_in()),
    "reminders:open": post(
        everyone(NOT_FOUND) | {"anonymous": LOGIN, "primary": OK}, pk="notification"
    ),
    "reminders:snooze": post(
        everyone(NOT_FOUND) | {"anonymous": LOGIN, "primary": OK}, pk="notification"
    ),
    "reminders:dismiss": post(
        everyone(NOT_FOUND) | {"anonymous": LOGIN, "primary": OK}, pk="notification"
    ),
}
# Outcome reports (issue 15): the list of reports is everyone's (it names the teams the user
# supervises, none for a case manager); a team's reports and downloads are its supervisors'.
POLICY["supervision:reports"] = get(signed_in())
POLICY["supervision:report"] = Rule(
    "get", inner_circle(primary=NOT_FOUND), objects={"pk": "team"}, constants={"key": "goals"}
)
POLICY["supervision:export"] = Rule(
    "get",
    inner_circle(primary=NOT_FOUND),
    objects={"pk": "team"},
    constants={"key": "referrals", "fmt": "xlsx"},
)

# The admin: its index and every model's changelist, for admins only; the family stands for
# every admin:* URL name.
ADMIN_PAGES = ["admin:index"] + [
    f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
    for model in admin.site._registry
]
ADMIN_RULE = get(everyone(LOGIN) | {"admin": OK})


def url_names(resolver=None, namespace=""):
    """Every named URL pattern as namespace:name, through nested includes."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def rule_for(name: str) -> Rule:
    return ADMIN_RULE if name in ADMIN_PAGES else POLICY[name]


def matrix():
    for name in [*POLICY, *ADMIN_PAGES]:
        scopes = ("in", "out") if rule_for(name).objects else ("any",)
        for scope in scopes:
            for principal in RELATIONS:
                yield pytest.param(name, principal, scope, id=f"{name}-{principal}-{scope}")


def scoped_objects(team, primary) -> dict:
    case = CaseFactory(
        team=team,
        primary_case_manager=primary,
        client__registered_by=primary,
        restricted=True,
        status=Case.Status.ACTIVE,
    )
    closed = CaseFactory(
        team=team,
        primary_case_manager=primary,
        client__registered_by=primary,
        restricted=True,
        status=Case.Status.CLOSED,
    )
    closed.client.archive(by=primary, reason="Moved out of state")
    person = case.client
    task = Task.objects.create(case=case, description="Call the landlord", created_by=primary)
    plans = care_plans(team, primary, case)
    referrals = referrals_of(case, primary)
    notification = NotificationFactory(recipient=primary, title="Alert", case=case)
    admission = admit_patient(
        case=case,
        by=primary,
        facility=HospitalFactory(),
        admitted_at=timezone.now() - datetime.timedelta(days=3),
        admission_type=Admission.AdmissionType.EMERGENCY,
    )
    return {
        "team": team,
        "closure": ClosureRequest.objects.create(
            case=case, reason=Case.ClosureReason.GOALS_MET, requested_by=primary
        ),
        "grant": EmergencyAccess.objects.create(
            case=case,
            user=UserFactory(),
            reason="Crisis at night",
            expires_at=timezone.now() + datetime.timedelta(hours=4),
        ),
        "transfer": Transfer.objects.create(
            case=case,
            from_manager=primary,
            to_manager=UserFactory(),
            reason="Leaving",
            requested_by=primary,
        ),
        "admission": admission,
        "barrier": Barrier.objects.create(plan=admission.plan, kind=Barrier.Kind.EQUIPMENT),
        "draft_assessment": assessment_factories.AssessmentFactory(case=case),
        "assessment": assessment_factories.complete(
            case, "life-domains", assessment_factories.matrix(2)
        ),
        "task": task,
        "notification": notification,
        **plans,
        **referrals,
        "case": case,
        "client": person,
        "archived_client": closed.client,
        "draft_note": CaseNoteFactory(case=case, author=primary),
        "signed_note": CaseNoteFactory(case=case, author=primary, signed=True),
        "contact": ContactFactory(client=person),
        "coverage": CoverageFactory(client=person),
        "consent": ConsentFactory(client=person, recorded_by=primary),
        "flag": ClientFlagFactory(client=person, created_by=primary),
    }


def care_plans(team, primary, case) -> dict:
    """An active plan on `case`; a submitted and a draft plan on two more restricted cases."""
    supervisor = UserFactory()
    team.supervisors.add(supervisor)
    plans = {}
    for name, on in [("plan", case), ("submitted_plan", None), ("draft_plan", None)]:
        on = on or CaseFactory(team=team, primary_case_manager=primary, restricted=True)
        plan = start_plan(case=on, by=primary)
        goal = Goal.objects.create(
            plan=plan,
            domain=Domain.objects.get(code="housing"),
            statement="A place of my own",
            target="Signed lease",
            target_date=datetime.date(2030, 1, 1),
            updated_by=primary,
        )
        task = Task.objects.create(case=on, goal=goal, description="View flats", created_by=primary)
        if name != "draft_plan":
            plan.submit(by=primary)
        if name == "plan":
            plan.approve(by=supervisor)
        plans |= {name: plan, f"{name}_goal": goal, f"{name}_task": task}
    return {
        "plan": plans["plan"],
        "submitted_plan": plans["submitted_plan"],
        "draft_plan": plans["draft_plan"],
        "draft_goal": plans["draft_plan_goal"],
        "draft_task": plans["draft_plan_task"],
    }


def referrals_of(case, primary) -> dict:
    """A sent referral (with its partner link), a declined one and a draft, under a consent."""
    service = ServiceFactory()
    ConsentFactory(
        client=case.client,
        recorded_by=primary,
        kind=Consent.Kind.RELEASE,
        scope=Consent.Scope.ORGANIZATION,
        organization=service.organization,
        organization_name=service.organization.name,
    )
    made = {}
    for name in ["referral", "declined_referral", "draft_referral"]:
        made[name] = new_referral(case=case, service=service, by=primary, reason="Food")
    made["partner_link"] = send_referral(referral=made["referral"], by=primary)
    send_referral(referral=made["declined_referral"], by=primary)
    made["declined_referral"].decline(by=primary, reason="no_capacity")
    return made


@pytest.fixture
def in_scope(team, caseworker):
    return scoped_objects(team, caseworker)


@pytest.fixture
def out_scope(other_team, outsider):
    return scoped_objects(other_team, outsider)


def outcome_of(response) -> str:
    if response.status_code != 302:
        return {200: OK}.get(response.status_code, str(response.status_code))
    if urlsplit(response.url).path in {reverse("login"), reverse("admin:login")}:
        return LOGIN
    errors = [m for m in get_messages(response.wsgi_request) if m.level == ERROR]
    return REFUSED if errors else OK


def test_every_url_pattern_has_a_policy():
    unruled = [name for name in url_names() if name not in POLICY and not name.startswith("admin:")]

    assert unruled == []


def test_every_policy_entry_names_a_url():
    names = set(url_names())

    assert [name for name in [*POLICY, *ADMIN_PAGES] if name not in names] == []


@pytest.mark.parametrize(("name", "principal", "scope"), list(matrix()))
def test_access(client, request, name, principal, scope):
    rule = rule_for(name)
    objects = request.getfixturevalue(f"{scope}_scope") if rule.objects else {}
    if principal != "anonymous":
        client.force_login(request.getfixturevalue(principal))
    url = reverse(name, kwargs=rule.kwargs(objects))
    relation = RELATIONS[principal][scope == "out"]

    response = getattr(client, rule.method)(url)

    assert outcome_of(response) == rule.outcomes[relation]

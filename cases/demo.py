"""Demo cases: on each demo team, a case for all but three of its clients, in every state, each
reached through the case's transitions (so each has its event trail), some restricted or with a
care team, with the consent to treatment signed when it opened, signed and draft notes, and
addenda.

Idempotent: every case is planned from the part's fixed random numbers, then only the clients
without a case get theirs, through `cases.services` and one bulk insert per table.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

import accounts.demo
import casemgmt.demo
import clients.demo
from accounts.demo import DemoTeam
from accounts.models import User
from clients.models import Client, Consent

from .models import Case, CaseNote
from .services import add_addendum, open_case

REFERRAL_SOURCES = {
    "north": [
        "Self-referral",
        "Primary care physician",
        "St. Brigid emergency department",
        "Alder County crisis line",
        "Family member",
        "Mental health court liaison",
    ],
    "south": [
        "St. Brigid inpatient medicine unit",
        "Hospital discharge planner",
        "Cedar Falls Skilled Nursing Facility",
        "Valley Home Health",
        "Health plan care management",
    ],
}
NEEDS = {
    "north": [
        "Schizophrenia; recently discharged from the psychiatric unit, needs help keeping "
        "medication and therapy appointments.",
        "Bipolar disorder with two crisis visits this year; housing is unstable.",
        "Major depression; lost job, behind on rent, isolated.",
        "Co-occurring alcohol use disorder and anxiety; wants help finding outpatient treatment.",
        "PTSD after domestic violence; needs safety planning and a benefits application.",
        "First episode psychosis; family asking for support and education.",
    ],
    "south": [
        "Heart failure; third admission this year. Needs medication reconciliation and a "
        "follow-up visit within seven days.",
        "COPD exacerbation; going home on oxygen, lives alone.",
        "Hip replacement after a fall; needs home safety check and outpatient PT.",
        "Type 2 diabetes with a foot wound; needs wound-care supplies and transport.",
        "Stroke with left-side weakness; caregiver training and home health set-up.",
        "Pneumonia; frail, missed pharmacy pick-ups after the last discharge.",
    ],
}

NARRATIVES = {
    CaseNote.ContactType.PHONE: [
        "Called {name} to check in. Reports sleeping better and taking medications as "
        "prescribed. Reminded of the appointment next week.",
        "Phone check-in with {name}. Pharmacy refill picked up; no side effects reported. "
        "Confirmed transport for Thursday.",
        "Left a voicemail for {name}; called back within the hour. Wants help with a letter from "
        "the landlord.",
    ],
    CaseNote.ContactType.OFFICE: [
        "Office visit with {name}. Reviewed goals: attended two of three groups. Completed the "
        "energy assistance application together.",
        "{name} came in without an appointment, anxious about a benefits notice. Read the notice "
        "together and called the county office; hearing scheduled.",
    ],
    CaseNote.ContactType.HOME: [
        "Home visit. {name} was dressed and the home was tidy. Fridge had food; pill organizer "
        "filled for the week. Discussed fall risks on the front steps.",
        "Home visit with {name} and their daughter. Reviewed discharge instructions and weight "
        "log; weight stable. Scale batteries replaced.",
    ],
    CaseNote.ContactType.COLLATERAL: [
        "Spoke with the primary care office about {name}'s follow-up; appointment moved to "
        "Monday. Release of information on file.",
        "Called the pharmacy to coordinate blister packs for {name}.",
    ],
    CaseNote.ContactType.MESSAGE: [
        "Sent {name} the bus schedule and the address of the new clinic as requested.",
        "Text message from {name} confirming tomorrow's appointment.",
    ],
    CaseNote.ContactType.SUPERVISION: [
        "Case reviewed in supervision. Plan: increase visits to weekly until housing is stable.",
        "Discussed safety plan and crisis contacts for {name} in supervision; no changes.",
    ],
}
ADDENDA = [
    "Addendum: the visit lasted longer than recorded; medication list updated afterwards.",
    "Addendum: correction, the follow-up appointment is on the 14th, not the 4th.",
    "Addendum: the client's daughter was also present and agreed with the plan.",
]
CONTACT_WEIGHTS = {
    CaseNote.ContactType.PHONE: 35,
    CaseNote.ContactType.OFFICE: 18,
    CaseNote.ContactType.HOME: 20,
    CaseNote.ContactType.COLLATERAL: 12,
    CaseNote.ContactType.MESSAGE: 9,
    CaseNote.ContactType.SUPERVISION: 6,
}
DURATIONS = {
    CaseNote.ContactType.PHONE: (5, 30),
    CaseNote.ContactType.OFFICE: (30, 60),
    CaseNote.ContactType.HOME: (45, 90),
    CaseNote.ContactType.COLLATERAL: (5, 20),
    CaseNote.ContactType.MESSAGE: (5, 5),
    CaseNote.ContactType.SUPERVISION: (15, 30),
}

# Case states to plan, in order (shuffled per team): (final status, closure reason).
CASE_STATES = (
    [("referred", "")] * 4
    + [("intake", "")] * 4
    + [("active", "")] * 17
    + [("on_hold", "")] * 3
    + [
        ("closed", Case.ClosureReason.GOALS_MET),
        ("closed", Case.ClosureReason.CLIENT_DECLINED),
        ("closed", Case.ClosureReason.TRANSFERRED),
        ("closed", Case.ClosureReason.MOVED),
        ("closed", Case.ClosureReason.LOST_CONTACT),
        ("closed", Case.ClosureReason.INELIGIBLE),
    ]
    + [("reopened", "")] * 2
)


@dataclass
class CasePlan:
    """One case and everything about it, not yet saved."""

    case: Case
    care_team: list[User] = field(default_factory=list)
    moves: list[tuple[str, dict]] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    notes: list[CaseNote] = field(default_factory=list)
    addenda: list[tuple[CaseNote, str]] = field(default_factory=list)


def seed() -> str:
    plans = plan_cases()
    created = create_missing(plans)
    return (
        f"created {created} of {len(plans)} cases ({Case.objects.count()} cases, "
        f"{CaseNote.objects.count()} notes in the database)"
    )


# ---------------------------------------------------------------------------------------------
# Planning: draws from the part's random numbers only, so every run plans the same cases.


def plan_cases() -> list[CasePlan]:
    rng, today = casemgmt.demo.rng("cases"), timezone.localdate()
    teams = accounts.demo.teams()
    plans = []
    for key, team_clients in clients.demo.clients_by_team().items():
        # The clients left over have no case yet (registered, waiting for services).
        states = CASE_STATES + [(None, "")] * (len(team_clients) - len(CASE_STATES))
        rng.shuffle(states)
        for client, (status, reason) in zip(team_clients, states, strict=True):
            if status:
                plans.append(plan_case(rng, client, key, teams[key], status, reason, today))
    return plans


def plan_case(rng, client: Client, key, demo_team: DemoTeam, status, reason, today) -> CasePlan:
    manager = client.registered_by
    days_open = {"referred": (1, 10), "intake": (5, 25), "closed": (120, 700)}.get(
        status, (30, 420)
    )
    restricted = status in {"active", "on_hold"} and rng.random() < (
        0.2 if key == "north" else 0.06
    )
    plan = CasePlan(
        case=Case(
            client=client,
            program=demo_team.team.program,
            team=demo_team.team,
            primary_case_manager=manager,
            status=Case.Status.REFERRED,
            acuity=rng.choices(list(Case.Acuity), weights=[3, 4, 3, 1])[0],
            restricted=restricted,
            referral_source=rng.choice(REFERRAL_SOURCES[key]),
            presenting_need=rng.choice(NEEDS[key]),
            opened_on=today - datetime.timedelta(days=rng.randint(*days_open)),
        )
    )
    others = [user for user in demo_team.case_managers if user != manager]
    if restricted or rng.random() < 0.1:
        plan.care_team = [rng.choice(others)]
    plan.moves = _moves(rng, status, reason)
    _plan_consents(plan)
    plan_notes(rng, plan, key, demo_team.supervisor, status, today)
    return plan


SAFETY_FLAG_AT_CLOSING = "Safety plan reviewed with the supervisor; the flag stays on the client."


def _moves(rng, status: str, reason: str) -> list[tuple[str, dict]]:
    if status == "closed" and reason in {
        Case.ClosureReason.CLIENT_DECLINED,
        Case.ClosureReason.INELIGIBLE,
    }:
        return [("close", {"reason": reason, "note": "Decided at intake screening."})]
    path = {
        "referred": [],
        "intake": ["start_intake"],
        "active": ["start_intake", "activate"],
        "on_hold": ["start_intake", "activate", "hold"],
        "closed": ["start_intake", "activate", "close"],
        "reopened": ["start_intake", "activate", "close", "reopen"],
    }[status]
    details = {
        "hold": {"note": rng.choice(["Inpatient admission.", "Client travelling for a month."])},
        "close": {
            "reason": reason or Case.ClosureReason.LOST_CONTACT,
            "note": "Closing summary sent to the primary care provider.",
        },
        "reopen": {"note": "Client called back and asked to resume services."},
    }
    return [(move, details.get(move, {})) for move in path]


def plan_notes(rng, plan, key, supervisor, status, today) -> None:
    case = plan.case
    count = {"referred": (0, 1), "intake": (1, 2), "on_hold": (1, 3)}.get(status, (2, 9))
    window = min(89, (today - case.opened_on).days)
    if window < 1:
        return
    # A quarter of the cases have had no contact for over a month: the caseload shows it.
    newest = rng.randint(35, 60) if rng.random() < 0.25 else 1
    newest = min(newest, window)
    days = sorted({rng.randint(newest, window) for _ in range(rng.randint(*count))})
    authors = [case.primary_case_manager, *plan.care_team]
    now = timezone.now()
    for index, days_ago in enumerate(days):
        kind = rng.choices(list(CONTACT_WEIGHTS), weights=list(CONTACT_WEIGHTS.values()))[0]
        author = supervisor if kind == CaseNote.ContactType.SUPERVISION else rng.choice(authors)
        occurred = timezone.make_aware(
            datetime.datetime.combine(
                today - datetime.timedelta(days=days_ago),
                datetime.time(rng.randint(8, 16), rng.choice([0, 15, 30, 45])),
            )
        )
        draft = index == 0 and rng.random() < 0.25
        note = CaseNote(
            case=case,
            author=author,
            contact_type=kind,
            occurred_at=occurred,
            duration_minutes=rng.randint(*DURATIONS[kind]),
            narrative=rng.choice(NARRATIVES[kind]).format(name=case.client.display_name),
            # Psychotherapy content: most sessions of a restricted case, a few on the north team.
            restricted=kind in {"office", "home"}
            and rng.random() < (0.6 if case.restricted else 0.1 if key == "north" else 0),
            status=CaseNote.Status.DRAFT if draft else CaseNote.Status.SIGNED,
            signed_at=None
            if draft
            else min(now, occurred + datetime.timedelta(hours=rng.randint(1, 20))),
            signed_by=None if draft else author,
        )
        plan.notes.append(note)
        if not draft and kind in CaseNote.ContactType.with_client() and rng.random() < 0.06:
            plan.addenda.append((note, rng.choice(ADDENDA)))


def _plan_consents(plan: CasePlan) -> None:
    """Consent to the case's services, signed when it opened; a restricted case's consent to share
    substance-use treatment with the treating agency too."""
    case = plan.case
    signed = {
        "client": case.client,
        "signed_on": case.opened_on,
        "expires_on": case.opened_on + datetime.timedelta(days=365),
        "recorded_by": case.primary_case_manager,
    }
    plan.consents.append(
        Consent(
            kind=Consent.Kind.TREATMENT,
            scope=Consent.Scope.CARE_TEAM,
            purpose="Case management services and care coordination",
            **signed,
        )
    )
    if case.restricted:
        plan.consents.append(
            Consent(
                kind=Consent.Kind.SUBSTANCE_USE,
                scope=Consent.Scope.ORGANIZATION,
                organization_name="Riverbend Behavioral Health",
                purpose="Coordination of substance-use treatment",
                **signed,
            )
        )


# ---------------------------------------------------------------------------------------------
# Creating: only for clients that have no case yet.


def create_missing(plans: list[CasePlan]) -> int:
    with_case = set(
        Case.objects.filter(client__in=[plan.case.client for plan in plans]).values_list(
            "client", flat=True
        )
    )
    missing = [plan for plan in plans if plan.case.client_id not in with_case]
    for plan in missing:
        manager = plan.case.primary_case_manager
        open_case(case=plan.case, by=manager, care_team=plan.care_team)
        for move, details in plan.moves:
            if move == "close" and plan.case.client.has_active_safety_flag():
                details = details | {"safety_reason": SAFETY_FLAG_AT_CLOSING}
            getattr(plan.case, move)(by=manager, **details)
    Consent.objects.bulk_create([consent for plan in missing for consent in plan.consents])
    CaseNote.objects.bulk_create([note for plan in missing for note in plan.notes])
    for plan in missing:
        for note, narrative in plan.addenda:
            add_addendum(note=note, by=note.author, narrative=narrative)
    return len(missing)

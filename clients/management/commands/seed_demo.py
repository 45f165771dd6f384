"""Demo data: two programs, two teams, nine logins and 80 clients with cases in every state.

Idempotent. Every client is planned from one fixed random seed, then only the missing ones are
created (staff by username, clients by legal name and date of birth), so a second run creates
nothing and changes nothing. Status changes go through the case's transitions, so each case has
its event trail; everything else goes through `clients.services` or one bulk insert per table
(the history triggers record those rows too).
"""

import datetime
import random
import time
import unicodedata
from dataclasses import dataclass, field

import pghistory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.utils import timezone

from accounts.models import Program, Role, Team, User
from assessments.demo import seed_assessments
from careplans.demo import seed_care_plans
from clients.models import Case, CaseNote, Client, ClientFlag, Consent, Contact, Coverage
from clients.services import add_addendum, open_case, register_client
from referrals.demo import seed_referrals, seed_resources
from reminders.models import Preference

SEED = 2026
PASSWORD = "casemgmt-demo"  # noqa: S105 - the published demo password (README, scripts/run)

PROGRAMS = {
    "north": (
        "Community Mental Health",
        Program.Sector.MENTAL_HEALTH,
        "Community case management for adults living with serious mental illness.",
        "North Team",
    ),
    "south": (
        "Hospital Transitions of Care",
        Program.Sector.HEALTHCARE,
        "Nurse-led follow-up for patients going home from St. Brigid Medical Center.",
        "South Team",
    ),
}

# username, first name, last name, title, role, team (supervisors supervise it)
# fmt: off
# These get a daily digest of their reminders; everyone else one email each (the default).
DIGEST_USERS = {"supervisor1", "supervisor2", "cm2"}
STAFF = [
    ("admin", "Morgan", "Ellis", "System administrator", Role.ADMIN, None),
    ("supervisor1", "Denise", "Okafor", "Clinical supervisor, LICSW", Role.SUPERVISOR, "north"),
    ("supervisor2", "Raymond", "Castillo", "Nurse manager, RN", Role.SUPERVISOR, "south"),
    ("cm1", "Priya", "Raman", "Case manager, LMHC", Role.CASE_MANAGER, "north"),
    ("cm2", "Marcus", "Bell", "Peer support specialist", Role.CASE_MANAGER, "north"),
    ("cm3", "Hannah", "Lindqvist", "Clinical case manager, LCSW", Role.CASE_MANAGER, "north"),
    ("cm4", "Grace", "Nakamura", "RN case manager", Role.CASE_MANAGER, "south"),
    ("cm5", "Tomás", "Herrera", "Transitions of care nurse, RN", Role.CASE_MANAGER, "south"),
    ("cm6", "Aisha", "Bello", "Medical social worker, MSW", Role.CASE_MANAGER, "south"),
]

# language, weight, interpreter needed, women's names, men's names, family names
_COMMUNITIES = [
    ("English", 48, False,
     "Linda, Patricia, Jennifer, Ashley, Brianna, Margaret, Dorothy, Keisha, Tamara, Emily, "
     "Shirley, Rebecca, Destiny, Carol, Jessica, Ruth",
     "Robert, James, Michael, William, Darnell, Kevin, Tyler, Gary, Dennis, Harold, Jamal, "
     "Brandon, Walter, Eugene, Cody, Thomas",
     "Johnson, Williams, Brown, Miller, Davis, Wilson, Anderson, Taylor, Jackson, Harris, "
     "Thompson, Robinson, Walker, Young, King, Wright, O'Brien, Kowalski, Begay, Yazzie, "
     "Washington, Murphy, Olsen, Fischer"),
    ("Spanish", 16, True,
     "María, Guadalupe, Rosa, Lucía, Carmen, Yesenia, Ana",
     "José, Luis, Miguel, Alejandro, Jorge, Rafael, Juan",
     "Hernández, Morales, Ramírez, Flores, Vargas, Gutiérrez, Ortiz, Reyes"),
    ("Vietnamese", 6, True, "Lan, Mai, Thu, Hoa", "Minh, Tuan, Dung, Quang",
     "Nguyen, Tran, Le, Pham, Vo"),
    ("Haitian Creole", 5, True, "Marie, Nadège, Guerline, Roseline",
     "Jean, Wilner, Frantz, Réginald", "Jean-Baptiste, Pierre, Joseph, Charles, Étienne"),
    ("Somali", 5, True, "Hodan, Amina, Fadumo, Sahra", "Abdirahman, Mohamed, Hassan, Yusuf",
     "Warsame, Farah, Hussein, Ali, Osman"),
    ("Arabic", 4, True, "Layla, Rania, Huda, Noor", "Omar, Khalid, Samir, Tariq",
     "Haddad, Khoury, Mansour, Saleh"),
    ("Mandarin", 4, True, "Mei, Li Na, Xiu Ying, Fang", "Wei, Jian, Hao, Zhiwei",
     "Chen, Wang, Liu, Zhang, Huang"),
    ("Ukrainian", 3, True, "Olena, Tetiana, Iryna", "Dmytro, Serhiy, Andriy",
     "Shevchenko, Kovalenko, Bondarenko, Tkachenko"),
    ("American Sign Language", 2, True, "Karen, Stephanie, Nicole", "Daniel, Scott, Aaron",
     "Peterson, Lindgren, Hayes"),
]
# fmt: on
COMMUNITIES = [
    (language, weight, interpreter, *(names.split(", ") for names in lists))
    for language, weight, interpreter, *lists in _COMMUNITIES
]
NICKNAMES = {
    "Robert": "Bobby",
    "William": "Bill",
    "Margaret": "Peggy",
    "Patricia": "Trish",
    "Michael": "Mike",
    "Abdirahman": "Abdi",
    "Alejandro": "Alex",
    "Thomas": "Tom",
}

COUNTY, STATE = "Alder County", "OR"
TOWNS = [
    ("Millbrook", "97501"),
    ("Cedar Falls", "97503"),
    ("Riverton", "97510"),
    ("Ashford", "97514"),
    ("Pine Hollow", "97520"),
]
STREETS = [
    "Maple Street",
    "Alder Avenue",
    "Riverside Drive",
    "Orchard Lane",
    "Mill Road",
    "Jefferson Street",
    "Hawthorne Court",
    "Sunset Boulevard",
    "Cascade Way",
    "Old County Road",
]

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
CARE_TEAM_ROLES = ["Therapist", "Peer specialist", "Psychiatric nurse", "Housing specialist"]

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

ORGANIZATIONS = [
    ("Alder County Housing Authority", "Housing application"),
    ("Millbrook Food Pantry", "Food assistance referral"),
    ("St. Brigid Medical Center", "Care coordination"),
    ("Riverbend Behavioral Health", "Counseling referral"),
    ("Alder County Department of Human Services", "Benefits eligibility"),
    ("Valley Home Health", "Home health services"),
    ("Meals on Wheels of Alder County", "Home-delivered meals"),
]
FLAGS = {
    ClientFlag.Kind.SAFETY_RISK: [
        "Large dog at the home; call ahead so it is put away before visits.",
        "Firearms in the home. Visit in pairs.",
        "History of threats toward staff when intoxicated; meet in the office.",
    ],
    ClientFlag.Kind.DO_NOT_CONTACT_AT_HOME: [
        "Domestic violence concern: do not call the home number or visit. Use the cell phone.",
        "Client asked that family at home not know about services; contact at the clinic only.",
    ],
    ClientFlag.Kind.FALL_RISK: ["Two falls in six months; uses a walker. Steps to the door."],
    ClientFlag.Kind.COGNITIVE: ["Mild dementia. Include the daughter in phone calls."],
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
CLIENTS_WITHOUT_CASE = 3


@dataclass
class ClientPlan:
    """One client and everything about them, not yet saved."""

    person: Client
    team: Team
    registrar: User
    duplicate_reason: str = ""
    case: Case | None = None
    care_team: list[User] = field(default_factory=list)
    moves: list[tuple[str, dict]] = field(default_factory=list)
    records: list[models.Model] = field(default_factory=list)
    notes: list[CaseNote] = field(default_factory=list)
    addenda: list[tuple[CaseNote, str]] = field(default_factory=list)
    revocations: list[tuple[Consent, str]] = field(default_factory=list)
    cleared_flags: list[ClientFlag] = field(default_factory=list)


class Command(BaseCommand):
    help = "Load demo data (idempotent): two teams, nine logins, 80 clients, cases in every state."

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic(), pghistory.context(command="seed_demo"):
            teams = seed_teams()
            staff = seed_staff(teams)
            plans = plan_clients(random.Random(SEED), teams, staff)  # noqa: S311 - repeatable, not secret
            created = create_missing(plans)
            assessed = seed_assessments(random.Random(SEED))  # noqa: S311 - repeatable, not secret
            planned = seed_care_plans()
            resources = seed_resources()
            referred = seed_referrals()
        self.stdout.write(
            f"Demo data ready in {time.monotonic() - started:.1f} s: created {created} of "
            f"{len(plans)} clients ({Client.objects.count()} clients, {Case.objects.count()} "
            f"cases, {CaseNote.objects.count()} notes in the database); {assessed} cases "
            f"assessed, {planned} given care plans; {resources} services listed, {referred} "
            "referrals made."
        )
        self.stdout.write(logins_table(staff))


def seed_teams() -> dict[str, Team]:
    teams = {}
    for key, (name, sector, description, team_name) in PROGRAMS.items():
        program, _ = Program.objects.get_or_create(
            name=name, defaults={"sector": sector, "description": description}
        )
        teams[key], _ = Team.objects.get_or_create(name=team_name, defaults={"program": program})
    return teams


def seed_staff(teams: dict[str, Team]) -> dict[str, User]:
    existing = {user.username: user for user in User.objects.filter(username__in=_usernames())}
    password = make_password(PASSWORD) if len(existing) < len(STAFF) else None
    staff = {}
    for username, first, last, title, role, team_key in STAFF:
        user = existing.get(username)
        if user is None:
            user = User.objects.create(
                username=username,
                first_name=first,
                last_name=last,
                title=title,
                email=f"{username}@casemgmt.example.org",
                phone=f"(541) 555-01{len(staff):02d}",
                password=password,
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
        user.groups.add(Group.objects.get(name=role))
        if team_key:
            team = teams[team_key]
            (team.supervisors if role == Role.SUPERVISOR else team.members).add(user)
        if username in DIGEST_USERS:
            Preference.objects.get_or_create(user=user, defaults={"digest": True})
        staff[username] = user
    return staff


def _usernames() -> list[str]:
    return [row[0] for row in STAFF]


def logins_table(staff: dict[str, User]) -> str:
    rows = [("Username", "Password", "Role", "Team", "Title")]
    for username, *_, role, team_key in STAFF:
        team = PROGRAMS[team_key][3] if team_key else "all teams"
        rows.append((username, PASSWORD, role, team, staff[username].title))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(["", "Demo logins:", *lines])


# ---------------------------------------------------------------------------------------------
# Planning: draws from the random generator only, so every run plans the same clients.


def plan_clients(rng: random.Random, teams, staff) -> list[ClientPlan]:
    today = timezone.localdate()
    seen: set[tuple[str, str]] = set()
    plans = []
    for key, team in teams.items():
        on_team = [(staff[row[0]], row[4]) for row in STAFF if row[5] == key]
        managers = [user for user, role in on_team if role == Role.CASE_MANAGER]
        supervisor = next(user for user, role in on_team if role == Role.SUPERVISOR)
        states = list(CASE_STATES) + [(None, "")] * CLIENTS_WITHOUT_CASE
        rng.shuffle(states)
        for status, reason in states:
            plan = plan_person(rng, key, team, rng.choice(managers), seen)
            if status:
                plan_case(rng, plan, key, managers, supervisor, status, reason, today)
            plan_records(rng, plan, key, today)
            plans.append(plan)
    plans.extend(plan_near_duplicates(teams["south"], staff["cm4"], staff["cm5"]))
    return plans


def plan_person(rng, key, team, registrar, seen) -> ClientPlan:
    language, _, interpreter, women, men, families = rng.choices(
        COMMUNITIES, weights=[c[1] for c in COMMUNITIES]
    )[0]
    while True:
        woman = rng.random() < 0.55
        first, last = rng.choice(women if woman else men), rng.choice(families)
        if (first, last) not in seen:
            seen.add((first, last))
            break
    sex, gender, pronouns = _gender(rng, woman)
    town, zip_code = rng.choice(TOWNS)
    oldest, youngest = (1932, 1968) if key == "south" else (1954, 2005)
    person = Client(
        legal_first_name=first,
        legal_last_name=last,
        legal_middle_name=rng.choice(["", "", "A.", "J.", "M."]),
        preferred_name=NICKNAMES.get(first, "") if rng.random() < 0.5 else "",
        date_of_birth=datetime.date(
            rng.randint(oldest, youngest), rng.randint(1, 12), rng.randint(1, 28)
        ),
        sex_at_birth=sex,
        gender_identity=gender,
        pronouns=pronouns,
        preferred_language=language,
        interpreter_needed=interpreter and rng.random() < 0.85,
        phone=f"(541) 555-01{rng.randint(0, 99):02d}",
        email=_email(first, last) if rng.random() < 0.4 else "",
        address_line1=f"{rng.randint(12, 4980)} {rng.choice(STREETS)}",
        address_line2=rng.choice(["", "", "", f"Apt {rng.randint(1, 24)}{rng.choice('ABC')}"]),
        city=town,
        state=STATE,
        postal_code=zip_code,
        county=COUNTY,
    )
    return ClientPlan(person=person, team=team, registrar=registrar)


def _gender(rng, woman: bool) -> tuple[str, str, str]:
    roll = rng.random()
    if roll < 0.04:
        return rng.choice([Client.Sex.FEMALE, Client.Sex.MALE]), "Non-binary", "they/them"
    if roll < 0.06 and woman:
        return Client.Sex.MALE, "Woman (transgender)", "she/her"
    if roll < 0.09:
        return Client.Sex.DECLINED, "", ""
    pronouns = ("she/her" if woman else "he/him") if rng.random() < 0.7 else ""
    return (Client.Sex.FEMALE if woman else Client.Sex.MALE), "", pronouns


def _email(first: str, last: str) -> str:
    name = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() + "@example.com"


def plan_case(rng, plan, key, managers, supervisor, status, reason, today) -> None:
    manager = plan.registrar
    days_open = {"referred": (1, 10), "intake": (5, 25), "closed": (120, 700)}.get(
        status, (30, 420)
    )
    restricted = status in {"active", "on_hold"} and rng.random() < (
        0.2 if key == "north" else 0.06
    )
    plan.case = Case(
        client=plan.person,
        program=plan.team.program,
        team=plan.team,
        primary_case_manager=manager,
        status=Case.Status.REFERRED,
        acuity=rng.choices(list(Case.Acuity), weights=[3, 4, 3, 1])[0],
        restricted=restricted,
        referral_source=rng.choice(REFERRAL_SOURCES[key]),
        presenting_need=rng.choice(NEEDS[key]),
        opened_on=today - datetime.timedelta(days=rng.randint(*days_open)),
    )
    others = [user for user in managers if user != manager]
    if restricted or rng.random() < 0.1:
        plan.care_team = [rng.choice(others)]
    plan.moves = _moves(rng, status, reason)
    plan_notes(rng, plan, key, supervisor, status, today)


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
            narrative=rng.choice(NARRATIVES[kind]).format(name=plan.person.display_name),
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


def plan_records(rng, plan, key, today) -> None:
    person = plan.person
    family = rng.choice(
        [
            Contact.Relationship.SPOUSE,
            Contact.Relationship.PARENT,
            Contact.Relationship.CHILD,
            Contact.Relationship.SIBLING,
            Contact.Relationship.OTHER_FAMILY,
        ]
    )
    plan.records.append(
        _contact(rng, person, family, name=f"{_any_first_name(rng)} {person.legal_last_name}")
    )
    plan.records[-1].is_emergency_contact = True
    if rng.random() < 0.4:
        support = rng.choice([Contact.Relationship.FRIEND, Contact.Relationship.FAITH])
        plan.records.append(_contact(rng, person, support, name=_any_full_name(rng)))
    if rng.random() < 0.2:
        plan.records.append(
            _contact(rng, person, Contact.Relationship.POA, name=_any_full_name(rng))
        )
    professional = (
        (Contact.Relationship.THERAPIST, "Riverbend Behavioral Health")
        if key == "north"
        else (Contact.Relationship.PHYSICIAN, "Alder Family Medicine")
    )
    plan.records.append(
        _contact(
            rng, person, professional[0], name=f"Dr. {_any_full_name(rng)}", org=professional[1]
        )
    )
    if rng.random() < 0.1:
        plan.records.append(
            _contact(rng, person, Contact.Relationship.FRIEND, name=_any_full_name(rng))
        )
        plan.records[-1].is_active = False
        plan.records[-1].notes = "Moved out of state; no longer involved."
    plan.records.extend(_coverages(rng, person, key, today))
    if plan.case:
        _plan_consents(rng, plan, today)
    _plan_flags(rng, plan, key)


def _contact(rng, person, relationship, *, name, org="") -> Contact:
    return Contact(
        client=person,
        name=name,
        relationship=relationship,
        organization=org,
        phone=f"(541) 555-01{rng.randint(0, 99):02d}",
        may_receive_information=rng.random() < 0.6,
    )


def _any_first_name(rng) -> str:
    community = rng.choice(COMMUNITIES)
    return rng.choice(community[3] + community[4])


def _any_full_name(rng) -> str:
    return f"{_any_first_name(rng)} {rng.choice(rng.choice(COMMUNITIES)[5])}"


def _coverages(rng, person, key, today) -> list[Coverage]:
    def coverage(payer, payer_name="", plan_name="", rank=Coverage.Rank.PRIMARY, ended=False):
        start = today - datetime.timedelta(days=rng.randint(200, 2500))
        return Coverage(
            client=person,
            payer=payer,
            payer_name=payer_name,
            plan_name=plan_name,
            member_id="" if payer == Coverage.Payer.NONE else f"{rng.randint(10**8, 10**9 - 1)}",
            rank=rank,
            effective_on=start,
            ends_on=today - datetime.timedelta(days=rng.randint(30, 150)) if ended else None,
        )

    roll = rng.random()
    if key == "south":
        if roll < 0.35:
            return [coverage(Coverage.Payer.MEDICARE, "Medicare", "Parts A and B")]
        if roll < 0.55:
            return [
                coverage(Coverage.Payer.MEDICARE, "Medicare", "Parts A and B"),
                coverage(Coverage.Payer.MEDICAID, "State Medicaid", "Alder Coordinated Care", 2),
            ]
        if roll < 0.8:
            insurer = rng.choice(["Humana", "UnitedHealthcare", "Aetna"])
            return [coverage(Coverage.Payer.MEDICARE_ADVANTAGE, insurer, "Medicare Advantage HMO")]
        if roll < 0.92:
            return [
                coverage(Coverage.Payer.MEDICARE, "Medicare", "Parts A and B"),
                coverage(Coverage.Payer.COMMERCIAL, "Blue Cross", "Medigap Plan G", 2),
            ]
        return [coverage(Coverage.Payer.MILITARY, "VA", "VA Health Care")]
    if roll < 0.5:
        plans = [coverage(Coverage.Payer.MEDICAID, "State Medicaid", "Alder Coordinated Care")]
        if rng.random() < 0.2:
            plans.append(coverage(Coverage.Payer.MARKETPLACE, "Moda", "Bronze 6500", ended=True))
        return plans
    if roll < 0.65:
        return [coverage(Coverage.Payer.MARKETPLACE, "PacificSource", "Silver 3000")]
    if roll < 0.8:
        return [coverage(Coverage.Payer.COMMERCIAL, rng.choice(["Cigna", "Kaiser"]), "PPO")]
    if roll < 0.88:
        return [coverage(Coverage.Payer.DUAL, "Medicare / Medicaid", "Dual eligible SNP")]
    return [coverage(Coverage.Payer.NONE)]


def _plan_consents(rng, plan, today) -> None:
    opened = plan.case.opened_on
    plan.records.append(
        Consent(
            client=plan.person,
            kind=Consent.Kind.TREATMENT,
            scope=Consent.Scope.CARE_TEAM,
            purpose="Case management services and care coordination",
            signed_on=opened,
            expires_on=opened + datetime.timedelta(days=365),
            recorded_by=plan.registrar,
        )
    )
    if plan.case.restricted:
        plan.records.append(
            Consent(
                client=plan.person,
                kind=Consent.Kind.SUBSTANCE_USE,
                scope=Consent.Scope.ORGANIZATION,
                organization_name="Riverbend Behavioral Health",
                purpose="Coordination of substance-use treatment",
                signed_on=opened,
                expires_on=opened + datetime.timedelta(days=365),
                recorded_by=plan.registrar,
            )
        )
    for organization, purpose in rng.sample(ORGANIZATIONS, rng.randint(0, 2)):
        state = rng.choices(["valid", "expired", "expiring", "revoked"], weights=[5, 2, 2, 1])[0]
        signed_ago = {"valid": (10, 200), "expired": (400, 520), "expiring": (340, 360)}.get(
            state, (30, 150)
        )
        signed = today - datetime.timedelta(days=rng.randint(*signed_ago))
        consent = Consent(
            client=plan.person,
            kind=Consent.Kind.RELEASE,
            organization_name=organization,
            purpose=purpose,
            signed_on=signed,
            expires_on=signed + datetime.timedelta(days=365),
            recorded_by=plan.registrar,
        )
        plan.records.append(consent)
        if state == "revoked":
            plan.revocations.append((consent, "Client no longer wants information shared."))


def _plan_flags(rng, plan, key) -> None:
    chances = {
        ClientFlag.Kind.SAFETY_RISK: 0.1,
        ClientFlag.Kind.DO_NOT_CONTACT_AT_HOME: 0.07,
        ClientFlag.Kind.FALL_RISK: 0.25 if key == "south" else 0.0,
        ClientFlag.Kind.COGNITIVE: 0.08 if key == "south" else 0.0,
    }
    for kind, chance in chances.items():
        if rng.random() < chance:
            flag = ClientFlag(
                client=plan.person,
                kind=kind,
                reason=rng.choice(FLAGS[kind]),
                created_by=plan.registrar,
            )
            plan.records.append(flag)
            if rng.random() < 0.15:
                plan.cleared_flags.append(flag)


def plan_near_duplicates(team, first_registrar, second_registrar) -> list[ClientPlan]:
    """John Smith, and Jon Smyth: same birthday, registered anyway after a duplicate check."""
    common = {
        "date_of_birth": datetime.date(1958, 3, 14),
        "sex_at_birth": Client.Sex.MALE,
        "pronouns": "he/him",
        "city": "Riverton",
        "state": STATE,
        "county": COUNTY,
    }
    john = Client(
        legal_first_name="John",
        legal_last_name="Smith",
        phone="(541) 555-0142",
        address_line1="77 Mill Road",
        postal_code="97510",
        **common,
    )
    jon = Client(
        legal_first_name="Jon",
        legal_last_name="Smyth",
        phone="(541) 555-0187",
        address_line1="1310 Cascade Way",
        postal_code="97510",
        **common,
    )
    reason = (
        "Not the same person: the hospital registrar confirmed a different Medicare number, "
        "address and mother's maiden name."
    )
    return [
        ClientPlan(person=john, team=team, registrar=first_registrar),
        ClientPlan(person=jon, team=team, registrar=second_registrar, duplicate_reason=reason),
    ]


# ---------------------------------------------------------------------------------------------
# Creating: only clients that are not there yet.


def create_missing(plans: list[ClientPlan]) -> int:
    existing = set(
        Client.objects.values_list("legal_first_name", "legal_last_name", "date_of_birth")
    )
    missing = [
        plan
        for plan in plans
        if (plan.person.legal_first_name, plan.person.legal_last_name, plan.person.date_of_birth)
        not in existing
    ]
    for plan in missing:
        create_client(plan)
    records = [record for plan in missing for record in plan.records]
    for model in (Contact, Coverage, Consent, ClientFlag):
        model.objects.bulk_create([record for record in records if type(record) is model])
    CaseNote.objects.bulk_create([note for plan in missing for note in plan.notes])
    for plan in missing:
        for consent, reason in plan.revocations:
            consent.revoke(by=plan.registrar, reason=reason)
        for flag in plan.cleared_flags:
            flag.clear(by=plan.case.primary_case_manager if plan.case else plan.registrar)
        for note, narrative in plan.addenda:
            add_addendum(note=note, by=note.author, narrative=narrative)
    return len(missing)


def create_client(plan: ClientPlan) -> None:
    register_client(
        client=plan.person,
        by=plan.registrar,
        team=plan.team,
        duplicate_reason=plan.duplicate_reason,
    )
    if plan.case is None:
        return
    open_case(case=plan.case, by=plan.registrar, care_team=plan.care_team)
    for move, details in plan.moves:
        getattr(plan.case, move)(by=plan.case.primary_case_manager, **details)

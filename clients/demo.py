"""Demo clients and what hangs off them: 39 clients on each demo team with their contacts,
coverage, releases of information (some expired, expiring or revoked) and flags (some cleared),
and a near-duplicate pair registered after the duplicate check.

Idempotent: every client is planned from the part's fixed random numbers, then only the missing
ones are created (by legal name and date of birth) with their records, through
`clients.services.register_client` and one bulk insert per table (the history triggers record
those rows too).
"""

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

import accounts.demo
import casemgmt.demo
from accounts.demo import DemoTeam
from accounts.models import Team, User

from .models import Client, ClientFlag, Consent, Contact, Coverage
from .services import register_client

CLIENTS_PER_TEAM = 39
CLEARED_FLAG_EVERY = 6

# fmt: off
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


@dataclass
class ClientPlan:
    """One client and everything about them, not yet saved."""

    person: Client
    team: Team
    registrar: User
    duplicate_reason: str = ""
    records: list[models.Model] = field(default_factory=list)
    revocations: list[tuple[Consent, str]] = field(default_factory=list)
    cleared_flags: list[ClientFlag] = field(default_factory=list)


def seed() -> str:
    plans = plan_clients()
    created = create_missing(plans)
    return f"created {created} of {len(plans)} clients ({Client.objects.count()} in the database)"


def clients_by_team() -> dict[str, list[Client]]:
    """Each demo team's clients as saved (after seed()), in the order planned, the near-duplicate
    pair left out: the parts above give them their cases."""
    by_team = plan_teams(accounts.demo.teams())
    last_names = {plan.person.legal_last_name for plans in by_team.values() for plan in plans}
    saved = {
        _identity(person): person
        for person in Client.objects.filter(legal_last_name__in=last_names).select_related(
            "registered_by"
        )
    }
    return {
        key: [saved[_identity(plan.person)] for plan in plans] for key, plans in by_team.items()
    }


def _identity(person: Client) -> tuple[str, str, datetime.date]:
    return person.legal_first_name, person.legal_last_name, person.date_of_birth


# ---------------------------------------------------------------------------------------------
# Planning: draws from the part's random numbers only, so every run plans the same clients.


def plan_clients() -> list[ClientPlan]:
    teams = accounts.demo.teams()
    by_team = plan_teams(teams)
    return [
        *(plan for plans in by_team.values() for plan in plans),
        *plan_near_duplicates(teams["south"]),
    ]


def plan_teams(teams: dict[str, DemoTeam]) -> dict[str, list[ClientPlan]]:
    rng, today = casemgmt.demo.rng("clients"), timezone.localdate()
    seen: set[tuple[str, str]] = set()
    by_team = {}
    for key, demo_team in teams.items():
        by_team[key] = []
        for _ in range(CLIENTS_PER_TEAM):
            registrar = rng.choice(demo_team.case_managers)
            plan = plan_person(rng, key, demo_team.team, registrar, seen)
            plan_records(rng, plan, key, today)
            by_team[key].append(plan)
    # One flag in six was raised and later cleared, so the flags' history has that to show.
    flagged = [
        (plan, record)
        for plans in by_team.values()
        for plan in plans
        for record in plan.records
        if type(record) is ClientFlag
    ]
    for plan, flag in flagged[::CLEARED_FLAG_EVERY]:
        plan.cleared_flags.append(flag)
    return by_team


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
    _plan_releases(rng, plan, today)
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


def _plan_releases(rng, plan, today) -> None:
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


def plan_near_duplicates(demo_team: DemoTeam) -> list[ClientPlan]:
    """John Smith, and Jon Smyth: same birthday, registered anyway after a duplicate check."""
    team, (first_registrar, second_registrar, *_) = demo_team.team, demo_team.case_managers
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
    missing = [plan for plan in plans if _identity(plan.person) not in existing]
    for plan in missing:
        register_client(
            client=plan.person,
            by=plan.registrar,
            team=plan.team,
            duplicate_reason=plan.duplicate_reason,
        )
    records = [record for plan in missing for record in plan.records]
    for model in (Contact, Coverage, Consent, ClientFlag):
        model.objects.bulk_create([record for record in records if type(record) is model])
    for plan in missing:
        for consent, reason in plan.revocations:
            consent.revoke(by=plan.registrar, reason=reason)
        for flag in plan.cleared_flags:
            flag.clear(by=plan.registrar)
    return len(missing)

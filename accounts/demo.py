"""Demo programs, teams and staff: two programs with a team each and nine logins, all with the
published password. Idempotent: programs and teams by name and staff by username are only created
when missing."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from .models import Program, Role, Team, User

PASSWORD = "casemgmt-demo"  # noqa: S105 - the published demo password (README, scripts/run)

# key: program name, sector, description, team name
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

# Caseload caps on the weighted load (cases.caps): the demo's busiest case manager is past the
# soft cap, none past the hard one.
CAPS = {"soft_cap": 24, "hard_cap": 32}

# username, first name, last name, title, role, team (supervisors supervise it)
# fmt: off
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
# fmt: on


@dataclass
class DemoTeam:
    """A demo team as saved, with its people: what the parts above need to plan its clients."""

    team: Team
    supervisor: User
    case_managers: list[User]


def seed() -> None:
    by_key = {}
    for key, (name, sector, description, team_name) in PROGRAMS.items():
        program, _ = Program.objects.get_or_create(
            name=name,
            defaults={"sector": sector, "description": description} | CAPS,
        )
        by_key[key], _ = Team.objects.get_or_create(name=team_name, defaults={"program": program})
    existing = staff()
    password = make_password(PASSWORD) if len(existing) < len(STAFF) else None
    for number, (username, first, last, title, role, team_key) in enumerate(STAFF):
        user = existing.get(username)
        if user is None:
            user = User.objects.create(
                username=username,
                first_name=first,
                last_name=last,
                title=title,
                email=f"{username}@casemgmt.example.org",
                phone=f"(541) 555-01{number:02d}",
                password=password,
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
        user.groups.add(Group.objects.get(name=role))
        if team_key:
            team = by_key[team_key]
            (team.supervisors if role == Role.SUPERVISOR else team.members).add(user)


def staff() -> dict[str, User]:
    """The demo logins that exist, by username."""
    usernames = [row[0] for row in STAFF]
    return {user.username: user for user in User.objects.filter(username__in=usernames)}


def teams() -> dict[str, DemoTeam]:
    """The demo teams as saved (after seed()), by key, with the staff on each."""
    users = staff()
    saved = Team.objects.select_related("program").in_bulk(
        [team_name for *_, team_name in PROGRAMS.values()], field_name="name"
    )
    demo_teams = {}
    for key, (*_, team_name) in PROGRAMS.items():
        on_team = [(users[row[0]], row[4]) for row in STAFF if row[5] == key]
        demo_teams[key] = DemoTeam(
            team=saved[team_name],
            supervisor=next(user for user, role in on_team if role == Role.SUPERVISOR),
            case_managers=[user for user, role in on_team if role == Role.CASE_MANAGER],
        )
    return demo_teams


def logins_table() -> str:
    rows = [("Username", "Password", "Role", "Team", "Title")]
    for username, _, _, title, role, team_key in STAFF:
        team = PROGRAMS[team_key][3] if team_key else "all teams"
        rows.append((username, PASSWORD, role, team, title))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(["", "Demo logins:", *lines])

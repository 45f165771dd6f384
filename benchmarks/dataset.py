"""Synthetic agency-scale data, generated in SQL (INSERT … SELECT generate_series).

Creating millions of rows one by one through the ORM takes hours; set-based SQL takes minutes.
What is generated is what a real agency has rows in, consistently: teams of eight case managers
with a supervisor, enough of them that a case manager holds about 50 open primary cases (a few
hold three times as many); clients with realistic names (benchmarks/names.py) and their family
and other supports, insurance coverage, consents and flags; cases (70% closed, a fifth of the
clients with an earlier one) with their care teams, status events and notes (a few clients have
over 500); assessments on the instruments in the database with their answers, domain results,
scores and the needs they identify; care plans with goals, tasks and events; referrals to a
directory of organizations with their events; and a year of delivered reminders with their in-app
notifications. Dates are relative to the day of generation; `seed` decides everything random.

Rows are added alongside what the database holds (the demo data, an earlier run): each table's
ids continue past its largest, usernames and client numbers carry those ids, and nothing is
deleted. Only `reset()`, which the benchmarks call on a database of their own, empties tables.

Triggers are skipped while generating (`session_replication_role = replica`, which needs a
superuser): pghistory's would write a history row per generated row, doubling the work to
record nothing anyone wants. That setting skips foreign-key checks too, so the statements below
keep every reference valid themselves, and the columns triggers keep (Case.last_contact_at) are
filled after the rows they derive from.
"""

import datetime
import json
import math
import time
from dataclasses import asdict, dataclass

from django.db import connection, transaction
from django.utils import timezone

from benchmarks import names

# The sizes (issue 13), in clients; every other table follows the client count.
SCALES = {"S": 1_000, "L": 200_000}
CASE_MANAGERS_PER_TEAM = 8
OPEN_CASES_PER_CASE_MANAGER = 50
# One case manager in HEAVY_EVERY carries three times the caseload.
HEAVY_EVERY = 40

# What an unlisted NOT NULL column gets: the model's blank value. New columns then need no
# change here unless they are of another type (the error says which).
BLANK = {"character varying": "''", "text": "''", "boolean": "false", "ARRAY": "'{}'"}

# The tables generate() fills; reset() empties them, and by CASCADE what refers to them (history
# rows, reminders of an earlier run). Programs are kept: plan templates from a data migration
# refer to them.
TABLES = [
    "accounts_user",
    "accounts_user_groups",
    "accounts_team",
    "accounts_team_members",
    "accounts_team_supervisors",
    "clients_client",
    "clients_contact",
    "clients_coverage",
    "clients_consent",
    "clients_clientflag",
    "cases_case",
    "cases_careteammember",
    "cases_caseevent",
    "cases_casenote",
    "assessments_assessment",
    "assessments_assessmentevent",
    "assessments_answer",
    "assessments_domainresult",
    "assessments_identifiedneed",
    "careplans_careplan",
    "careplans_careplanevent",
    "careplans_goal",
    "careplans_task",
    "referrals_organization",
    "referrals_service",
    "referrals_referral",
    "referrals_referralevent",
    "reminders_reminder",
    "reminders_notification",
    "reminders_preference",
    "discharge_admission",
    "discharge_dischargeplan",
    "discharge_barrier",
    "discharge_utilizationreview",
]

# Tables whose generated ids the statements compute (rows of other tables refer to them): each
# run's ids start past the largest there, as %(<key>)s.
OFFSETS = {
    "o_user": "accounts_user",
    "o_team": "accounts_team",
    "o_client": "clients_client",
    "o_case": "cases_case",
    "o_consent": "clients_consent",
    "o_plan": "careplans_careplan",
    "o_goal": "careplans_goal",
    "o_task": "careplans_task",
    "o_org": "referrals_organization",
    "o_service": "referrals_service",
    "o_assessment": "assessments_assessment",
    "o_referral": "referrals_referral",
    "o_reminder": "reminders_reminder",
    "o_admission": "discharge_admission",
    "o_dplan": "discharge_dischargeplan",
}


@dataclass(frozen=True)
class Size:
    """How much to generate. Only `clients` is needed; the rest default to the issue's
    proportions: 5.5 tasks per client, one in 200 clients with a task due by tomorrow, a
    delivered reminder per client."""

    clients: int = SCALES["L"]
    tasks: int | None = None
    due: int | None = None  # open tasks due by tomorrow
    sent: int | None = None  # delivered reminders already in the outbox: about a year's worth

    def __post_init__(self):
        if self.clients < 25:
            raise ValueError("Generate at least 25 clients.")
        tasks = self.clients * 11 // 2 if self.tasks is None else self.tasks
        due = max(10, self.clients // 200) if self.due is None else self.due
        sent = self.clients if self.sent is None else self.sent
        object.__setattr__(self, "tasks", tasks)
        object.__setattr__(self, "due", min(due, tasks))
        # A delivered reminder is about one task of its own (their dedupe keys must differ).
        object.__setattr__(self, "sent", min(sent, tasks))

    @classmethod
    def scale(cls, name: str) -> "Size":
        return cls(clients=SCALES[name])

    @property
    def earlier_cases(self) -> int:
        """A fifth of the clients had an earlier case, closed years ago."""
        return self.clients // 5

    @property
    def cases(self) -> int:
        return self.clients + self.earlier_cases

    @property
    def open_cases(self) -> int:
        # Of each 25 latest cases 9 are open (statuses below): 30% of all cases.
        return self.clients * 9 // 25

    @property
    def teams(self) -> int:
        per_team = OPEN_CASES_PER_CASE_MANAGER * CASE_MANAGERS_PER_TEAM
        # The heavy case managers' extra caseload comes out of everyone's 50.
        load = 1 + 2 / HEAVY_EVERY
        return max(1, round(self.open_cases / per_team / load))

    @property
    def case_managers(self) -> int:
        return self.teams * CASE_MANAGERS_PER_TEAM

    @property
    def organizations(self) -> int:
        return 40 + self.clients // 2_000


def _slots(size: Size) -> int:
    """Caseload slots: one per case manager, three for the heavy ones (m = 1, 41, 81, …)."""
    return size.case_managers + 2 * math.ceil(size.case_managers / HEAVY_EVERY)


def _name_slots(pairs: list[tuple[str, int]]) -> list[str]:
    """Names repeated in proportion to how common they are, softened (the census lists count
    the whole population; a caseload is more mixed): a random slot is a weighted draw."""
    return [name for name, per_million in pairs for _ in range(max(1, round(per_million**0.6)))]


def generate(size: Size, *, now: datetime.datetime, seed: int = 0) -> list[tuple]:
    """Insert a data set of `size` alongside the rows there, in one transaction (the caller's,
    if it has one). Same seed, same database: same data. Returns (table, rows, seconds) for
    each step."""
    from careplans.models import Task
    from referrals.models import Organization, Service

    last, female, male = (
        _name_slots(names.SURNAMES),
        _name_slots(names.FEMALE_FIRST_NAMES),
        _name_slots(names.MALE_FIRST_NAMES),
    )
    params = {
        "now": now,
        "today": timezone.localdate(now),
        "seed": seed,
        "salt": (seed * 0x9E3779B97F4A7C15) % 2**62,
        "C": size.clients,
        "cases": size.cases,
        "T": size.teams,
        "M": size.case_managers,
        "S": _slots(size),
        "orgs": size.organizations,
        "tasks": size.tasks,
        "sent": size.sent,
        # Every step-th task is one of the `due`; the others are spread around them.
        "step": max(1, size.tasks // max(1, size.due)),
        "n_last": len(last),
        "n_female": len(female),
        "n_male": len(male),
        "last": last,
        "female": female,
        "male": male,
        "org_kinds": [kind.value for kind in Organization.Kind],
        "categories": [category.value for category in Service.Category],
        "category_labels": [str(category.label) for category in Service.Category],
        "task_responsible": [r.value for r in Task.Responsible],
    }
    steps = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        # The joins and sorts of millions of rows (answers by assessment, needs by case) in memory.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        # random() decides names, dates and what became of each row: setseed makes it repeat.
        cursor.execute("SELECT setseed(%s)", [_seed_fraction(seed)])
        params.update(_offsets(cursor))
        for step in _STEPS:
            started = time.monotonic()
            if isinstance(step, Raw):
                cursor.execute(step.sql, params)
                if step.label:
                    steps.append((step.label, cursor.rowcount, time.monotonic() - started))
                continue
            table, columns, source = step
            cursor.execute(_insert(cursor, table, columns, source), params)
            steps.append((table, cursor.rowcount, time.monotonic() - started))
        started = time.monotonic()
        _fill_last_contact(cursor, params["o_case"])
        steps.append(("cases_case.last_contact_at", cursor.rowcount, time.monotonic() - started))
        for table in OFFSETS.values():
            # Rows were given their ids: move each identity on, so the app can add rows later.
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608 (OFFSETS, constants)
                f"greatest((SELECT max(id) FROM {table}), 1))",
                [table],
            )
        cursor.execute("DROP TABLE " + ", ".join(_TEMPORARY))
    return steps


def _seed_fraction(seed: int) -> float:
    """setseed() takes a number from -1 to 1."""
    return (seed % 20_001 - 10_000) / 10_000


def _offsets(cursor) -> dict[str, int]:
    """Each table's largest id (or where its identity has got to, if further): generated ids
    come after it."""
    offsets = {}
    for key, table in OFFSETS.items():
        cursor.execute(
            f"SELECT greatest(coalesce((SELECT max(id) FROM {table}), 0), "  # noqa: S608 (constants)
            "coalesce(pg_sequence_last_value(pg_get_serial_sequence(%s, 'id')::regclass), 0))",
            [table],
        )
        (offsets[key],) = cursor.fetchone()
    return offsets


def _fill_last_contact(cursor, o_case: int) -> None:
    """What the casenote_last_contact trigger would have kept, had triggers been on."""
    from cases.models import CaseNote

    cursor.execute(
        """UPDATE cases_case SET last_contact_at = latest.occurred_at
        FROM (
            SELECT case_id, max(occurred_at) AS occurred_at FROM cases_casenote
            WHERE case_id > %s AND addendum_to_id IS NULL AND contact_type = ANY(%s)
            GROUP BY case_id
        ) AS latest
        WHERE cases_case.id = latest.case_id""",
        [o_case, CaseNote.ContactType.with_client()],
    )


def reset() -> None:
    """Empty the generated tables (and what refers to them): for the benchmarks' own databases
    only, never alongside data anyone wants."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")


def analyze() -> None:
    """Fresh planner statistics for the generated tables (ANALYZE works in a transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(TABLES)}")


class ForeignData(Exception):
    """The database holds cases the benchmark did not generate."""


def prepare(size: Size, *, now: datetime.datetime, reset_first: bool = False) -> list[tuple]:
    """Make the database hold a data set of `size` generated today, and nothing else, reusing
    the one there when it is (then returns no steps). Regenerates over an earlier benchmark data
    set; refuses to replace anything else unless `reset_first`."""
    today = timezone.localdate(now)
    wanted = json.dumps(asdict(size))
    with connection.cursor() as cursor:
        # What the benchmark generated here, and when: a table of its own, outside the models.
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS benchmark_dataset (size jsonb NOT NULL, generated_on date)"
        )
        cursor.execute(
            "SELECT size = %s::jsonb AND generated_on = %s FROM benchmark_dataset", [wanted, today]
        )
        marker = cursor.fetchone()
        if marker == (True,) and not reset_first:
            return []
        cursor.execute("SELECT EXISTS (SELECT FROM cases_case)")
        (has_cases,) = cursor.fetchone()
        if marker is None and has_cases and not reset_first:
            raise ForeignData(
                "The database holds cases the benchmark did not generate. Use a database of its "
                "own (--database), or --reset to replace them."
            )
    with transaction.atomic():
        reset()
        steps = generate(size, now=now)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM benchmark_dataset")
            cursor.execute("INSERT INTO benchmark_dataset VALUES (%s, %s)", [wanted, today])
    with connection.cursor() as cursor:
        # Outside the transaction: VACUUM also sets the visibility map and hint bits, as
        # autovacuum would have on a real database, so the first query is not the one that pays.
        started = time.monotonic()
        cursor.execute("VACUUM (ANALYZE)")
        steps.append(("VACUUM (ANALYZE)", None, time.monotonic() - started))
    return steps


def _insert(cursor, table: str, columns: dict[str, str], source: str) -> str:
    cursor.execute(
        """SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = %s AND is_nullable = 'NO'
          AND column_default IS NULL AND is_identity = 'NO' AND is_generated = 'NEVER'""",
        [table],
    )
    values = dict(columns)
    for column, data_type in cursor.fetchall():
        if column in values:
            continue
        if data_type not in BLANK:
            raise ValueError(f"benchmarks.dataset gives {table}.{column} ({data_type}) no value.")
        values[column] = BLANK[data_type]
    names_ = ", ".join(values)
    exprs = ",\n  ".join(values.values())
    return f"INSERT INTO {table} ({names_})\nSELECT {exprs}\nFROM {source}"


@dataclass(frozen=True)
class Raw:
    """A statement of its own (a helper table, an UPDATE); reported when it has a label."""

    sql: str
    label: str = ""


# Helper tables, dropped at the end of generate(); temporary, so in no schema of the app's.
_TEMPORARY = ["gen_name", "gen_slot", "gen_instrument", "gen_item", "gen_option", "gen_path"]

# Case n (1 … cases): the latest case of client n up to C, then the earlier cases of every fifth
# client. Of each 25 latest cases one is in intake, one on hold and seven active; the rest, and
# every earlier case, closed. Case 4 and every 997th after it is a long-running active case with
# hundreds of notes.
HEAVY = "(n <= %(C)s AND mod(n, 997) = 4)"
STATUS = f"""CASE WHEN n > %(C)s THEN 'closed' WHEN {HEAVY} THEN 'active'
    WHEN mod(n, 25) = 1 THEN 'intake' WHEN mod(n, 25) = 2 THEN 'on_hold'
    WHEN mod(n, 25) BETWEEN 3 AND 9 THEN 'active' ELSE 'closed' END"""
# Which caseload slot (so which case manager) case n is in: a hash, so that the clients step
# knows it too, spread evenly whatever the statuses' pattern.
SLOT = "1 + (hashint8(n::bigint * 1000003 + %(seed)s) & 2147483647) %% %(S)s"
# n of the case with id k.id.
N = "(k.id - %(o_case)s)"
# The supervisor of the case's team (user ids: supervisors by team, then case managers).
SUPERVISOR = "%(o_user)s + k.team_id - %(o_team)s"
ts = "({date} + time '{time}')::timestamptz".format


def rnd(key: str, stream: int) -> str:
    """A number in [0, 1) drawn from the row's key (and the seed), for rows a join makes:
    random() would follow the order the plan happens to produce them in."""
    hashed = f"hashint8((({key})::bigint * 16 + {stream}) # %(salt)s)"
    return f"(({hashed} & 2147483647) / 2147483648::float8)"


def _user_names() -> str:
    return """(SELECT u, random() AS r, random() AS r2, random() AS r3
        FROM generate_series(1, %(T)s + %(M)s) u) p
        JOIN gen_name f ON f.kind = CASE WHEN p.r < 0.7 THEN 'female' ELSE 'male' END
            AND f.slot = floor(p.r2 * CASE WHEN p.r < 0.7
                THEN %(n_female)s ELSE %(n_male)s END)::int
        JOIN gen_name l ON l.kind = 'last' AND l.slot = floor(p.r3 * %(n_last)s)::int"""


_STEPS = [
    Raw("DROP TABLE IF EXISTS " + ", ".join(_TEMPORARY)),
    Raw(
        # Names by weighted slot: kind, slot (0 …), name.
        """CREATE TEMPORARY TABLE gen_name AS
        SELECT 'last' AS kind, (o - 1)::int AS slot, name FROM unnest(%(last)s::text[])
            WITH ORDINALITY AS u(name, o)
        UNION ALL SELECT 'female', (o - 1)::int, name FROM unnest(%(female)s::text[])
            WITH ORDINALITY AS u(name, o)
        UNION ALL SELECT 'male', (o - 1)::int, name FROM unnest(%(male)s::text[])
            WITH ORDINALITY AS u(name, o);
        CREATE INDEX ON gen_name (kind, slot); ANALYZE gen_name"""
    ),
    (
        # Kept by reset() (see TABLES), so added only when missing.
        "accounts_program",
        {
            "name": "'Generated ' || name",
            "sector": "'social'",
            "is_active": "true",
            "initial_assessment_days": "30",
            "reassessment_days": "90",
            "plan_review_days": "90",
        },
        """unnest(ARRAY['community care', 'care transitions']) name
            ON CONFLICT (name) DO NOTHING""",
    ),
    (
        # Supervisors first (user o_user + t supervises team o_team + t), then case managers.
        "accounts_user",
        {
            "id": "%(o_user)s + u",
            "password": "'!'",  # unusable: nobody logs in as a generated user
            "username": "'gen' || (%(o_user)s + u)",
            "first_name": "f.name",
            "last_name": "l.name",
            "email": "lower(f.name || '.' || l.name || '.' || (%(o_user)s + u)) || '@example.org'",
            "is_active": "true",
            "date_joined": "%(now)s - make_interval(days => 30 + mod(u * 37, 2000))",
            "title": "CASE WHEN u <= %(T)s THEN 'Supervisor' ELSE 'Case manager' END",
        },
        _user_names(),
    ),
    (
        "accounts_user_groups",
        {"user_id": "%(o_user)s + u", "group_id": "g.id"},
        """generate_series(1, %(T)s + %(M)s) u JOIN auth_group g
            ON g.name = CASE WHEN u <= %(T)s THEN 'supervisor' ELSE 'case manager' END""",
    ),
    (
        "accounts_team",
        {
            "id": "%(o_team)s + t",
            "name": "'Generated team ' || (%(o_team)s + t)",
            "program_id": "programs.ids[1 + mod(t, 2)]",
        },
        """generate_series(1, %(T)s) t CROSS JOIN (
            SELECT array_agg(id ORDER BY id) AS ids FROM accounts_program
            WHERE name IN ('Generated community care', 'Generated care transitions')) programs""",
    ),
    (
        "accounts_team_supervisors",
        {"team_id": "%(o_team)s + t", "user_id": "%(o_user)s + t"},
        "generate_series(1, %(T)s) t",
    ),
    (
        "accounts_team_members",
        {"team_id": "%(o_team)s + 1 + (m - 1) / 8", "user_id": "%(o_user)s + %(T)s + m"},
        "generate_series(1, %(M)s) m",
    ),
    Raw(
        # Caseload slots: s (1 … S) → case manager m, their user, team and program.
        """CREATE TEMPORARY TABLE gen_slot AS
        SELECT row_number() OVER (ORDER BY m, r)::int AS s, m,
            %(o_user)s + %(T)s + m AS user_id, team.id AS team_id, team.program_id
        FROM generate_series(1, %(M)s) m
        CROSS JOIN LATERAL generate_series(1, CASE WHEN mod(m, 40) = 1 THEN 3 ELSE 1 END) r
        JOIN accounts_team team ON team.id = %(o_team)s + 1 + (m - 1) / 8;
        CREATE UNIQUE INDEX ON gen_slot (s); ANALYZE gen_slot"""
    ),
    (
        "clients_client",
        {
            "id": "%(o_client)s + n",
            "version": "1",
            "updated_at": "%(now)s",
            "client_number": "'G' || lpad((%(o_client)s + n)::text, 9, '0')",
            "legal_first_name": "f.name",
            "legal_middle_name": """CASE WHEN p.r5 < 0.4
                THEN substr('ABCDEFGHJKLMNPRSTW', 1 + floor(p.r5 * 45)::int, 1) || '.'
                ELSE '' END""",
            # One in 16 has a double surname.
            "legal_last_name": """l.name || CASE WHEN p.r4 < 0.0625 AND l2.name <> l.name
                THEN '-' || l2.name ELSE '' END""",
            "date_of_birth": """DATE '1932-01-01'
                + floor(p.r6 * (%(today)s::date - 18 * 365 - DATE '1932-01-01'))::int""",
            "sex_at_birth": """CASE WHEN p.r7 < 0.01 THEN 'unknown'
                WHEN p.r < 0.55 THEN 'female' ELSE 'male' END""",
            "preferred_language": """CASE WHEN p.r7 < 0.82 THEN 'English'
                WHEN p.r7 < 0.93 THEN 'Spanish' WHEN p.r7 < 0.95 THEN 'Vietnamese'
                WHEN p.r7 < 0.97 THEN 'Chinese' WHEN p.r7 < 0.99 THEN 'Russian'
                ELSE 'Haitian Creole' END""",
            "interpreter_needed": "p.r7 >= 0.85",
            "phone": """'(' || (200 + mod(n, 700)) || ') 555-'
                || lpad(mod(n * 7919, 10000)::text, 4, '0')""",
            "address_line1": """(100 + mod(n * 13, 9800)) || ' ' || (ARRAY['Main St', 'Oak Ave',
                'Maple St', 'Washington Blvd', 'Park Rd', 'Cedar Ln', 'Elm St', 'Lake Dr',
                'Hill St', 'River Rd'])[1 + mod(n, 10)]""",
            "city": """(ARRAY['Springfield', 'Riverside', 'Fairview', 'Franklin', 'Greenville',
                'Clinton', 'Madison', 'Georgetown', 'Salem', 'Arlington'])[1 + mod(n / 7, 10)]""",
            "state": "'OH'",
            "postal_code": "(43000 + mod(n / 7, 10) * 17)::text",
            "county": "'Franklin'",
            "created_at": "%(now)s - make_interval(days => mod(n * 7, 1400))",
            # The team and case manager of the client's latest case registered them.
            "registered_team_id": "slot.team_id",
            "registered_by_id": "slot.user_id",
        },
        f"""(SELECT n, random() AS r, random() AS r2, random() AS r3, random() AS r4,
                random() AS r5, random() AS r6, random() AS r7, random() AS r8
            FROM generate_series(1, %(C)s) n) p
            JOIN gen_name f ON f.kind = CASE WHEN p.r < 0.55 THEN 'female' ELSE 'male' END
                AND f.slot = floor(p.r2 * CASE WHEN p.r < 0.55
                    THEN %(n_female)s ELSE %(n_male)s END)::int
            JOIN gen_name l ON l.kind = 'last' AND l.slot = floor(p.r3 * %(n_last)s)::int
            JOIN gen_name l2 ON l2.kind = 'last' AND l2.slot = floor(p.r8 * %(n_last)s)::int
            JOIN gen_slot slot ON slot.s = {SLOT}""",  # noqa: S608 (the module's own fragments)
    ),
    (
        "cases_case",
        {
            "id": "%(o_case)s + n",
            "version": "1",
            "updated_at": "%(now)s",
            "status": "status",
            # 10% intensive, 20% high, 50% moderate, 20% low.
            "acuity": "(ARRAY[4, 3, 3, 2, 2, 2, 2, 2, 1, 1])[1 + mod(n, 10)]",
            "restricted": "mod(n, 23) = 0",
            "referral_source": """(ARRAY['Hospital discharge planner', 'Primary care',
                'Self-referral', 'Family member', 'Community agency', 'Court'])[1 + mod(n, 6)]""",
            "presenting_need": """(ARRAY['Housing instability after eviction notice',
                'Recent hospital discharge, needs follow-up care',
                'Food insecurity and unpaid utility bills',
                'Depression and social isolation', 'Needs help applying for benefits',
                'Caregiver strain, needs in-home support'])[1 + mod(n / 3, 6)]""",
            "opened_on": "d.opened_on",
            "closed_on": "d.closed_on",
            "closure_reason": """CASE WHEN status = 'closed' THEN (ARRAY['goals_met',
                'goals_met', 'goals_met', 'goals_met', 'declined', 'transferred', 'moved',
                'lost_contact', 'ineligible', 'deceased'])[1 + mod(n / 25, 10)] ELSE '' END""",
            "created_at": ts(date="d.opened_on", time="09:00"),
            "primary_case_manager_id": "slot.user_id",
            "program_id": "slot.program_id",
            "team_id": "slot.team_id",
            "client_id": "%(o_client)s + CASE WHEN n <= %(C)s THEN n ELSE 5 * (n - %(C)s) END",
            # Reassessed every 90 days: due dates spread over the next three months.
            "assessment_due_on": """CASE WHEN status <> 'closed'
                THEN %(today)s::date - 3 + mod(n * 13, 93) END""",
        },
        f"""(SELECT n, {STATUS} AS status FROM generate_series(1, %(cases)s) n) k0
            JOIN gen_slot slot ON slot.s = {SLOT}
            CROSS JOIN LATERAL (SELECT CASE
                WHEN n > %(C)s THEN %(today)s::date - 2200 - mod(n * 11, 1000)
                WHEN {HEAVY} THEN %(today)s::date - 700 - mod(n, 300)
                WHEN k0.status = 'intake' THEN %(today)s::date - mod(n, 30)
                WHEN k0.status <> 'closed' THEN %(today)s::date - 5 - mod(n * 7, 700)
                ELSE %(today)s::date - 60 - mod(n * 7, 1400) END AS opened_on) o
            CROSS JOIN LATERAL (SELECT o.opened_on, CASE WHEN k0.status = 'closed'
                THEN least(%(today)s::date - 1, o.opened_on + 30 + mod(n * 13, 330)) END
                AS closed_on) d""",  # noqa: S608 (the module's own fragments)
    ),
    Raw("ANALYZE cases_case, clients_client"),
    (
        # A colleague from the team backs every case up; one case in four has a second.
        "cases_careteammember",
        {
            "case_id": "k.id",
            "user_id": """%(o_user)s + %(T)s + 8 * ((m - 1) / 8)
                + 1 + mod(m - 1 + CASE WHEN j = 1 THEN 1 + mod(n, 7)
                    ELSE 1 + mod(n + 3, 7) END, 8)""",
            "role": "CASE WHEN j = 1 THEN 'Backup case manager' ELSE 'Peer specialist' END",
            "added_at": ts(date="k.opened_on", time="10:00"),
        },
        f"""cases_case k
            CROSS JOIN LATERAL (SELECT {N} AS n,
                (k.primary_case_manager_id - %(o_user)s - %(T)s)::int AS m) x
            CROSS JOIN LATERAL generate_series(1, CASE WHEN mod(n, 4) = 0 THEN 2 ELSE 1 END) j
            WHERE k.id > %(o_case)s""",
    ),
    (
        # Each case's status moves: opened in intake, activated, then put on hold or closed.
        "cases_caseevent",
        {
            "case_id": "k.id",
            "kind": "e.kind",
            "from_status": "e.from_status",
            "to_status": "e.to_status",
            "closure_reason": "CASE WHEN e.kind = 'close' THEN k.closure_reason ELSE '' END",
            "actor_id": "k.primary_case_manager_id",
            "created_at": """CASE e.step
                WHEN 1 THEN """
            + ts(date="k.opened_on", time="09:00")
            + """
                WHEN 2 THEN """
            + ts(
                date="least(k.opened_on + 7, coalesce(k.closed_on, %(today)s::date))", time="11:00"
            )
            + """
                WHEN 3 THEN """
            + ts(date="greatest(k.opened_on, %(today)s::date - mod(k.id, 20)::int)", time="12:00")
            + """
                ELSE """
            + ts(date="k.closed_on", time="16:00")
            + " END",
        },
        """cases_case k JOIN (VALUES (1, 'opened', '', 'intake'),
                (2, 'activate', 'intake', 'active'),
                (3, 'hold', 'active', 'on_hold'), (4, 'close', 'active', 'closed'))
                e(step, kind, from_status, to_status)
            ON e.step = 1 OR (e.step = 2 AND k.status <> 'intake')
                OR (e.step = 3 AND k.status = 'on_hold') OR (e.step = 4 AND k.status = 'closed')
            WHERE k.id > %(o_case)s""",
    ),
    (
        # Notes over the last year of an open case (over all of a long-running one), over the
        # whole of a closed one: most are contacts with the client, which is what "no recent
        # contact" counts. 1% of an open case's notes are unsigned drafts.
        "cases_casenote",
        {
            "case_id": "note.case_id",
            "author_id": "note.author_id",
            "contact_type": """(ARRAY['phone', 'office', 'home', 'message', 'phone', 'home',
                'office', 'phone', 'collateral', 'supervision'])[1 + mod(note.j, 10)]""",
            "occurred_at": "note.at",
            "duration_minutes": "(ARRAY[15, 30, 30, 45, 60, 90])[1 + mod(note.j, 6)]",
            "narrative": """(ARRAY['Checked in with the client about housing applications.',
                'Reviewed medications and upcoming appointments with the client.',
                'Home visit: client is managing well; discussed food pantry options.',
                'Client reported feeling isolated; referred to a peer support group.',
                'Called the landlord with the client''s consent about the repair request.',
                'Helped the client complete the benefits renewal form.',
                'Spoke with the client''s daughter about in-home support hours.',
                'Client missed the appointment; left a voicemail to reschedule.'])
                [1 + mod(note.j * 7 + note.case_id, 8)::int]""",
            "status": "CASE WHEN note.draft THEN 'draft' ELSE 'signed' END",
            "signed_at": "CASE WHEN note.draft THEN NULL ELSE note.at END",
            "signed_by_id": "CASE WHEN note.draft THEN NULL ELSE note.author_id END",
            "created_at": "note.at",
        },
        # random() in a subquery's select list is drawn again for every row.
        f"""(SELECT k.id AS case_id, k.primary_case_manager_id AS author_id, j,
                k.status <> 'closed' AND random() < 0.01 AS draft,
                least(%(now)s - interval '1 hour', (w.since + time '08:00')::timestamptz
                    + random() * ((w.until - w.since) * interval '1 day' + interval '10 hours'))
                    AS at
            FROM cases_case k
            CROSS JOIN LATERAL (SELECT {N} AS n) x
            CROSS JOIN LATERAL (SELECT
                CASE WHEN k.status = 'closed' OR {HEAVY} THEN k.opened_on
                    ELSE greatest(k.opened_on, %(today)s::date - 365) END AS since,
                coalesce(k.closed_on, %(today)s::date) AS until) w
            CROSS JOIN LATERAL generate_series(1, CASE WHEN {HEAVY} THEN 520 + mod(n, 60)
                WHEN k.status <> 'closed' THEN 10 + mod(n, 7) ELSE 3 + mod(n, 6) END) j
            WHERE k.id > %(o_case)s) note""",  # noqa: S608 (the module's own fragments)
    ),
    (
        "referrals_organization",
        {
            "id": "%(o_org)s + o",
            "name": """(ARRAY['Riverside', 'Lakeview', 'Hope', 'Harbor', 'Unity', 'Cornerstone',
                'Northside', 'Bridgeway', 'Good Shepherd', 'Pathways'])[1 + mod(o, 10)]
                || ' ' || initcap(replace(kind, '_', ' ')) || ' ' || (%(o_org)s + o)""",
            "kind": "kind",
            "languages": "CASE WHEN mod(o, 3) = 0 THEN 'English, Spanish' ELSE 'English' END",
            "is_active": "mod(o, 25) <> 0",
        },
        """generate_series(1, %(orgs)s) o
            CROSS JOIN LATERAL (SELECT (%(org_kinds)s::text[])[1 + mod(o,
                cardinality(%(org_kinds)s::text[]))] AS kind) k""",
    ),
    (
        # Two services per organization, of consecutive categories.
        "referrals_service",
        {
            "id": "%(o_service)s + s",
            "name": "(%(category_labels)s::text[])[c]",
            "category": "(%(categories)s::text[])[c]",
            "capacity": """CASE mod(s, 10) WHEN 0 THEN 'waitlist' WHEN 1 THEN 'closed'
                ELSE 'accepting' END""",
            "verified_on": "%(today)s::date - mod(s * 7, 200)",
            "organization_id": "%(o_org)s + 1 + (s - 1) / 2",
        },
        """generate_series(1, 2 * %(orgs)s) s
            CROSS JOIN LATERAL (SELECT 1 + mod(s, cardinality(%(categories)s::text[])) AS c) c""",
    ),
    (
        # A consent to services per client (id o_consent + client n), signed in the last year for
        # a year; a release of information to an organization for half of them. 2% revoked.
        "clients_consent",
        {
            "id": "%(o_consent)s + i",
            "kind": "CASE WHEN roi THEN 'roi' ELSE 'treatment' END",
            "scope": "CASE WHEN roi THEN 'organization' ELSE 'care_team' END",
            "organization_id": "CASE WHEN roi THEN org.id END",
            "organization_name": "CASE WHEN roi THEN org.name ELSE '' END",
            "purpose": """CASE WHEN roi THEN 'Referral and care coordination'
                ELSE 'Care coordination' END""",
            "signed_on": "%(today)s::date - mod(i * 11, 365)",
            "expires_on": "%(today)s::date - mod(i * 11, 365) + 365",
            "revoked_on": "CASE WHEN mod(i, 50) = 0 THEN %(today)s::date END",
            "client_id": "%(o_client)s + CASE WHEN roi THEN i - %(C)s ELSE i END",
            "recorded_by_id": "cl.registered_by_id",
        },
        """generate_series(1, %(C)s + %(C)s / 2) i
            CROSS JOIN LATERAL (SELECT i > %(C)s AS roi) consent
            JOIN clients_client cl ON cl.id = %(o_client)s + CASE WHEN roi THEN i - %(C)s ELSE i END
            JOIN referrals_organization org ON org.id = %(o_org)s + 1 + mod(i, %(orgs)s)""",
    ),
    (
        # Family and other supports: a relative sharing the surname (the emergency contact), then
        # for two thirds a friend or physician, for a third a professional or proxy.
        "clients_contact",
        {
            "client_id": "x.client_id",
            "name": """CASE WHEN x.j = 1 THEN f.name || ' ' || x.surname
                WHEN x.j = 2 AND mod(x.client_id, 2) = 0 THEN 'Dr. ' || f.name || ' ' || l.name
                ELSE f.name || ' ' || l.name END""",
            "relationship": """CASE WHEN x.j = 1 THEN (ARRAY['spouse', 'child', 'child', 'sibling',
                    'parent', 'family'])[1 + mod(x.client_id, 6)::int]
                WHEN x.j = 2 THEN CASE WHEN mod(x.client_id, 2) = 0 THEN 'physician'
                    ELSE 'friend' END
                ELSE (ARRAY['poa', 'therapist', 'professional', 'faith'])
                    [1 + mod(x.client_id, 4)::int]
                END""",
            "organization": """CASE WHEN x.j = 2 AND mod(x.client_id, 2) = 0
                THEN l.name || ' Family Medicine' ELSE '' END""",
            "phone": """'(' || (200 + mod(x.client_id * x.j, 700)) || ') 555-'
                || lpad(mod(x.client_id * 31 + x.j, 10000)::text, 4, '0')""",
            "may_receive_information": "x.j = 1 OR x.r < 0.3",
            "is_emergency_contact": "x.j = 1",
            "is_active": "x.r >= 0.05",
        },
        """(SELECT cl.id AS client_id, cl.legal_last_name AS surname, j, random() AS r,
                random() AS r2, random() AS r3
            FROM clients_client cl
            CROSS JOIN LATERAL generate_series(1, 1 + mod(cl.id - %(o_client)s, 3)::int) j
            WHERE cl.id > %(o_client)s) x
            JOIN gen_name f ON f.kind = CASE WHEN x.r < 0.5 THEN 'female' ELSE 'male' END
                AND f.slot = floor(x.r2 * CASE WHEN x.r < 0.5
                    THEN %(n_female)s ELSE %(n_male)s END)::int
            JOIN gen_name l ON l.kind = 'last' AND l.slot = floor(x.r3 * %(n_last)s)::int""",
    ),
    (
        # Primary coverage for everyone (Medicare from 65), a secondary for one in five; one in
        # ten had a coverage that ended.
        "clients_coverage",
        {
            "client_id": "cl.id",
            "payer": "p.payer",
            "payer_name": """CASE p.payer WHEN 'medicare' THEN 'Medicare'
                WHEN 'medicaid' THEN 'Ohio Medicaid' WHEN 'none' THEN ''
                ELSE (ARRAY['Aetna', 'UnitedHealthcare', 'Humana', 'Anthem', 'CareSource',
                    'Molina'])[1 + mod(cl.id, 6)::int] END""",
            "plan_name": "CASE WHEN p.payer = 'none' THEN '' ELSE 'Standard' END",
            "member_id": """CASE WHEN p.payer = 'none' THEN ''
                ELSE 'M' || lpad((cl.id * 7 + r.rank)::text, 10, '0') END""",
            "rank": "CASE WHEN r.rank = 3 THEN 1 ELSE r.rank END",
            "effective_on": """CASE WHEN r.rank = 3 THEN greatest(cl.date_of_birth + 6570,
                %(today)s::date - 3000) ELSE greatest(cl.date_of_birth + 6570,
                %(today)s::date - mod(cl.id * 17, 2000)::int) END""",
            "ends_on": """CASE WHEN r.rank = 3 THEN greatest(cl.date_of_birth + 6570,
                %(today)s::date - 3000) + 365 END""",
        },
        """clients_client cl
            CROSS JOIN LATERAL (SELECT cl.date_of_birth <= %(today)s::date - 65 * 365 AS old) a
            JOIN (VALUES (1), (2), (3)) r(rank) ON r.rank = 1
                OR (r.rank = 2 AND mod(cl.id, 5) = 0) OR (r.rank = 3 AND mod(cl.id, 10) = 3)
            CROSS JOIN LATERAL (SELECT CASE
                WHEN r.rank = 2 THEN CASE WHEN a.old THEN 'medicaid' ELSE 'other' END
                WHEN a.old THEN (ARRAY['medicare', 'medicare_adv', 'dual', 'medicare'])
                    [1 + mod(cl.id, 4)::int]
                ELSE (ARRAY['medicaid', 'medicaid', 'commercial', 'marketplace', 'none',
                    'military'])[1 + mod(cl.id, 6)::int] END AS payer) p
            WHERE cl.id > %(o_client)s""",
    ),
    (
        # One client in 33 flagged; a fifth of the flags cleared since.
        "clients_clientflag",
        {
            "client_id": "cl.id",
            "kind": """(ARRAY['safety_risk', 'fall_risk', 'cognitive', 'no_home_contact', 'other'])
                [1 + mod(cl.id / 33, 5)::int]""",
            "reason": "'Noted at intake; see the assessment.'",
            "created_by_id": "cl.registered_by_id",
            "created_at": "cl.created_at",
            "cleared_at": "CASE WHEN mod(cl.id, 5) = 0 THEN cl.created_at + interval '90 days' END",
            "cleared_by_id": "CASE WHEN mod(cl.id, 5) = 0 THEN cl.registered_by_id END",
        },
        "clients_client cl WHERE cl.id > %(o_client)s AND mod(cl.id - %(o_client)s, 33) = 0",
    ),
    (
        # The plan in force for each case has id o_plan + n: active, a draft during intake, or
        # completed when the case closed. A third of them revise an earlier version (below).
        "careplans_careplan",
        {
            "id": "%(o_plan)s + n",
            "version": "1",
            "updated_at": "%(now)s",
            "number": "CASE WHEN revised THEN 2 ELSE 1 END",
            "revises_id": "CASE WHEN revised THEN %(o_plan)s + %(cases)s + n END",
            "status": "p.status",
            "title": "'Care plan'",
            "created_at": ts(date="k.opened_on + 3", time="10:00"),
            "starts_on": "CASE WHEN p.status <> 'draft' THEN p.starts_on END",
            "review_due_on": "CASE WHEN p.status <> 'draft' THEN p.starts_on + 90 END",
            "approved_at": "CASE WHEN p.status <> 'draft' THEN "
            + ts(date="p.starts_on", time="15:00")
            + " END",
            "approved_by_id": f"CASE WHEN p.status <> 'draft' THEN {SUPERVISOR} END",
            "ended_on": "k.closed_on",
            "agreement": "CASE WHEN p.status <> 'draft' THEN 'signed' ELSE 'pending' END",
            "author_id": "k.primary_case_manager_id",
            "case_id": "k.id",
        },
        f"""cases_case k CROSS JOIN LATERAL (SELECT {N} AS n) x
            CROSS JOIN LATERAL (SELECT
                CASE k.status WHEN 'closed' THEN 'completed' WHEN 'intake' THEN 'draft'
                    ELSE 'active' END AS status,
                mod(n, 3) = 0 AND k.status <> 'intake' AS revised,
                -- Reviewed every 90 days: the next reviews spread over three months.
                CASE WHEN k.status = 'closed' THEN k.opened_on + 14
                    ELSE least(%(today)s::date, greatest(k.opened_on + 7,
                        %(today)s::date - 92 + mod(n * 17, 92)::int)) END AS starts_on) p
            WHERE k.id > %(o_case)s""",
    ),
    (
        "careplans_careplan",
        {
            "id": "%(o_plan)s + %(cases)s + n",
            "version": "1",
            "updated_at": "%(now)s",
            "number": "1",
            "status": "'superseded'",
            "title": "'Care plan'",
            "created_at": ts(date="k.opened_on", time="10:00"),
            "starts_on": "k.opened_on",
            "review_due_on": "k.opened_on + 90",
            "approved_at": ts(date="k.opened_on", time="15:00"),
            "approved_by_id": SUPERVISOR,
            "ended_on": "k.opened_on + 7",
            "agreement": "'signed'",
            "author_id": "k.primary_case_manager_id",
            "case_id": "k.id",
        },
        f"""cases_case k CROSS JOIN LATERAL (SELECT {N} AS n) x
            WHERE k.id > %(o_case)s AND mod(n, 3) = 0 AND k.status <> 'intake'""",
    ),
    (
        # Each plan's approval (submitted, approved), what superseded the earlier versions and
        # the completion of the plans of closed cases.
        "careplans_careplanevent",
        {
            "plan_id": "p.id",
            "kind": "e.kind",
            "from_status": "e.from_status",
            "to_status": "e.to_status",
            "actor_id": f"CASE WHEN e.kind = 'approve' THEN {SUPERVISOR} ELSE p.author_id END",
            "created_at": """CASE WHEN e.kind = 'submit' THEN p.approved_at - interval '4 hours'
                WHEN e.kind = 'complete' THEN """
            + ts(date="p.ended_on", time="16:00")
            + """
                WHEN e.kind = 'supersede' THEN """
            + ts(date="p.ended_on", time="15:00")
            + " ELSE p.approved_at END",
        },
        """careplans_careplan p JOIN cases_case k ON k.id = p.case_id
            JOIN (VALUES ('submit', 'draft', 'submitted'), ('approve', 'submitted', 'active'),
                ('supersede', 'active', 'superseded'), ('complete', 'active', 'completed'))
                e(kind, from_status, to_status)
            ON (e.kind IN ('submit', 'approve') AND p.status <> 'draft')
                OR (e.kind = 'supersede' AND p.status = 'superseded')
                OR (e.kind = 'complete' AND p.status = 'completed')
            WHERE p.id > %(o_plan)s""",
    ),
    (
        # Three goals for each plan in force (ids o_goal + 3n-2 … 3n for case n).
        "careplans_goal",
        {
            "id": "%(o_goal)s + 3 * (n - 1) + j",
            "version": "1",
            "updated_at": "%(now)s",
            "statement": """(ARRAY['Secure stable housing', 'Attend all medical appointments',
                'Reduce feelings of isolation', 'Apply for the benefits the client is eligible for',
                'Have enough food every week', 'Manage medications safely',
                'Keep the utilities connected', 'Find transportation to appointments'])
                [1 + mod(n * 3 + j, 8)::int]""",
            "target": "'A measurable target, agreed with the client'",
            "target_date": """CASE WHEN p.status = 'completed' THEN p.ended_on
                ELSE %(today)s::date - 5 + mod((n * 3 + j) * 29, 300)::int END""",
            "priority": "1 + mod(j, 3)",
            "status": """CASE WHEN p.status = 'completed' OR mod(n * 3 + j, 10) = 0 THEN 'achieved'
                WHEN p.status = 'draft' OR mod(n * 3 + j, 10) = 1 THEN 'not_started'
                ELSE 'in_progress' END""",
            "created_at": "p.created_at",
            "domain_id": "domains.ids[1 + mod(n * 3 + j, cardinality(domains.ids))]",
            "plan_id": "p.id",
        },
        """careplans_careplan p CROSS JOIN LATERAL (SELECT p.id - %(o_plan)s AS n) x
            CROSS JOIN generate_series(1, 3) j
            CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM assessments_domain) domains
            WHERE p.id > %(o_plan)s AND p.id <= %(o_plan)s + %(cases)s""",
    ),
    (
        # Each task on a random case; 85% under one of its plan's goals. The `due` ones (every
        # step-th) are open, on an active case and due between 12 days ago and tomorrow. Of the
        # others, those of closed cases are done or cancelled within the case's life; of open
        # cases' a quarter are open and due later (a few undated), the rest done or cancelled.
        "careplans_task",
        {
            "id": "%(o_task)s + t.i",
            "case_id": "k.id",
            "goal_id": """CASE WHEN t.r2 < 0.85
                THEN %(o_goal)s + 3 * (c.n - 1) + 1 + mod(t.i, 3) END""",
            "description": """(ARRAY['Call the housing authority about the application',
                'Schedule a follow-up with the primary care doctor', 'Renew the SNAP benefits',
                'Arrange transportation to the clinic', 'Check in after the hospital discharge',
                'Send the referral packet', 'Review medications with the pharmacist',
                'Help the client fill in the energy assistance form'])[1 + mod(t.i, 8)::int]""",
            "responsible": """(%(task_responsible)s::text[])
                [CASE WHEN mod(t.i, 10) < 7 THEN 1 ELSE 1 + mod(t.i, 4)::int END]""",
            "priority": "1 + mod(t.i, 3)",
            "due_on": "d.due_on",
            "status": "d.status",
            "completed_at": """CASE WHEN d.status = 'done'
                THEN (d.due_on + time '14:00')::timestamptz END""",
            "completed_by_id": "CASE WHEN d.status = 'done' THEN k.primary_case_manager_id END",
            "assignee_id": "CASE WHEN mod(t.i, 10) < 7 THEN k.primary_case_manager_id END",
            "created_by_id": "k.primary_case_manager_id",
            "created_at": ts(date="k.opened_on", time="12:00"),
        },
        """(SELECT i, random() AS r, random() AS r2, random() AS pick, random() AS pq,
                random() AS pr, mod(i, %(step)s) = 0 AS due
            FROM generate_series(1, %(tasks)s) i) t
            CROSS JOIN LATERAL (SELECT CASE WHEN NOT t.due THEN 1 + floor(t.pick * %(cases)s)::int
                WHEN 25 * q + r <= %(C)s THEN 25 * q + r ELSE r END AS n
                FROM (SELECT floor(t.pq * ceil(%(C)s / 25.0))::int AS q,
                    3 + floor(t.pr * 7)::int AS r) a) c
            JOIN cases_case k ON k.id = %(o_case)s + c.n
            CROSS JOIN LATERAL (SELECT
                CASE WHEN t.due THEN 'open' WHEN k.status = 'closed'
                    THEN CASE WHEN t.r < 0.12 THEN 'cancelled' ELSE 'done' END
                    WHEN t.r < 0.25 THEN 'open' WHEN t.r < 0.31 THEN 'cancelled' ELSE 'done'
                    END AS status,
                CASE WHEN t.due THEN %(today)s::date + 1 - mod(t.i / %(step)s, 14)::int
                    WHEN k.status = 'closed' THEN k.opened_on
                        + floor(t.r2 * (k.closed_on - k.opened_on))::int
                    WHEN t.r < 0.006 THEN NULL
                    WHEN t.r < 0.25 THEN %(today)s::date + 2 + mod(t.i, 180)::int
                    ELSE k.opened_on + floor(t.r2 * greatest(0, %(today)s::date - 1
                        - k.opened_on))::int END AS due_on) d""",
    ),
    Raw("ANALYZE careplans_task"),
    Raw(
        # The published instruments (rank 1, what every case is assessed on first: a matrix if
        # there is one), their items and options. An option's k counts from the healthiest
        # answer: a matrix rates high when well, a questionnaire scores low.
        """CREATE TEMPORARY TABLE gen_instrument AS
        SELECT row_number() OVER (ORDER BY i.scoring = 'matrix' DESC, i.id)::int AS rank, i.id,
            i.scoring, i.domain_id, i.need_at_or_below, i.name,
            coalesce(d.sensitive, false) AS sensitive
        FROM assessments_instrument i LEFT JOIN assessments_domain d ON d.id = i.domain_id
        WHERE i.status = 'published';
        CREATE TEMPORARY TABLE gen_item AS
        SELECT s.instrument_id, it.id AS item_id, it.domain_id, it.scored, s.id AS section_id,
            g.scoring, (SELECT count(*) FROM assessments_responseoption o
                WHERE o.item_id = it.id)::int AS options,
            -- A matrix rates a domain by its first item about it.
            row_number() OVER (PARTITION BY s.instrument_id, it.domain_id
                ORDER BY s."order", it."order", it.id) = 1 AS rates_domain
        FROM assessments_item it JOIN assessments_section s ON s.id = it.section_id
        JOIN gen_instrument g ON g.id = s.instrument_id;
        DELETE FROM gen_item WHERE options = 0;
        CREATE TEMPORARY TABLE gen_option AS
        SELECT o.item_id, row_number() OVER (PARTITION BY o.item_id ORDER BY
            CASE WHEN i.scoring = 'matrix' THEN -o.score ELSE o.score END, o.id)::int AS k,
            o.id AS option_id, o.score, o.label
        FROM assessments_responseoption o JOIN gen_item i ON i.item_id = o.item_id;
        CREATE UNIQUE INDEX ON gen_option (item_id, k);
        ANALYZE gen_instrument, gen_item, gen_option"""
    ),
    (
        # Every case assessed on the first instrument a week after opening, and on each of the
        # others with a chance that makes 1.6 assessments a case; drafts while in intake, and
        # one in 40 of an open case's later ones. Ids: o_assessment + (n - 1) * I + rank.
        "assessments_assessment",
        {
            "id": "%(o_assessment)s + (a.n - 1) * a.instruments + a.rank",
            "version": "1",
            "updated_at": "%(now)s",
            "status": "a.status",
            "assessed_on": "a.assessed_on",
            "restricted": "a.restricted AND a.sensitive",
            "summary": "''",
            "started_at": ts(date="a.assessed_on", time="09:00"),
            "completed_at": "CASE WHEN a.status = 'completed' THEN "
            + ts(date="a.assessed_on", time="10:00")
            + " END",
            "completed_by_id": "CASE WHEN a.status = 'completed' THEN a.assessor_id END",
            "assessor_id": "a.assessor_id",
            "case_id": "a.case_id",
            "instrument_id": "a.instrument_id",
        },
        f"""(SELECT {N} AS n, k.id AS case_id, k.primary_case_manager_id AS assessor_id,
                k.restricted, g.rank, g.id AS instrument_id, g.sensitive,
                (SELECT count(*) FROM gen_instrument)::int AS instruments,
                CASE WHEN k.status = 'intake' OR (g.rank > 1 AND k.status <> 'closed'
                    AND mod(k.id, 40) = 0) THEN 'draft' ELSE 'completed' END AS status,
                CASE WHEN g.rank = 1
                    THEN least(coalesce(k.closed_on, %(today)s::date), k.opened_on + 7)
                    ELSE least(coalesce(k.closed_on, %(today)s::date), k.opened_on + 14
                        + floor({rnd("k.id * 64 + g.rank", 1)} * greatest(0,
                            coalesce(k.closed_on, %(today)s::date) - k.opened_on - 14))::int)
                    END AS assessed_on,
                {rnd("k.id * 64 + g.rank", 2)} AS r,
                0.6 / greatest(1, (SELECT count(*) FROM gen_instrument) - 1) AS chance
            FROM cases_case k CROSS JOIN gen_instrument g WHERE k.id > %(o_case)s) a
            WHERE a.rank = 1 OR a.r < a.chance""",  # noqa: S608 (the module's own fragments)
    ),
    Raw("ANALYZE assessments_assessment"),
    (
        "assessments_assessmentevent",
        {
            "assessment_id": "a.id",
            "kind": "'complete'",
            "from_status": "'draft'",
            "to_status": "'completed'",
            "actor_id": "a.completed_by_id",
            "created_at": "a.completed_at",
        },
        "assessments_assessment a WHERE a.id > %(o_assessment)s AND a.status = 'completed'",
    ),
    (
        # Every item answered; most answers healthy (k near 1), a few not.
        "assessments_answer",
        {
            "assessment_id": "x.assessment_id",
            "item_id": "x.item_id",
            "option_id": "o.option_id",
            "score": "o.score",
            "priority": "x.scoring = 'matrix' AND x.r2 < 0.03",
        },
        f"""(SELECT a.id AS assessment_id, i.item_id, i.options, i.scoring,
                {rnd("(a.id - %(o_assessment)s) * 4096 + i.item_id", 1)} AS r,
                {rnd("(a.id - %(o_assessment)s) * 4096 + i.item_id", 2)} AS r2
            FROM assessments_assessment a JOIN gen_item i ON i.instrument_id = a.instrument_id
            WHERE a.id > %(o_assessment)s) x
            JOIN gen_option o ON o.item_id = x.item_id
                AND o.k = 1 + floor(power(x.r, 3) * x.options)::int""",  # noqa: S608 (fragments)
    ),
    Raw("ANALYZE assessments_answer"),
    Raw(
        # A questionnaire's total and band, as completing it computes them.
        """UPDATE assessments_assessment a
        SET total_score = t.total, band_label = coalesce(b.label, ''), band_level = b.level
        FROM (
            SELECT x.assessment_id, sum(x.score)::int AS total,
                min(i.instrument_id) AS instrument_id
            FROM assessments_answer x
            JOIN gen_item i ON i.item_id = x.item_id AND i.scored AND i.scoring = 'sum'
            WHERE x.assessment_id > %(o_assessment)s GROUP BY x.assessment_id
        ) t LEFT JOIN assessments_severityband b
            ON b.instrument_id = t.instrument_id AND t.total BETWEEN b.min_score AND b.max_score
        WHERE a.id = t.assessment_id AND a.status = 'completed'""",
        "assessments_assessment.total_score",
    ),
    (
        # A matrix's rating of each domain; a screener's section totals and verdicts.
        "assessments_domainresult",
        {
            "assessment_id": "r.assessment_id",
            "domain_id": "r.domain_id",
            "score": "r.score",
            "positive": "r.positive",
        },
        """(SELECT x.assessment_id, i.domain_id, x.score, NULL::boolean AS positive
            FROM assessments_answer x
            JOIN assessments_assessment a ON a.id = x.assessment_id AND a.status = 'completed'
            JOIN gen_item i ON i.item_id = x.item_id AND i.scoring = 'matrix' AND i.rates_domain
            WHERE x.assessment_id > %(o_assessment)s AND i.domain_id IS NOT NULL
                AND x.score IS NOT NULL
            UNION ALL
            SELECT x.assessment_id, s.domain_id, sum(coalesce(x.score, 0)),
                sum(coalesce(x.score, 0)) >= min(s.positive_at)
            FROM assessments_answer x
            JOIN assessments_assessment a ON a.id = x.assessment_id AND a.status = 'completed'
            JOIN gen_item i ON i.item_id = x.item_id AND i.scoring = 'screen'
            JOIN assessments_section s ON s.id = i.section_id
            WHERE x.assessment_id > %(o_assessment)s AND s.domain_id IS NOT NULL
                AND s.positive_at IS NOT NULL
            GROUP BY x.assessment_id, s.domain_id) r""",
    ),
    (
        # What the assessments found wanting, one need per case and domain (the latest
        # assessment's): open on an open case, resolved when it closed.
        "assessments_identifiedneed",
        {
            "case_id": "k.id",
            "domain_id": "need.domain_id",
            "assessment_id": "need.assessment_id",
            "reason": "left(need.reason, 200)",
            "rating": "need.rating",
            "is_priority": "need.is_priority",
            "status": "CASE WHEN k.status = 'closed' THEN 'resolved' ELSE 'open' END",
            "identified_on": "need.assessed_on",
            "resolved_on": "k.closed_on",
        },
        """(SELECT DISTINCT ON (c.case_id, c.domain_id) c.* FROM (
                SELECT a.case_id, i.domain_id, a.id AS assessment_id, a.assessed_on,
                    CASE WHEN x.score <= g.need_at_or_below
                        THEN 'Rated ' || x.score || ': ' || o.label
                        ELSE 'Priority for the plan' END AS reason,
                    x.score AS rating, x.priority AS is_priority
                FROM assessments_answer x
                JOIN assessments_assessment a ON a.id = x.assessment_id AND a.status = 'completed'
                JOIN gen_item i ON i.item_id = x.item_id AND i.scoring = 'matrix'
                JOIN gen_instrument g ON g.id = a.instrument_id
                JOIN assessments_responseoption o ON o.id = x.option_id
                WHERE x.assessment_id > %(o_assessment)s AND i.domain_id IS NOT NULL
                    AND (x.score <= g.need_at_or_below OR x.priority)
                UNION ALL
                SELECT a.case_id, g.domain_id, a.id, a.assessed_on,
                    g.name || ' ' || a.total_score || ': ' || a.band_label, NULL, false
                FROM assessments_assessment a
                JOIN gen_instrument g ON g.id = a.instrument_id AND g.scoring = 'sum'
                JOIN assessments_severityband b ON b.instrument_id = a.instrument_id
                    AND a.total_score BETWEEN b.min_score AND b.max_score AND b.is_need
                WHERE a.id > %(o_assessment)s AND g.domain_id IS NOT NULL
                UNION ALL
                SELECT a.case_id, r.domain_id, a.id, a.assessed_on,
                    'Positive screen: ' || d.name, r.score, false
                FROM assessments_domainresult r
                JOIN assessments_assessment a ON a.id = r.assessment_id
                JOIN assessments_domain d ON d.id = r.domain_id
                WHERE r.assessment_id > %(o_assessment)s AND r.positive
            ) c ORDER BY c.case_id, c.domain_id, c.assessed_on DESC, c.assessment_id DESC) need
            JOIN cases_case k ON k.id = need.case_id""",
    ),
    (
        # A referral per case, a second for one in six (ids o_referral + 2n-1, 2n). An open
        # case's: 2% draft, 2% sent and past their deadline, 6% sent and awaiting an answer, 2%
        # cancelled, then declined, accepted, waitlisted, scheduled; the rest completed. A closed
        # case's were answered, mostly completed.
        "referrals_referral",
        {
            "id": "r.id",
            "reason": """(ARRAY['Needs stable housing', 'Needs food assistance',
                'Needs help with benefits', 'Needs behavioral health care',
                'Needs transportation to appointments', 'Needs legal help with eviction'])
                [1 + mod(r.id, 6)::int]""",
            "urgency": """(ARRAY['routine', 'routine', 'routine', 'soon', 'urgent'])
                [1 + mod(r.id, 5)::int]""",
            "status": "r.status",
            "shared_sections": """CASE WHEN r.status NOT IN ('draft', 'cancelled')
                THEN ARRAY['need', 'identity', 'contact'] ELSE '{}' END""",
            "sent_at": "CASE WHEN r.status NOT IN ('draft', 'cancelled') THEN r.sent END",
            "respond_by": "CASE WHEN r.status NOT IN ('draft', 'cancelled') THEN r.respond END",
            "responded_at": "CASE WHEN r.answered THEN r.responded END",
            "appointment_at": """CASE WHEN r.status IN ('scheduled', 'completed', 'no_show')
                THEN r.responded + interval '5 days' END""",
            "status_changed_at": """CASE WHEN r.answered THEN r.responded
                WHEN r.status = 'sent' THEN r.sent ELSE r.created END""",
            "decline_reason": """CASE WHEN r.status = 'declined'
                THEN (ARRAY['no_capacity', 'ineligible', 'client_declined'])[1 + mod(r.id, 3)::int]
                ELSE '' END""",
            "outcome": """CASE WHEN r.status = 'completed'
                THEN (ARRAY['received', 'received', 'partial'])[1 + mod(r.id, 3)::int]
                ELSE '' END""",
            "created_at": "r.created",
            "case_id": "k.id",
            "consent_id": """CASE WHEN r.status NOT IN ('draft', 'cancelled')
                THEN %(o_consent)s + k.client_id - %(o_client)s END""",
            "created_by_id": "k.primary_case_manager_id",
            "service_id": "%(o_service)s + 1 + mod(r.id, 2 * %(orgs)s)",
            "organization_id": "%(o_org)s + 1 + mod(r.id, 2 * %(orgs)s) / 2",
        },
        f"""cases_case k CROSS JOIN LATERAL (SELECT {N} AS n) x
            CROSS JOIN generate_series(1, 2) j
            CROSS JOIN LATERAL (SELECT %(o_referral)s + 2 * (n - 1) + j AS id,
                mod(2 * (n - 1) + j, 50) AS m) i
            CROSS JOIN LATERAL (SELECT
                CASE WHEN k.status = 'closed' THEN (ARRAY['completed', 'completed', 'completed',
                        'declined', 'cancelled', 'no_show'])[1 + mod(i.id, 6)::int]
                    WHEN i.m = 0 THEN 'draft' WHEN i.m BETWEEN 1 AND 4 THEN 'sent'
                    WHEN i.m = 5 THEN 'cancelled' WHEN i.m = 6 THEN 'declined'
                    WHEN i.m = 7 THEN 'accepted' WHEN i.m = 8 THEN 'waitlisted'
                    WHEN i.m = 9 THEN 'scheduled' ELSE 'completed' END AS status) s
            CROSS JOIN LATERAL (SELECT CASE
                WHEN k.status = 'closed' THEN (greatest(k.opened_on, k.closed_on - 20)
                    + time '10:00')::timestamptz
                WHEN i.m BETWEEN 2 AND 4 THEN %(now)s - interval '1 day'
                ELSE least(%(now)s - interval '3 days', greatest((k.opened_on + time '10:00')
                    ::timestamptz, %(now)s - make_interval(days => 7 + mod(i.id, 300)::int)))
                END AS sent) t
            CROSS JOIN LATERAL (SELECT i.id, s.status, t.sent,
                t.sent - interval '1 hour' AS created,
                s.status NOT IN ('draft', 'cancelled', 'sent') AS answered,
                least(%(now)s, t.sent + interval '2 days') AS responded,
                CASE WHEN k.status <> 'closed' AND i.m = 1
                    THEN %(now)s - make_interval(hours => 1 + mod(i.id, 96)::int)
                    ELSE t.sent + interval '5 days' END AS respond) r
            WHERE k.id > %(o_case)s AND (j = 1 OR mod(n, 6) = 0)""",
    ),
    Raw("ANALYZE referrals_referral"),
    Raw(
        # Each referral status: the moves that led there.
        """CREATE TEMPORARY TABLE gen_path (status text, step int, kind text, from_status text,
            to_status text);
        INSERT INTO gen_path VALUES
            ('cancelled', 1, 'cancel', 'draft', 'cancelled'), ('sent', 1, 'send', 'draft', 'sent'),
            ('accepted', 1, 'send', 'draft', 'sent'),
            ('accepted', 2, 'accept', 'sent', 'accepted'),
            ('declined', 1, 'send', 'draft', 'sent'),
            ('declined', 2, 'decline', 'sent', 'declined'),
            ('waitlisted', 1, 'send', 'draft', 'sent'),
            ('waitlisted', 2, 'waitlist', 'sent', 'waitlisted'),
            ('scheduled', 1, 'send', 'draft', 'sent'),
            ('scheduled', 2, 'accept', 'sent', 'accepted'),
            ('scheduled', 3, 'schedule', 'accepted', 'scheduled'),
            ('completed', 1, 'send', 'draft', 'sent'),
            ('completed', 2, 'accept', 'sent', 'accepted'),
            ('completed', 3, 'schedule', 'accepted', 'scheduled'),
            ('completed', 4, 'complete', 'scheduled', 'completed'),
            ('no_show', 1, 'send', 'draft', 'sent'), ('no_show', 2, 'accept', 'sent', 'accepted'),
            ('no_show', 3, 'schedule', 'accepted', 'scheduled'),
            ('no_show', 4, 'no_show', 'scheduled', 'no_show')"""
    ),
    (
        # A third of the organizations' answers came through their partner link (no actor).
        "referrals_referralevent",
        {
            "referral_id": "r.id",
            "kind": "p.kind",
            "from_status": "p.from_status",
            "to_status": "p.to_status",
            "via_partner_link": "p.step > 1 AND mod(r.id, 3) = 0",
            "actor_id": """CASE WHEN p.step > 1 AND mod(r.id, 3) = 0
                THEN NULL ELSE r.created_by_id END""",
            "created_at": """CASE WHEN p.kind = 'cancel' THEN r.status_changed_at
                WHEN p.step = 1 THEN r.sent_at
                ELSE least(%(now)s, r.responded_at + make_interval(days => p.step - 2)) END""",
        },
        """referrals_referral r JOIN gen_path p ON p.status = r.status
            WHERE r.id > %(o_referral)s""",
    ),
    (
        # A year of delivered task reminders: the outbox the scan inserts into and counts in.
        "reminders_reminder",
        {
            "id": "%(o_reminder)s + h.i",
            "kind": "'task_due'",
            "recipient_id": "k.primary_case_manager_id",
            "case_id": "k.id",
            "subject_type_id": "ct.id",
            "subject_id": "t.id",
            "due_at": "h.at",
            "dedupe_key": """'task_due:careplans.task:' || t.id || ':'
                || to_char(h.at, 'YYYY-MM-DD') || ':' || k.primary_case_manager_id""",
            "title": "'Task due: ' || t.description",
            "state": "'sent'",
            "attempts": "1",
            "enqueued_at": "h.at",
            "sent_at": "h.at",
            "email": "'sent'",
            "email_attempts": "1",
            "emailed_at": "h.at",
            "created_at": "h.at",
        },
        """(SELECT i, %(now)s - interval '365 days' * (1 - i::float / %(sent)s) AS at
            FROM generate_series(1, %(sent)s) i) h
            JOIN careplans_task t ON t.id = %(o_task)s + h.i
            JOIN cases_case k ON k.id = t.case_id
            JOIN django_content_type ct ON ct.app_label = 'careplans' AND ct.model = 'task'""",
    ),
    (
        # Each delivered reminder's in-app notification: read, except most of the last three
        # days' (the bell's count); a tenth dismissed.
        "reminders_notification",
        {
            "recipient_id": "r.recipient_id",
            "kind": "r.kind",
            "reminder_id": "r.id",
            "urgent": "r.urgent",
            "title": "r.title",
            "case_id": "r.case_id",
            "created_at": "r.sent_at",
            "read_at": """CASE WHEN r.sent_at < %(now)s - interval '3 days' OR mod(r.id, 4) = 0
                THEN least(%(now)s, r.sent_at + interval '2 hours') END""",
            "dismissed_at": """CASE WHEN mod(r.id, 10) = 0
                THEN least(%(now)s, r.sent_at + interval '3 hours') END""",
        },
        "reminders_reminder r WHERE r.id > %(o_reminder)s",
    ),
    (
        # One user in five takes the daily digest.
        "reminders_preference",
        {"user_id": "u.id", "digest": "mod(u.id, 5) = 0", "digest_hour": "7", "no_email": "'{}'"},
        "accounts_user u WHERE u.id > %(o_user)s AND mod(u.id, 5) IN (0, 1)",
    ),
    (
        # Hospital stays (issue 14). One active case in 25 is in hospital now, admitted one to
        # nine days ago, its expected discharge from yesterday to three days ahead, a quarter
        # of them medically ready since yesterday; one closed case in ten had a stay of a few
        # days, discharged home, months ago.
        "discharge_admission",
        {
            "version": "1",
            "updated_at": "%(now)s",
            "case_id": "k.id",
            "facility_id": "%(o_org)s + 1 + mod(k.id, %(orgs)s)",
            "unit": """(ARRAY['Med-surg 4', 'Cardiac step-down', 'Telemetry', 'ICU'])
                [1 + mod(k.id, 4)]""",
            "encounter": "'inpatient'",
            "admitted_at": "s.admitted_at",
            "admission_type": "(ARRAY['emergency', 'urgent', 'elective'])[1 + mod(k.id, 3)]",
            "level_of_care": "CASE WHEN mod(k.id, 4) = 3 THEN 'icu' ELSE 'acute' END",
            # By the case's place among the stays (every 25th case), not its id: ids 25 apart
            # share their remainder by 5, which would give every stay the same date.
            "expected_discharge_on": f"""CASE WHEN s.current
                THEN %(today)s::date - 1 + mod({N} / 25, 5)::int END""",
            "medically_ready_at": """CASE WHEN s.current AND mod(k.id, 4) = 0
                THEN greatest(s.admitted_at, %(now)s - interval '1 day') END""",
            "status": "CASE WHEN s.current THEN 'admitted' ELSE 'discharged' END",
            "discharged_at": """CASE WHEN NOT s.current
                THEN s.admitted_at + make_interval(days => 2 + mod(k.id, 6)::int) END""",
            "disposition": "CASE WHEN s.current THEN '' ELSE 'home' END",
            "charlson_score": "mod(k.id, 6)",
            "ed_visits_6_months": "mod(k.id, 3)",
            "created_at": "s.admitted_at",
        },
        f"""cases_case k CROSS JOIN LATERAL (SELECT k.status = 'active' AS current,
                %(now)s - make_interval(days => CASE WHEN k.status = 'active'
                    THEN 1 + mod(k.id, 9) ELSE 60 + mod(k.id, 300) END::int) AS admitted_at) s
            WHERE k.id > %(o_case)s
              AND ((k.status = 'active' AND mod({N}, 25) = 3)
                OR (k.status = 'closed' AND mod({N}, 10) = 5))""",
    ),
    (
        # The discharge plan of each stay; the checklist half done on current stays.
        "discharge_dischargeplan",
        {
            "version": "1",
            "updated_at": "%(now)s",
            "admission_id": "a.id",
            "anticipated_disposition": "CASE WHEN mod(a.id, 3) = 0 THEN 'snf' ELSE 'home' END",
            "medication_reconciled": "a.status = 'discharged' OR mod(a.id, 2) = 0",
            "follow_up_appointment_made": "a.status = 'discharged' OR mod(a.id, 3) = 0",
            "teach_back_done": "a.status = 'discharged'",
            "equipment_ordered": "true",
            "transport_arranged": "a.status = 'discharged' OR mod(a.id, 4) = 0",
            "post_acute_accepted": "a.status = 'discharged' OR mod(a.id, 3) <> 0",
            "patient_family_agree": "a.status = 'discharged' OR mod(a.id, 2) = 1",
        },
        "discharge_admission a WHERE a.id > %(o_admission)s",
    ),
    (
        # One or two open barriers on each current stay, owned by the case manager.
        "discharge_barrier",
        {
            "plan_id": "p.id",
            "kind": """(ARRAY['authorization', 'no_facility', 'caregiver', 'equipment',
                'transport', 'financial'])[1 + mod(a.id + b, 6)]""",
            "owner_id": "k.primary_case_manager_id",
            "opened_on": "a.admitted_at::date",
        },
        """discharge_dischargeplan p JOIN discharge_admission a ON a.id = p.admission_id
            JOIN cases_case k ON k.id = a.case_id CROSS JOIN generate_series(1, 2) b
            WHERE p.id > %(o_dplan)s AND a.status = 'admitted' AND (b = 1 OR mod(a.id, 2) = 0)""",
    ),
    (
        # Yesterday's utilization review of each current stay: the next one due from yesterday
        # to tomorrow, the authorization ending from yesterday to two days ahead.
        "discharge_utilizationreview",
        {
            "admission_id": "a.id",
            "reviewed_on": "%(today)s::date - 1",
            "reviewer_id": "k.primary_case_manager_id",
            "status_reviewed": "'inpatient'",
            "criteria_set": "(ARRAY['interqual', 'mcg', 'local'])[1 + mod(a.id, 3)]",
            "criteria_met": "true",
            "recommended_level": "'acute'",
            "authorization_number": "'AUTH-' || a.id",
            "days_authorized": "3",
            "authorized_from": "a.admitted_at::date",
            "authorized_through": """greatest(a.admitted_at::date,
                %(today)s::date - 1 + mod(a.case_id, 4)::int)""",
            "next_review_on": "%(today)s::date - 1 + mod(a.case_id, 3)::int",
            "created_at": "%(now)s",
        },
        """discharge_admission a JOIN cases_case k ON k.id = a.case_id
            WHERE a.id > %(o_admission)s AND a.status = 'admitted'""",
    ),
]

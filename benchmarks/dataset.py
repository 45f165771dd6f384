"""Synthetic agency-scale data, generated in SQL (INSERT … SELECT generate_series).

Creating a million tasks row by row through the ORM takes tens of minutes; set-based SQL takes
about half a minute. The shape follows what the reminder scan reads: teams of case managers
with a supervisor, clients and their cases (mostly open), a care plan per case with goals,
tasks (a fixed number open and due by tomorrow, the rest done, cancelled or due later), case
notes, consents, referrals, and a year of delivered reminders in the outbox. Dates are relative
to the day of generation.

Triggers are skipped while generating (`session_replication_role = replica`, which needs a
superuser): pghistory's would write a history row per generated row, doubling the work to
record nothing anyone wants. That setting skips foreign-key checks too, so the statements below
keep every reference valid themselves, and the columns triggers keep (Case.last_contact_at) are
filled after the rows they derive from.
"""

import datetime
import json
import time
from dataclasses import asdict, dataclass

from django.db import connection, transaction
from django.utils import timezone

TEAMS = 10
CASE_MANAGERS_PER_TEAM = 12
ORGANIZATIONS = 40

# What an unlisted NOT NULL column gets: the model's blank value. New columns then need no
# change here unless they are of another type (the error says which).
BLANK = {"character varying": "''", "text": "''", "boolean": "false", "ARRAY": "'{}'"}

# The tables generate() fills; reset() empties them, and by CASCADE what refers to them (history
# rows, events, reminders of an earlier run). Programs are kept: plan templates from a data
# migration refer to them.
TABLES = [
    "accounts_user",
    "accounts_team",
    "clients_client",
    "cases_case",
    "clients_consent",
    "cases_casenote",
    "careplans_careplan",
    "careplans_goal",
    "careplans_task",
    "referrals_organization",
    "referrals_service",
    "referrals_referral",
    "reminders_reminder",
]


@dataclass(frozen=True)
class Size:
    tasks: int = 1_000_000
    due: int = 1_000  # open tasks due by tomorrow
    cases: int = 20_000
    sent: int = 250_000  # delivered reminders already in the outbox: about a year's worth

    @property
    def clients(self) -> int:
        # A quarter of the clients have a second (earlier or concurrent) case.
        return max(1, self.cases * 4 // 5)


def generate(size: Size, *, now: datetime.datetime) -> list[tuple]:
    """Insert a data set of `size` into empty tables, in one transaction (the caller's, if it
    has one). Returns (table, rows, seconds) for each step."""
    params = {
        "now": now,
        "today": timezone.localdate(now),
        "teams": TEAMS,
        "per_team": CASE_MANAGERS_PER_TEAM,
        "orgs": ORGANIZATIONS,
        "tasks": size.tasks,
        "cases": size.cases,
        "clients": size.clients,
        "sent": size.sent,
        # Every step-th task is one of the `due`; the others are spread around them.
        "step": max(1, size.tasks // max(1, size.due)),
    }
    steps = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        # random() decides which case a task belongs to and what became of it: the same every run.
        cursor.execute("SELECT setseed(0.5)")
        for table, columns, source in _STEPS:
            started = time.monotonic()
            cursor.execute(_insert(cursor, table, columns, source), params)
            steps.append((table, cursor.rowcount, time.monotonic() - started))
        started = time.monotonic()
        _fill_last_contact(cursor)
        steps.append(("cases_case.last_contact_at", cursor.rowcount, time.monotonic() - started))
        for table in TABLES:
            # Rows were given their ids: move each identity on, so the app can add rows later.
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608 (TABLES, constants)
                f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)",
                [table],
            )
    return steps


def _fill_last_contact(cursor) -> None:
    """What the casenote_last_contact trigger would have kept, had triggers been on."""
    from cases.models import CaseNote

    cursor.execute(
        """UPDATE cases_case SET last_contact_at = latest.occurred_at
        FROM (
            SELECT case_id, max(occurred_at) AS occurred_at FROM cases_casenote
            WHERE addendum_to_id IS NULL AND contact_type = ANY(%s)
            GROUP BY case_id
        ) AS latest
        WHERE cases_case.id = latest.case_id""",
        [CaseNote.ContactType.with_client()],
    )


def reset() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")


def analyze() -> None:
    """Fresh planner statistics for the generated tables (ANALYZE works in a transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(TABLES)}")


class ForeignData(Exception):
    """The database holds cases the benchmark did not generate."""


def prepare(size: Size, *, now: datetime.datetime, reset_first: bool = False) -> list[tuple]:
    """Make the database hold a data set of `size` generated today, reusing the one there when it
    is (then returns no steps). Regenerates over an earlier benchmark data set; refuses to
    replace anything else unless `reset_first`."""
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
    names = ", ".join(values)
    exprs = ",\n  ".join(values.values())
    return f"INSERT INTO {table} ({names})\nSELECT {exprs}\nFROM {source}"


# The team supervisor's user id is the team id; case managers come after the supervisors.
PCM = """%(teams)s + mod(c - 1, %(teams)s) * %(per_team)s
    + mod((c - 1) / %(teams)s, %(per_team)s) + 1"""

_STEPS = [
    (
        # Kept by reset() (see TABLES), so added only when missing.
        "accounts_program",
        {
            "name": "'Benchmark ' || name",
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
        "accounts_user",
        {
            "id": "i",
            "password": "'!'",  # unusable: nobody logs in as a benchmark user
            "username": "'bench' || i",
            "first_name": "'Bench'",
            "last_name": "'User ' || i",
            "is_active": "true",
            "date_joined": "%(now)s",
            "title": "CASE WHEN i <= %(teams)s THEN 'Supervisor' ELSE 'Case manager' END",
        },
        "generate_series(1, %(teams)s * (1 + %(per_team)s)) i",
    ),
    (
        "accounts_team",
        {
            "id": "t",
            "name": "'Benchmark team ' || t",
            "program_id": "programs.ids[1 + mod(t, cardinality(programs.ids))]",
        },
        """generate_series(1, %(teams)s) t CROSS JOIN (
            SELECT array_agg(id ORDER BY id) AS ids FROM accounts_program
            WHERE starts_with(name, 'Benchmark ')) programs""",
    ),
    (
        "accounts_team_supervisors",
        {"team_id": "t", "user_id": "t"},
        "generate_series(1, %(teams)s) t",
    ),
    (
        "accounts_team_members",
        {"team_id": "t", "user_id": "%(teams)s + (t - 1) * %(per_team)s + m"},
        "generate_series(1, %(teams)s) t CROSS JOIN generate_series(1, %(per_team)s) m",
    ),
    (
        "clients_client",
        {
            "id": "i",
            "version": "1",
            "updated_at": "%(now)s",
            "client_number": "'B' || lpad(i::text, 9, '0')",
            "legal_first_name": """(ARRAY['Ana', 'Ben', 'Carmen', 'Dmitri', 'Eve', 'Farah',
                'Gus', 'Hana', 'Ivan', 'Jo', 'Kofi', 'Lena', 'Mateo', 'Nia', 'Omar', 'Pia',
                'Quinn', 'Rosa', 'Sami', 'Tomas'])[1 + mod(i, 20)]""",
            "legal_last_name": "'Benchmark' || (i / 20)",
            "date_of_birth": "DATE '1940-01-01' + mod(i * 37, 25000)",
            "sex_at_birth": "'unknown'",
            "preferred_language": "'English'",
            "created_at": "%(now)s",
            "registered_team_id": "1 + mod(i - 1, %(teams)s)",
            "registered_by_id": "%(teams)s + 1",
        },
        "generate_series(1, %(clients)s) i",
    ),
    (
        "cases_case",
        {
            "id": "c",
            "version": "1",
            "updated_at": "%(now)s",
            "status": "status",
            # 10% intensive, 20% high, 50% moderate, 20% low.
            "acuity": "(ARRAY[4, 3, 3, 2, 2, 2, 2, 2, 1, 1])[1 + mod(c, 10)]",
            "restricted": "mod(c, 25) = 0",
            "opened_on": "%(today)s::date - 30 - mod(c * 7, 700)",
            "closed_on": "CASE WHEN status = 'closed' THEN %(today)s::date - mod(c, 25) END",
            "closure_reason": "CASE WHEN status = 'closed' THEN 'goals_met' ELSE '' END",
            "created_at": "%(now)s",
            "primary_case_manager_id": PCM,
            "program_id": "team.program_id",
            "team_id": "team.id",
            "client_id": "1 + mod(c - 1, %(clients)s)",
            # Reassessed every 90 days: due dates spread over the next three months.
            "assessment_due_on": """CASE WHEN status <> 'closed'
                THEN %(today)s::date - 3 + mod(c * 13, 93) END""",
        },
        # 7% closed, 3% on hold, 3% in intake, the rest active.
        """(SELECT c, CASE WHEN mod(c, 100) < 7 THEN 'closed' WHEN mod(c, 100) < 10 THEN 'on_hold'
                WHEN mod(c, 100) < 13 THEN 'intake' ELSE 'active' END AS status
            FROM generate_series(1, %(cases)s) c) cases
            JOIN accounts_team team ON team.id = 1 + mod(c - 1, %(teams)s)""",
    ),
    (
        # The plan in force for each case has the case's id: active, a draft during intake, or
        # completed when the case closed. A third of them revise an earlier version (below).
        "careplans_careplan",
        {
            "id": "k.id",
            "version": "1",
            "updated_at": "%(now)s",
            "number": "CASE WHEN revised THEN 2 ELSE 1 END",
            "revises_id": "CASE WHEN revised THEN %(cases)s + k.id END",
            "status": "p.status",
            "title": "'Care plan'",
            "created_at": "%(now)s",
            "starts_on": "CASE WHEN p.status <> 'draft' THEN review_due_on - 90 END",
            "review_due_on": "CASE WHEN p.status <> 'draft' THEN review_due_on END",
            "approved_at": "CASE WHEN p.status <> 'draft' THEN %(now)s END",
            "approved_by_id": "CASE WHEN p.status <> 'draft' THEN k.team_id END",
            "ended_on": "k.closed_on",
            "agreement": "CASE WHEN p.status <> 'draft' THEN 'signed' ELSE 'pending' END",
            "author_id": "k.primary_case_manager_id",
            "case_id": "k.id",
        },
        """cases_case k, LATERAL (SELECT
                CASE k.status WHEN 'closed' THEN 'completed' WHEN 'intake' THEN 'draft'
                    ELSE 'active' END AS status,
                mod(k.id, 3) = 0 AND k.status <> 'intake' AS revised,
                -- Reviewed every 90 days: the next reviews spread over three months.
                %(today)s::date - 2 + mod(k.id * 17, 92)::int AS review_due_on) p""",
    ),
    (
        "careplans_careplan",
        {
            "id": "%(cases)s + k.id",
            "version": "1",
            "updated_at": "%(now)s",
            "number": "1",
            "status": "'superseded'",
            "title": "'Care plan'",
            "created_at": "%(now)s",
            "starts_on": "k.opened_on",
            "review_due_on": "k.opened_on + 90",
            "approved_at": "%(now)s",
            "approved_by_id": "k.team_id",
            "ended_on": "k.opened_on + 14",
            "agreement": "'signed'",
            "author_id": "k.primary_case_manager_id",
            "case_id": "k.id",
        },
        "cases_case k WHERE mod(k.id, 3) = 0 AND k.status <> 'intake'",
    ),
    (
        # Three goals for each plan in force (ids 3c-2 … 3c for case c).
        "careplans_goal",
        {
            "id": "g",
            "version": "1",
            "updated_at": "%(now)s",
            "statement": "'Goal ' || g",
            "target": "'A measurable target'",
            "target_date": """CASE WHEN p.status = 'completed' THEN p.ended_on
                ELSE %(today)s::date - 5 + mod(g * 29, 300)::int END""",
            "priority": "2",
            "status": """CASE WHEN p.status = 'completed' OR mod(g, 10) = 0 THEN 'achieved'
                WHEN mod(g, 10) = 1 THEN 'not_started' ELSE 'in_progress' END""",
            "created_at": "%(now)s",
            "domain_id": "domains.ids[1 + mod(g, cardinality(domains.ids))]",
            "plan_id": "p.id",
        },
        """careplans_careplan p CROSS JOIN generate_series(1, 3) n
            CROSS JOIN LATERAL (SELECT 3 * (p.id - 1) + n AS g) goal
            CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM assessments_domain) domains
            WHERE p.id <= %(cases)s""",
    ),
    (
        # Each task on a random case; 85% under one of its plan's goals. The `due` ones (every
        # step-th) are open and due between 12 days ago and tomorrow; of the others 12% are open
        # and due later (a few undated), 6% cancelled, the rest done, all due in the past.
        "careplans_task",
        {
            "id": "t.i",
            "case_id": "t.c",
            "goal_id": "CASE WHEN t.r2 < 0.85 THEN 3 * (t.c - 1) + 1 + mod(t.i, 3) END",
            "description": "'Task ' || t.i",
            "responsible": "'case_manager'",
            "priority": "2",
            "due_on": """CASE WHEN t.due THEN %(today)s::date + 1 - mod(t.i / %(step)s, 14)
                WHEN t.r < 0.0024 THEN NULL
                WHEN t.r < 0.12 THEN %(today)s::date + 2 + mod(t.i, 180)
                ELSE %(today)s::date - 1 - mod(t.i, 700) END""",
            "status": """CASE WHEN t.due OR t.r < 0.12 THEN 'open'
                WHEN t.r < 0.18 THEN 'cancelled' ELSE 'done' END""",
            "completed_at": """CASE WHEN NOT t.due AND t.r >= 0.18
                THEN %(now)s - make_interval(days => 1 + mod(t.i, 700)) END""",
            "assignee_id": "CASE WHEN mod(t.i, 10) < 7 THEN k.primary_case_manager_id END",
            "created_by_id": "k.primary_case_manager_id",
            "created_at": "%(now)s",
        },
        """(SELECT i, 1 + floor(random() * %(cases)s)::int AS c, random() AS r,
                random() AS r2, mod(i, %(step)s) = 0 AS due
            FROM generate_series(1, %(tasks)s) i) t
            JOIN cases_case k ON k.id = t.c""",
    ),
    (
        # Ten notes per case over the last four months (or since opening): most are contacts with
        # the client, which is what "no recent contact" counts.
        "cases_casenote",
        {
            "case_id": "note.case_id",
            "author_id": "note.author_id",
            "contact_type": """(ARRAY['phone', 'office', 'home', 'message', 'phone', 'home',
                'office', 'phone', 'collateral', 'supervision'])[1 + mod(note.n, 10)]""",
            "occurred_at": "note.at",
            "duration_minutes": "30",
            "narrative": "'Benchmark note'",
            "status": "'signed'",
            "signed_at": "note.at",
            "signed_by_id": "note.author_id",
            "created_at": "note.at",
        },
        # random() in a subquery's select list is drawn again for every row.
        """(SELECT k.id AS case_id, k.primary_case_manager_id AS author_id, n, %(now)s
                - random() * least(120, %(today)s::date - k.opened_on) * interval '1 day' AS at
            FROM cases_case k CROSS JOIN generate_series(1, 10) n) note""",
    ),
    (
        # A consent to services per client (id = client id), signed in the last year for a year;
        # a release of information to an organization for half of them. 2% revoked.
        "clients_consent",
        {
            "id": "i",
            "kind": "CASE WHEN roi THEN 'roi' ELSE 'treatment' END",
            "scope": "CASE WHEN roi THEN 'organization' ELSE 'care_team' END",
            "organization_id": "CASE WHEN roi THEN 1 + mod(i, %(orgs)s) END",
            "organization_name": """CASE WHEN roi
                THEN 'Benchmark organization ' || (1 + mod(i, %(orgs)s)) ELSE '' END""",
            "purpose": "'Care coordination'",
            "signed_on": "%(today)s::date - mod(i * 11, 365)",
            "expires_on": "%(today)s::date - mod(i * 11, 365) + 365",
            "revoked_on": "CASE WHEN mod(i, 50) = 0 THEN %(today)s::date END",
            "client_id": "CASE WHEN roi THEN i - %(clients)s ELSE i END",
            "recorded_by_id": "%(teams)s + 1",
        },
        """generate_series(1, %(clients)s + %(clients)s / 2) i,
            LATERAL (SELECT i > %(clients)s AS roi) consent""",
    ),
    (
        "referrals_organization",
        {
            "id": "o",
            "name": "'Benchmark organization ' || o",
            "kind": "'housing'",
            "languages": "'English'",
            "is_active": "true",
        },
        "generate_series(1, %(orgs)s) o",
    ),
    (
        "referrals_service",
        {
            "id": "s",
            "name": "'Service ' || s",
            "category": "'housing'",
            "capacity": "'accepting'",
            "verified_on": "%(today)s",
            "organization_id": "1 + (s - 1) / 2",
        },
        "generate_series(1, 2 * %(orgs)s) s",
    ),
    (
        # Two referrals per case, by id: 2% draft, 2% sent and past their deadline, 6% sent and
        # awaiting an answer, 2% cancelled, the rest answered.
        "referrals_referral",
        {
            "id": "r.j",
            "reason": "'Needs housing'",
            "urgency": "'routine'",
            "status": "r.status",
            "sent_at": "CASE WHEN r.status NOT IN ('draft', 'cancelled') THEN r.sent END",
            "respond_by": "CASE WHEN r.status NOT IN ('draft', 'cancelled') THEN r.respond END",
            "responded_at": """CASE WHEN r.status NOT IN ('draft', 'cancelled', 'sent')
                THEN r.sent + interval '2 days' END""",
            "status_changed_at": "r.sent",
            "decline_reason": "CASE WHEN r.status = 'declined' THEN 'no_capacity' ELSE '' END",
            "outcome": "CASE WHEN r.status = 'completed' THEN 'received' ELSE '' END",
            "created_at": "r.sent",
            "case_id": "k.id",
            "consent_id": "CASE WHEN r.status NOT IN ('draft', 'cancelled') THEN k.client_id END",
            "created_by_id": "k.primary_case_manager_id",
            "service_id": "1 + mod(r.j, 2 * %(orgs)s)",
            "organization_id": "1 + mod(r.j, 2 * %(orgs)s) / 2",
        },
        """cases_case k CROSS JOIN generate_series(1, 2) n
            CROSS JOIN LATERAL (SELECT 2 * (k.id - 1) + n AS j) id
            CROSS JOIN LATERAL (SELECT id.j,
                CASE mod(id.j, 50) WHEN 0 THEN 'draft' WHEN 1 THEN 'sent' WHEN 2 THEN 'sent'
                    WHEN 3 THEN 'sent' WHEN 4 THEN 'sent' WHEN 5 THEN 'cancelled'
                    WHEN 6 THEN 'declined' WHEN 7 THEN 'accepted' ELSE 'completed' END AS status,
                CASE WHEN mod(id.j, 50) BETWEEN 2 AND 4 THEN %(now)s - interval '1 day'
                    ELSE %(now)s - make_interval(days => 7 + mod(id.j, 300)::int) END AS sent,
                CASE WHEN mod(id.j, 50) = 1
                    THEN %(now)s - make_interval(hours => 1 + mod(id.j, 96)::int)
                    WHEN mod(id.j, 50) BETWEEN 2 AND 4 THEN %(now)s + interval '3 days'
                    ELSE %(now)s - make_interval(days => 2 + mod(id.j, 300)::int) END AS respond
            ) r""",
    ),
    (
        # A year of delivered task reminders: the outbox the scan inserts into and counts in.
        "reminders_reminder",
        {
            "kind": "'task_due'",
            "recipient_id": "k.primary_case_manager_id",
            "case_id": "k.id",
            "subject_type_id": "ct.id",
            "subject_id": "h.i",
            "due_at": "h.at",
            "dedupe_key": """'task_due:careplans.task:' || h.i || ':'
                || to_char(h.at, 'YYYY-MM-DD') || ':' || k.primary_case_manager_id""",
            "title": "'Task due: Task ' || h.i",
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
            JOIN cases_case k ON k.id = 1 + mod(h.i, %(cases)s)
            JOIN django_content_type ct ON ct.app_label = 'careplans' AND ct.model = 'task'""",
    ),
]

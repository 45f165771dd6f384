"""The data generator: every table a real agency has rows in, filled consistently, the same for
the same seed, alongside what the database holds; and the data set the reminder scan needs."""

import datetime

import pytest
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from accounts.models import Team, User
from benchmarks import dataset
from careplans.models import Task
from cases.models import Case, CaseNote
from clients.models import Client
from reminders.models import Reminder
from reminders.registry import KINDS
from reminders.scan import scan

pytestmark = pytest.mark.django_db

SIZE = dataset.Size(clients=80, tasks=3_000, due=30, sent=50)


class Rollback(Exception):
    """Raised to undo a generation inside a test."""


def test_the_data_set_has_the_requested_tasks_and_exactly_that_many_due():
    now = timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)

    dataset.generate(SIZE, now=now)

    assert Task.objects.count() == 3_000
    assert Task.objects.open().filter(due_on__lte=tomorrow).count() == 30


def test_every_kind_a_scan_asks_finds_something_due_in_the_data_set():
    now = timezone.now()
    dataset.generate(SIZE, now=now)

    scan(now)

    found = set(Reminder.objects.pending().values_list("kind", flat=True))
    scanned = {name for name, kind in KINDS.items() if kind.scanned}
    assert scanned <= found


def test_each_generated_case_has_the_last_contact_its_notes_give():
    dataset.generate(SIZE, now=timezone.now())

    latest = dict(
        CaseNote.objects.filter(
            contact_type__in=CaseNote.ContactType.with_client(), addendum_to=None
        )
        .values("case")
        .annotate(at=Max("occurred_at"))
        .values_list("case", "at")
    )
    assert dict(Case.objects.values_list("pk", "last_contact_at")) == {
        pk: latest.get(pk) for pk in Case.objects.values_list("pk", flat=True)
    }


def test_every_table_it_fills_gets_rows():
    dataset.generate(SIZE, now=timezone.now())

    assert [table for table in dataset.TABLES if rows_in(table) == 0] == []


def test_every_foreign_key_of_the_generated_rows_points_at_a_row():
    dataset.generate(SIZE, now=timezone.now())

    assert dangling_references() == []


def test_seventy_percent_of_the_cases_are_closed():
    dataset.generate(dataset.Size(clients=1_000), now=timezone.now())

    closed = Case.objects.filter(status=Case.Status.CLOSED).count()
    assert closed / Case.objects.count() == pytest.approx(0.7, abs=0.03)


def test_teams_are_eight_case_managers_and_a_supervisor():
    dataset.generate(dataset.Size(clients=2_500), now=timezone.now())

    teams = Team.objects.annotate(
        managers=Count("members", distinct=True), bosses=Count("supervisors", distinct=True)
    )
    assert teams.count() == dataset.Size(clients=2_500).teams > 1
    assert {(team.managers, team.bosses) for team in teams} == {(8, 1)}


def test_a_case_manager_has_about_fifty_open_cases_and_a_few_three_times_that():
    dataset.generate(dataset.Size(clients=2_500), now=timezone.now())

    caseloads = sorted(
        User.objects.annotate(
            n=Count("primary_cases", filter=~Q(primary_cases__status=Case.Status.CLOSED))
        )
        .filter(n__gt=0)
        .values_list("n", flat=True)
    )
    typical = caseloads[len(caseloads) // 2]
    assert 40 <= typical <= 60
    assert caseloads[-1] >= 2.5 * typical


def test_a_few_clients_have_over_500_notes():
    dataset.generate(SIZE, now=timezone.now())

    heavy = Client.objects.annotate(notes=Count("cases__notes")).filter(notes__gt=500)
    assert 1 <= heavy.count() <= 2


def test_clients_have_realistic_names_that_repeat_as_names_do():
    dataset.generate(dataset.Size(clients=1_000), now=timezone.now())

    surnames = Client.objects.values("legal_last_name").annotate(n=Count("pk"))
    assert not Client.objects.filter(legal_last_name__icontains="benchmark").exists()
    assert 200 <= surnames.count() <= 900
    assert max(row["n"] for row in surnames) >= 10


def test_the_same_seed_gives_the_same_data():
    now = timezone.now()

    assert fingerprint(seed=7, now=now) == fingerprint(seed=7, now=now)


def test_another_seed_gives_other_data():
    now = timezone.now()

    assert fingerprint(seed=7, now=now) != fingerprint(seed=8, now=now)


def test_it_adds_alongside_existing_rows_without_touching_them(caseworker, case_for):
    case = case_for()
    person = Client.objects.values_list("legal_last_name", "client_number").get(pk=case.client_id)
    before = {table: rows_in(table) for table in dataset.TABLES}

    dataset.generate(SIZE, now=timezone.now())

    after = Client.objects.values_list("legal_last_name", "client_number").get(pk=case.client_id)
    assert after == person
    assert Case.objects.get(pk=case.pk).primary_case_manager == caseworker
    assert Case.objects.filter(pk__gt=case.pk).count() == SIZE.cases
    assert all(rows_in(table) >= before[table] for table in dataset.TABLES)


def test_a_second_run_adds_a_second_data_set():
    dataset.generate(SIZE, now=timezone.now())

    dataset.generate(SIZE, now=timezone.now())

    assert Client.objects.count() == 2 * SIZE.clients
    assert dangling_references() == []


def fingerprint(*, seed: int, now: datetime.datetime) -> list:
    """What a generation made, ids aside, then undone."""
    try:
        with transaction.atomic():
            dataset.generate(SIZE, now=now, seed=seed)
            made = [
                list(Client.objects.order_by("pk").values_list("legal_last_name", "date_of_birth")),
                list(Case.objects.order_by("pk").values_list("status", "opened_on")),
                list(Task.objects.order_by("pk").values_list("status", "due_on")),
                list(CaseNote.objects.order_by("pk").values_list("occurred_at", flat=True)),
            ]
            raise Rollback
    except Rollback:
        return made


def rows_in(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (dataset.TABLES)
        return cursor.fetchone()[0]


def dangling_references() -> list[str]:
    """Foreign keys (the generator skips their checks) whose row is missing."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, pa.attname
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
            WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace"""
        )
        dangling = []
        for child, column, parent, key in cursor.fetchall():
            cursor.execute(
                f"SELECT count(*) FROM {child} x WHERE x.{column} IS NOT NULL "  # noqa: S608 (catalog)
                f"AND NOT EXISTS (SELECT FROM {parent} p WHERE p.{key} = x.{column})"
            )
            if cursor.fetchone()[0]:
                dangling.append(f"{child}.{column}")
        return dangling

"""The page benchmark as a smoke test: on a tiny generated data set every page it times answers,
with the same number of queries at two sizes; every SQL floor runs and finds rows; the minimal
view answers; the plan check, the report writers and (briefly) the load test work."""

import datetime
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from benchmarks import dataset, explain, floor, load, report
from benchmarks.pages import Subjects, requests_to_time, time_pages
from careplans.models import CarePlan
from referrals.models import Referral, Service
from reminders.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def benchmark_urls(settings):
    settings.ROOT_URLCONF = "benchmarks.urls"


def generated(clients: int) -> Subjects:
    dataset.reset()
    dataset.generate(dataset.Size(clients=clients, due=5, sent=10), now=timezone.now())
    return Subjects.pick()


def pages_at(clients: int) -> dict:
    # The floors on Django's connection: a connection of their own would not see the test's rows.
    return time_pages(requests_to_time(generated(clients)), runs=1, floor_db=connection).pages


def something_on_every_list(subjects: Subjects) -> None:
    """The rows the generated data set leaves some lists without: a notification, an open
    referral, a plan awaiting approval and a housing service."""
    NotificationFactory(recipient=subjects.manager, case=subjects.case)
    referral = Referral.objects.filter(case__primary_case_manager=subjects.manager).first()
    now = timezone.now()
    Referral.objects.filter(pk=referral.pk).update(
        status=Referral.Status.SENT, sent_at=now, respond_by=now + datetime.timedelta(days=5)
    )
    CarePlan.objects.filter(pk=subjects.plan.pk).update(status=CarePlan.Status.SUBMITTED)
    Service.objects.filter(pk=Service.objects.first().pk).update(name="Housing search")


def test_every_benchmarked_page_answers_on_the_generated_data(benchmark_urls):
    pages = pages_at(50)

    assert all(page["p50"] > 0 and page["queries"] > 0 for page in pages.values())


def test_every_benchmarked_page_runs_as_many_queries_at_two_sizes(benchmark_urls):
    small = {name: page["queries"] for name, page in pages_at(50).items()}
    large = {name: page["queries"] for name, page in pages_at(200).items()}

    assert small == large


def test_every_sql_floor_runs_and_finds_rows(benchmark_urls):
    subjects = generated(200)
    something_on_every_list(subjects)

    found = {
        name: floor.run(connection, floor.statements(page.floor), page.params)
        for name, page in requests_to_time(subjects).items()
    }

    assert all(found.values()), found


def test_the_minimal_view_names_the_signed_in_user(benchmark_urls, client, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("bench_minimal"))

    assert response.status_code == 200
    assert response.text == "Signed in as Casey Worker"


def plan_reading(table: str, node: str = "Seq Scan") -> dict:
    scan = {"Node Type": node, "Relation Name": table, "Plan Rows": 10, "Parallel Aware": False}
    return {"plan": {"Plan": {"Node Type": "Hash Join", "Plan Rows": 10, "Plans": [scan]}}}


def test_the_plan_check_flags_a_sequential_scan_of_a_big_table():
    sizes = {"careplans_task": 2_000_000, "accounts_program": 12}
    explained = [
        plan_reading("careplans_task"),
        plan_reading("accounts_program"),
        plan_reading("careplans_task", node="Index Scan"),
    ]

    found = explain.big_seq_scans("My tasks", explained, sizes)

    assert found == ["My tasks: Seq Scan on careplans_task (2,000,000 rows)"]


def test_the_plan_check_lets_an_intended_sequential_scan_pass(monkeypatch):
    monkeypatch.setitem(explain.INTENDED, ("directory", "referrals_service"), "few services")
    sizes = {"referrals_service": 500_000}

    assert explain.big_seq_scans("directory", [plan_reading("referrals_service")], sizes) == []


def results() -> dict:
    def size(p50):
        page = {"p50": p50, "p95": p50 * 1.5, "queries": 6, "floor_p50": 1.0}
        page |= {"floor_ratio": p50, "minimal_ratio": p50 / 3}
        return {
            "size": "some cases",
            "pages": {"caseload": page, "search: typo": {**page, "queries": 13}},
            "minimal": {"p50": 3.0, "p95": 4.0},
        }

    mix = {"req_s": 20.0, "p50": 40.0, "p95": 80.0, "errors": 0}
    large = size(60.0) | {
        "load": {
            "seconds": 2,
            "workers": 1,
            "threads": 2,
            "users": 2,
            "minimal": mix | {"req_s": 400.0},
            "mixed": mix,
            "ratio": 0.05,
        }
    }
    return {"small": size(10.0), "large": large, "seq_scans": []}


def test_the_markdown_report_tables_every_page_and_marks_misses():
    text = report.markdown(results())

    assert "| caseload | 10.0 | 60.0 | 90.0 | 6.00 ! | 6 / 6 |" in text
    assert "| search: typo |" in text and "13 / 13 !" in text
    assert "| mixed / minimal | 0.05 ! |" in text


def test_the_chart_draws_a_pair_of_bars_per_page_and_the_target_line():
    chart = report.svg(results())

    assert chart.startswith("<svg") and chart.count("<rect") == 1 + 2 * 2
    assert "search: typo" in chart and "50 ms" in chart


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_load_test_runs_without_errors_against_gunicorn(benchmark_urls, monkeypatch):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    monkeypatch.setenv("DATABASE_URL", url)  # gunicorn on the test database
    monkeypatch.setenv("ALLOWED_HOSTS", "127.0.0.1")
    subjects = generated(400)
    began = time.monotonic()

    measured = load.run(exclude=subjects.manager, seconds=1, workers=1, threads=2, users=2)

    assert measured["minimal"]["req_s"] > 0 and measured["mixed"]["req_s"] > 0
    assert measured["minimal"]["errors"] == measured["mixed"]["errors"] == 0, measured
    assert time.monotonic() - began < 15

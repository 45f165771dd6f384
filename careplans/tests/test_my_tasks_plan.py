"""My tasks starts from the user's caseload (issue 13): the tasks of the cases they carry are
read through the index on the task's case, never by reading every open task in the agency and
joining the caseload at the end. benchmarks/pages.py times the page at 200,000 clients."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from benchmarks import plans
from careplans.models import Task
from cases.tests.factories import CaseFactory

# Committed, for the reason clients/tests/test_search_plan.py gives: autovacuum must count what
# the test counts.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OTHER_CASES = 200
TASKS_PER_CASE = 25


@pytest.fixture
def agency(team, caseworker, teammate):
    mine = CaseFactory.create_batch(3, team=team, primary_case_manager=caseworker)
    others = CaseFactory.create_batch(OTHER_CASES, team=team, primary_case_manager=teammate)
    due = datetime.date(2026, 1, 1)
    Task.objects.bulk_create(
        Task(
            case=case,
            description=f"Task {n}",
            due_on=due + datetime.timedelta(days=n),
            created_by=case.primary_case_manager,
        )
        for case in [*mine, *others]
        for n in range(TASKS_PER_CASE)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE careplans_task, cases_case")


def test_my_tasks_reads_tasks_through_the_index_on_their_case(agency, client, caseworker):
    client.force_login(caseworker)
    with plans.recording() as ran:
        response = client.get(reverse("careplans:my_tasks"))
    with connection.cursor() as cursor:
        # On a few thousand tasks reading all may cost the planner less than an index that
        # fits: sequential scans are priced out, so only a query no index serves gets one.
        cursor.execute("SET enable_seqscan = off")
        try:
            tasks_read = {
                scan.index
                for query in ran
                for scan in plans.scans(plans.explain(query))
                if scan.table == "careplans_task"
            }
        finally:
            cursor.execute("RESET enable_seqscan")

    assert len(response.context["page"].object_list) == 25
    assert tasks_read and {_first_column(index) for index in tasks_read} == {"case_id"}


def _first_column(index: str) -> str:
    """The column an index is ordered by first ("" for a sequential scan: no index)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT a.attname FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
            WHERE i.indexrelid = to_regclass(%s)""",
            [index or None],
        )
        row = cursor.fetchone()
    return row[0] if row else ""

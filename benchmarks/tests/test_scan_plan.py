"""The reminder scan's query plans on tasks of a realistic shape (issue 6): what is due is read
through the partial index that holds it, not by reading every task. benchmarks/reminder_scan.py
measures the same, and times the scan, at a million tasks."""

import pytest
from django.utils import timezone

from benchmarks import dataset, plans
from reminders.registry import KINDS

pytestmark = pytest.mark.django_db


def test_the_task_due_scan_reads_tasks_through_the_open_due_index():
    now = timezone.now()
    dataset.generate(dataset.Size(clients=800, tasks=60_000, due=10, sent=0), now=now)
    dataset.analyze()
    with plans.recording() as ran:
        list(KINDS["task_due"].find(now))

    tasks_read = [
        scan.index
        for query in ran
        for scan in plans.scans(plans.explain(query))
        if scan.table == "careplans_task"
    ]

    # Found through the partial index, then fetched by primary key: never a read of every task.
    assert tasks_read == ["task_open_due", "careplans_task_pkey"]

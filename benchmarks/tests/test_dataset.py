"""The benchmarks' data generator: the data set it promises, which every scanned reminder kind
finds something in (else the benchmark would time an empty query)."""

import datetime

import pytest
from django.db.models import Max
from django.utils import timezone

from benchmarks import dataset
from careplans.models import Task
from cases.models import Case, CaseNote
from reminders.models import Reminder
from reminders.registry import KINDS
from reminders.scan import scan

pytestmark = pytest.mark.django_db

SIZE = dataset.Size(tasks=3_000, due=30, cases=100, sent=50)


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

"""Case.last_contact_at follows the case's notes (the casenote_last_contact trigger), whatever
writes them, and is no change to the case record."""

import datetime
import importlib
import threading
import time

import pgtrigger
import pytest
from django.db import connection, migrations, transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseNote
from cases.services import add_addendum
from cases.tests.factories import CaseNoteFactory

pytestmark = pytest.mark.django_db

# Whole minutes: the note form takes no seconds.
NOW = timezone.now().replace(second=0, microsecond=0)


def hours_ago(n: int) -> datetime.datetime:
    return NOW - datetime.timedelta(hours=n)


def last_contact(case: Case) -> datetime.datetime | None:
    return Case.objects.values_list("last_contact_at", flat=True).get(pk=case.pk)


def test_a_case_without_notes_has_no_last_contact(case_for):
    assert last_contact(case_for()) is None


def test_a_contact_note_becomes_the_cases_last_contact(case_for):
    case = case_for()

    CaseNoteFactory(case=case, occurred_at=hours_ago(5))

    assert last_contact(case) == hours_ago(5)


def test_a_note_of_an_earlier_contact_leaves_the_later_one(case_for):
    case = case_for()
    CaseNoteFactory(case=case, occurred_at=hours_ago(5))

    CaseNoteFactory(case=case, occurred_at=hours_ago(50))

    assert last_contact(case) == hours_ago(5)


def test_editing_a_drafts_time_moves_the_last_contact(client, caseworker, case_for):
    case = case_for()
    note = CaseNoteFactory(case=case, author=caseworker, occurred_at=hours_ago(50))
    client.force_login(caseworker)

    client.post(
        reverse("cases:note_edit", args=[note.pk]),
        {
            "contact_type": note.contact_type,
            "occurred_at": timezone.localtime(hours_ago(5)).strftime("%Y-%m-%dT%H:%M"),
            "narrative": note.narrative,
            "action": "draft",
        },
    )

    assert last_contact(case) == hours_ago(5)


def test_moving_the_latest_draft_earlier_falls_back_to_the_next_latest_contact(case_for):
    case = case_for()
    CaseNoteFactory(case=case, occurred_at=hours_ago(20))
    latest = CaseNoteFactory(case=case, occurred_at=hours_ago(5))

    latest.occurred_at = hours_ago(30)
    latest.save()

    assert last_contact(case) == hours_ago(20)


@pytest.mark.parametrize(
    "contact_type", [CaseNote.ContactType.SUPERVISION, CaseNote.ContactType.COLLATERAL]
)
def test_a_note_without_the_client_is_not_a_contact(case_for, contact_type):
    case = case_for()
    CaseNoteFactory(case=case, occurred_at=hours_ago(50))

    CaseNoteFactory(case=case, occurred_at=hours_ago(5), contact_type=contact_type)

    assert last_contact(case) == hours_ago(50)


def test_a_draft_changed_to_supervision_no_longer_counts(case_for):
    case = case_for()
    note = CaseNoteFactory(case=case, occurred_at=hours_ago(5))

    CaseNote.objects.filter(pk=note.pk).update(contact_type=CaseNote.ContactType.SUPERVISION)

    assert last_contact(case) is None


def test_an_addendum_is_a_correction_not_a_contact(case_for, caseworker):
    case = case_for()
    note = CaseNoteFactory(case=case, occurred_at=hours_ago(50), signed=True)

    add_addendum(note=note, by=caseworker, narrative="Correction: it was a home visit.")

    assert last_contact(case) == hours_ago(50)


def test_a_draft_moved_to_another_case_takes_its_contact_along(case_for):
    first, second = case_for(), case_for()
    note = CaseNoteFactory(case=first, occurred_at=hours_ago(5))

    CaseNote.objects.filter(pk=note.pk).update(case=second)

    assert (last_contact(first), last_contact(second)) == (None, hours_ago(5))


def test_a_note_deleted_by_a_data_fix_takes_its_contact_along(case_for):
    case = case_for()
    CaseNoteFactory(case=case, occurred_at=hours_ago(50))
    mistaken = CaseNoteFactory(case=case, occurred_at=hours_ago(5))

    # Notes are never deleted by the app (casenote_no_delete); a repair in SQL might.
    with pgtrigger.ignore("cases.CaseNote:casenote_no_delete"):
        mistaken.delete()

    assert last_contact(case) == hours_ago(50)


def test_a_note_adds_no_row_to_the_cases_history(case_for):
    case = case_for()
    rows = case.history.count()

    CaseNoteFactory(case=case)

    assert case.history.count() == rows


def test_a_change_to_the_case_itself_is_still_in_its_history(case_for):
    case = case_for(acuity=Case.Acuity.LOW)
    CaseNoteFactory(case=case)

    Case.objects.filter(pk=case.pk).update(acuity=Case.Acuity.HIGH)

    assert case.history.latest("pgh_id").acuity == Case.Acuity.HIGH


def test_a_note_leaves_the_cases_version_alone(case_for):
    case = case_for()

    CaseNoteFactory(case=case)

    case.refresh_from_db()
    assert case.version == 1


def test_saving_a_case_read_before_a_note_keeps_the_notes_contact(case_for):
    case = case_for()
    CaseNoteFactory(case=case, occurred_at=hours_ago(5))

    case.save()  # this copy still says there has been no contact

    assert last_contact(case) == hours_ago(5)


def test_the_migration_fills_in_the_last_contact_of_existing_notes(case_for):
    contacted, untouched = case_for(), case_for()
    CaseNoteFactory(case=contacted, occurred_at=hours_ago(50))
    CaseNoteFactory(case=contacted, occurred_at=hours_ago(5))
    CaseNoteFactory(case=untouched, contact_type=CaseNote.ContactType.SUPERVISION)
    migration = importlib.import_module("clients.migrations.0008_case_last_contact_at").Migration
    [backfill] = [op for op in migration.operations if isinstance(op, migrations.RunSQL)]

    # As the column was when the migration added it, before the triggers that keep it; the
    # tables have moved to the cases app since (cases 0002).
    with pgtrigger.ignore("cases.Case:case_last_contact_from_notes"):
        Case.objects.update(last_contact_at=None)
        with connection.cursor() as cursor:
            cursor.execute(backfill.sql.replace("clients_case", "cases_case"))

    assert (last_contact(contacted), last_contact(untouched)) == (hours_ago(5), None)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_notes_written_at_once_leave_the_later_contact(case_for):
    case = case_for()
    first_written, first_may_commit = threading.Event(), threading.Event()
    second_pid, errors = [], []

    def write(occurred_at, *, then=lambda: None, pid=None):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                if pid is not None:
                    pid.append(cursor.fetchone()[0])
                CaseNoteFactory(case=case, occurred_at=occurred_at)
                then()
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    def hold_the_commit():
        first_written.set()
        first_may_commit.wait(timeout=10)

    first = threading.Thread(target=write, args=[hours_ago(5)], kwargs={"then": hold_the_commit})
    first.start()
    first_written.wait(timeout=10)
    # The earlier contact, written while the later one's transaction is open: it must wait for
    # that one to commit, then read the notes again, or it puts its own contact on the case.
    second = threading.Thread(target=write, args=[hours_ago(50)], kwargs={"pid": second_pid})
    second.start()
    assert waits_for_a_lock(second_pid)
    first_may_commit.set()
    first.join()
    second.join()

    assert errors == []
    assert last_contact(case) == hours_ago(5)


def waits_for_a_lock(pid: list[int]) -> bool:
    """Whether the backend whose id `pid` gets is soon waiting for a lock."""
    for _ in range(100):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", pid or [0]
            )
            if cursor.fetchone() == ("Lock",):
                return True
        time.sleep(0.05)
    return False

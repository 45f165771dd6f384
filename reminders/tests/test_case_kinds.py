"""The reminder kinds of cases and their clients (cases/reminders.py): consents expiring and no
recent contact, each at the right moment and not before, to the right person, about the right
case; closed cases produce nothing. (Emergency access: test_emergency_access_notices.py.)"""

import pytest
import time_machine
from django.utils import timezone

from cases.models import Case
from cases.tests.factories import CaseNoteFactory
from clients.tests.factories import ConsentFactory
from reminders.dates import at_start_of
from reminders.registry import scan_since
from reminders.scan import scan
from reminders.tests.kinds import NOW, TODAY, days, reminders_of, scan_now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


# Consents expiring


def test_a_consent_expiring_within_30_days_reminds_the_case_manager_of_the_open_case(
    case_for, caseworker, teammate
):
    earlier = case_for(primary_case_manager=teammate, status=Case.Status.CLOSED)
    case = case_for(client=earlier.client)
    consent = ConsentFactory(client=case.client, expires_on=TODAY + days(30))

    scan_now()

    reminder = reminders_of("consent_expiring", consent).get()
    assert (reminder.recipient, reminder.case) == (caseworker, case)
    assert reminder.due_at == at_start_of(TODAY)


def test_a_consent_expiring_in_31_days_is_not_reminded_yet(case_for):
    case = case_for()
    ConsentFactory(client=case.client, expires_on=TODAY + days(31))

    scan_now()

    assert not reminders_of("consent_expiring").exists()


def test_a_consent_expiring_for_a_client_whose_case_is_closed_is_not_reminded(case_for):
    case = case_for(status=Case.Status.CLOSED)
    ConsentFactory(client=case.client, expires_on=TODAY + days(10))

    scan_now()

    assert not reminders_of("consent_expiring").exists()


# No recent contact


def test_no_contact_past_the_acuitys_interval_reminds_the_primary_case_manager(
    case_for, caseworker
):
    every = Case.contact_due_days()[Case.Acuity.HIGH]
    case = case_for(acuity=Case.Acuity.HIGH, opened_on=TODAY - days(every + 1))

    scan_now()

    reminder = reminders_of("no_contact", case).get()
    assert (reminder.recipient, reminder.case) == (caseworker, case)
    assert reminder.due_at == at_start_of(TODAY - days(1))


def test_no_contact_within_the_acuitys_interval_is_not_reminded(case_for):
    every = Case.contact_due_days()[Case.Acuity.HIGH]
    case_for(acuity=Case.Acuity.HIGH, opened_on=TODAY - days(every))

    scan_now()

    assert not reminders_of("no_contact").exists()


def test_a_recent_contact_keeps_the_no_contact_reminder_away(case_for):
    case = case_for(acuity=Case.Acuity.HIGH, opened_on=TODAY - days(90))
    CaseNoteFactory(case=case, occurred_at=NOW - days(3))

    scan_now()

    assert not reminders_of("no_contact").exists()


def test_the_interval_counts_from_the_last_contact(case_for):
    every = Case.contact_due_days()[Case.Acuity.HIGH]
    case = case_for(acuity=Case.Acuity.HIGH, opened_on=TODAY - days(90))
    CaseNoteFactory(case=case, occurred_at=NOW - days(every + 1))

    scan_now()

    assert reminders_of("no_contact", case).get().due_at == at_start_of(TODAY - days(1))


def test_a_closed_case_without_contact_is_not_reminded(case_for):
    case_for(acuity=Case.Acuity.HIGH, opened_on=TODAY - days(90), status=Case.Status.CLOSED)

    scan_now()

    assert not reminders_of("no_contact").exists()


def test_no_contact_is_judged_on_the_day_of_the_scan_not_of_the_clock(case_for):
    every = Case.contact_due_days()[Case.Acuity.HIGH]
    case = case_for(acuity=Case.Acuity.HIGH, opened_on=TODAY - days(every))

    scan(NOW + days(1))

    assert reminders_of("no_contact", case).get().due_at == at_start_of(TODAY)


def test_contact_due_as_far_back_as_a_scan_looks_is_reminded(case_for):
    every = Case.contact_due_days()[Case.Acuity.HIGH]
    since = timezone.localdate(scan_since(NOW))
    case = case_for(acuity=Case.Acuity.HIGH, opened_on=TODAY - days(90))
    CaseNoteFactory(case=case, occurred_at=at_start_of(since - days(every)))

    scan_now()

    assert reminders_of("no_contact", case).get().due_at == at_start_of(since)


def test_contact_due_before_a_scan_looks_back_is_left_to_the_caseload(case_for):
    every = Case.contact_due_days()[Case.Acuity.HIGH]
    since = timezone.localdate(scan_since(NOW))
    case_for(acuity=Case.Acuity.HIGH, opened_on=since - days(every + 1))

    scan_now()

    assert not reminders_of("no_contact").exists()
    assert Case.objects.caseload_summary()["overdue_contact"] == 1

"""The reminder kinds assessments register (assessments/reminders.py): reassessments due, found by
the scan at the right moment; and the PHQ-9 safety alert, delivered at once through the outbox by
the completion that raises it (assessments.services)."""

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment
from assessments.tests.factories import complete, phq9
from cases.models import Case
from reminders.dates import at_start_of
from reminders.models import Notification, Reminder
from reminders.services import run_once
from reminders.tests.kinds import NOW, TODAY, days, reminders_of, scan_now

pytestmark = pytest.mark.django_db

ITEM_9_SEVERAL_DAYS = phq9(0, 0, 0, 0, 0, 0, 0, 0, 1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


# Reassessments


def test_a_reassessment_due_within_a_week_reminds_the_primary_case_manager(case_for, caseworker):
    case = case_for(assessment_due_on=TODAY + days(7))

    scan_now()

    reminder = reminders_of("reassessment_due", case).get()
    assert (reminder.recipient, reminder.case) == (caseworker, case)
    assert reminder.due_at == at_start_of(TODAY + days(7))


def test_a_reassessment_due_in_eight_days_is_not_reminded_yet(case_for):
    case_for(assessment_due_on=TODAY + days(8))

    scan_now()

    assert not reminders_of("reassessment_due").exists()


def test_a_reassessment_on_a_closed_case_is_not_reminded(case_for):
    case_for(assessment_due_on=TODAY - days(3), status=Case.Status.CLOSED)

    scan_now()

    assert not reminders_of("reassessment_due").exists()


# The PHQ-9 safety alert, delivered at once through the outbox


def test_a_safety_alert_is_stored_in_the_outbox_already_sent(case_for, caseworker, supervisor):
    complete(case_for(), "phq-9", ITEM_9_SEVERAL_DAYS)

    alerts = Reminder.objects.filter(kind="safety_alert")
    assert {r.recipient for r in alerts} == {caseworker, supervisor}
    assert {(r.state, r.attempts, r.urgent) for r in alerts} == {(Reminder.State.SENT, 1, True)}


def test_a_safety_alert_is_one_notification_each_for_the_case_manager_and_supervisor(
    case_for, caseworker, supervisor
):
    complete(case_for(), "phq-9", ITEM_9_SEVERAL_DAYS)

    notifications = Notification.objects.filter(kind="safety_alert")
    assert sorted(n.recipient.username for n in notifications) == sorted(
        [caseworker.username, supervisor.username]
    )
    assert all(n.reminder.kind == "safety_alert" for n in notifications)


def test_a_safety_alert_also_reaches_the_case_care_team_once_each(
    case_for, caseworker, teammate, supervisor
):
    complete(case_for(care_team=[teammate, caseworker]), "phq-9", ITEM_9_SEVERAL_DAYS)

    recipients = Notification.objects.filter(kind="safety_alert").values_list(
        "recipient__username", flat=True
    )
    assert sorted(recipients) == sorted(
        [caseworker.username, teammate.username, supervisor.username]
    )


def test_a_safety_alert_is_emailed_once_the_assessment_is_committed(
    case_for, caseworker, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complete(case_for(), "phq-9", ITEM_9_SEVERAL_DAYS)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([caseworker.email, supervisor.email])
    assert all(m.subject.startswith("[casemgmt] Safety alert, case") for m in mail.outbox)


def test_a_safety_alert_is_written_in_the_transaction_that_completes_the_assessment(
    case_for, supervisor
):
    case = case_for()

    with pytest.raises(RuntimeError), transaction.atomic():
        complete(case, "phq-9", ITEM_9_SEVERAL_DAYS)
        assert Notification.objects.filter(kind="safety_alert").count() == 2
        raise RuntimeError("the completion fails after the alert")

    assert not Assessment.objects.filter(case=case).exists()
    assert not Reminder.objects.filter(kind="safety_alert").exists()
    assert not Notification.objects.exists()


def test_a_later_scan_and_delivery_send_no_second_safety_alert(case_for, supervisor):
    complete(case_for(), "phq-9", ITEM_9_SEVERAL_DAYS)

    run_once(timezone.now())

    assert Notification.objects.filter(kind="safety_alert").count() == 2

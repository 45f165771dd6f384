"""PHQ-9 item 9 answered above "Not at all": the alert is raised as the assessment completes."""

import pytest

from assessments.tests.factories import complete, phq9
from clients.models import ClientFlag
from clients.tests.factories import ClientFlagFactory
from reminders.models import Notification

pytestmark = pytest.mark.django_db

ITEM_9_SEVERAL_DAYS = phq9(0, 0, 0, 0, 0, 0, 0, 0, 1)
ITEM_9_NOT_AT_ALL = phq9(3, 3, 3, 3, 3, 3, 3, 3, 0)


def active_safety_flags(case):
    return ClientFlag.objects.filter(
        client=case.client, kind=ClientFlag.Kind.SAFETY_RISK, cleared_at=None
    )


def test_the_primary_case_manager_gets_an_urgent_notification(case_for, caseworker):
    case = case_for()

    complete(case, "phq-9", ITEM_9_SEVERAL_DAYS)

    notification = Notification.objects.get(recipient=caseworker)
    assert notification.kind == "safety_alert"
    assert notification.urgent
    assert notification.case == case


def test_the_teams_supervisors_are_notified_too(case_for, supervisor):
    case = case_for()

    complete(case, "phq-9", ITEM_9_SEVERAL_DAYS)

    assert Notification.objects.filter(
        recipient=supervisor, kind="safety_alert", urgent=True, case=case
    ).exists()


def test_only_the_case_manager_and_supervisors_are_notified_not_a_teammate(
    case_for, caseworker, teammate, supervisor
):
    complete(case_for(), "phq-9", ITEM_9_SEVERAL_DAYS)

    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert recipients == {caseworker.pk, supervisor.pk}
    assert teammate.pk not in recipients


def test_the_client_is_flagged_as_a_safety_risk(case_for):
    case = case_for()

    complete(case, "phq-9", ITEM_9_SEVERAL_DAYS)

    assert active_safety_flags(case).count() == 1


def test_item_9_at_zero_raises_no_alert(case_for):
    case = case_for()

    complete(case, "phq-9", ITEM_9_NOT_AT_ALL)

    assert not Notification.objects.exists()
    assert not active_safety_flags(case).exists()
    assert not case.tasks.exists()


def test_a_client_already_flagged_keeps_one_flag_and_is_still_alerted(case_for, caseworker):
    case = case_for()
    ClientFlagFactory(client=case.client, kind=ClientFlag.Kind.SAFETY_RISK, created_by=caseworker)

    complete(case, "phq-9", ITEM_9_SEVERAL_DAYS)

    assert active_safety_flags(case).count() == 1
    assert Notification.objects.filter(recipient=caseworker).count() == 1

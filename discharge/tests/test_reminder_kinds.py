"""The reminder kinds hospital stays register (discharge/reminders.py): an expected discharge
within a day while barriers are open, a utilization review due and an authorization ending within
a day, each at the right moment and not before, to the case manager, about the right case."""

import datetime

import pytest

from discharge.models import Admission
from reminders.dates import at_start_of
from reminders.tests.kinds import TODAY, days, reminders_of, scan_now

from .factories import BarrierFactory, UtilizationReviewFactory
from .helpers import admit, at, discharge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def stay(case_for, caseworker):
    return admit(case_for(), by=caseworker, admitted_at=at(-3))


def set_edd(stay: Admission, day: datetime.date) -> None:
    Admission.objects.filter(pk=stay.pk).update(expected_discharge_on=day)


# Expected discharge near with open barriers


def test_an_edd_tomorrow_with_an_open_barrier_reminds_the_case_manager(stay, caseworker):
    set_edd(stay, TODAY + days(1))
    BarrierFactory(plan=stay.plan)

    scan_now()

    reminder = reminders_of("edd_with_barriers", stay).get()
    assert (reminder.recipient, reminder.case) == (caseworker, stay.case)
    assert reminder.due_at == at_start_of(TODAY)


def test_an_edd_in_two_days_is_not_reminded_yet(stay):
    set_edd(stay, TODAY + days(2))
    BarrierFactory(plan=stay.plan)

    scan_now()

    assert not reminders_of("edd_with_barriers").exists()


def test_an_edd_tomorrow_without_open_barriers_is_not_reminded(stay):
    set_edd(stay, TODAY + days(1))
    BarrierFactory(plan=stay.plan, opened_on=TODAY - days(2), resolved_on=TODAY)

    scan_now()

    assert not reminders_of("edd_with_barriers").exists()


def test_an_edd_tomorrow_on_a_stay_with_no_barriers_at_all_is_not_reminded(stay):
    set_edd(stay, TODAY + days(1))

    scan_now()

    assert not reminders_of("edd_with_barriers").exists()


def test_two_open_barriers_remind_once(stay):
    set_edd(stay, TODAY)
    BarrierFactory.create_batch(2, plan=stay.plan)

    scan_now()
    scan_now()

    assert reminders_of("edd_with_barriers").count() == 1


def test_a_discharged_stay_is_not_reminded_of_its_edd(stay, caseworker):
    set_edd(stay, TODAY + days(1))
    BarrierFactory(plan=stay.plan)
    discharge(stay, by=caseworker, override_reason="Barrier moot")

    scan_now()

    assert not reminders_of("edd_with_barriers").exists()


# Utilization review due


def test_a_review_due_today_reminds_the_case_manager(stay, caseworker):
    review = UtilizationReviewFactory(
        admission=stay, reviewed_on=TODAY - days(2), next_review_on=TODAY
    )

    scan_now()

    reminder = reminders_of("ur_review_due", review).get()
    assert (reminder.recipient, reminder.case) == (caseworker, stay.case)
    assert reminder.due_at == at_start_of(TODAY)


def test_a_review_due_tomorrow_is_not_reminded_yet(stay):
    UtilizationReviewFactory(admission=stay, reviewed_on=TODAY, next_review_on=TODAY + days(1))

    scan_now()

    assert not reminders_of("ur_review_due").exists()


def test_a_later_review_replaces_the_next_review_date_of_the_earlier_one(stay):
    UtilizationReviewFactory(admission=stay, reviewed_on=TODAY - days(2), next_review_on=TODAY)
    UtilizationReviewFactory(admission=stay, reviewed_on=TODAY, next_review_on=TODAY + days(2))

    scan_now()

    assert not reminders_of("ur_review_due").exists()


# Authorization ending


def test_an_authorization_ending_tomorrow_reminds_the_case_manager(stay, caseworker):
    review = UtilizationReviewFactory(
        admission=stay,
        reviewed_on=TODAY - days(3),
        authorization_number="A-1234",
        authorized_from=TODAY - days(3),
        authorized_through=TODAY + days(1),
        days_authorized=5,
    )

    scan_now()

    reminder = reminders_of("authorization_ending", review).get()
    assert reminder.recipient == caseworker
    assert reminder.due_at == at_start_of(TODAY)
    assert "A-1234" in reminder.body


def test_an_authorization_ending_in_two_days_is_not_reminded_yet(stay):
    UtilizationReviewFactory(
        admission=stay, authorized_from=TODAY, authorized_through=TODAY + days(2)
    )

    scan_now()

    assert not reminders_of("authorization_ending").exists()


def test_a_discharged_stays_authorization_is_not_reminded(stay, caseworker):
    UtilizationReviewFactory(
        admission=stay, authorized_from=TODAY, authorized_through=TODAY + days(1)
    )
    discharge(stay, by=caseworker)

    scan_now()

    assert not reminders_of("authorization_ending").exists()


# The post-discharge call


def test_the_post_discharge_call_is_reminded_by_the_task_kind_the_day_before(
    stay, caseworker, frozen
):
    discharge(stay, by=caseworker)
    stay.refresh_from_db()
    scan_now()
    assert not reminders_of("task_due", stay.call_task).exists()

    frozen.shift(days(1))
    scan_now()

    assert reminders_of("task_due", stay.call_task).get().recipient == caseworker

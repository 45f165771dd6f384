"""Recording the post-discharge call (services.record_call): its task is done, and a call that did
not reach the patient schedules a retry the next day, up to settings.DISCHARGE_CALL_ATTEMPTS."""

import datetime

import pytest

from casemgmt.transitions import InvalidTransition
from discharge import services
from discharge.models import FollowUpCall
from reminders.tests.kinds import TODAY

from .helpers import admit, at, discharge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

NOT_REACHED = FollowUpCall.Outcome.NOT_REACHED


@pytest.fixture
def discharged(case_for, caseworker):
    stay = admit(case_for(), by=caseworker, admitted_at=at(-4))
    discharge(stay, by=caseworker, discharged_at=at(-2))
    stay.refresh_from_db()
    return stay


def test_a_reached_call_completes_its_task_and_keeps_the_answers(discharged, caseworker):
    task = discharged.call_task

    call = services.record_call(
        admission=discharged,
        by=caseworker,
        outcome=FollowUpCall.Outcome.REACHED,
        medication_questions=True,
        appointment_kept=True,
    )

    task.refresh_from_db()
    discharged.refresh_from_db()
    assert task.is_done and discharged.call_task == task
    assert (call.task, call.attempt, call.medication_questions) == (task, 1, True)


def test_a_call_that_does_not_reach_the_patient_schedules_a_retry_tomorrow(discharged, caseworker):
    first = discharged.call_task

    services.record_call(admission=discharged, by=caseworker, outcome=NOT_REACHED)

    discharged.refresh_from_db()
    retry = discharged.call_task
    assert retry != first and retry.is_open
    assert retry.due_on == TODAY + datetime.timedelta(days=1)
    assert retry.description == "Post-discharge call, attempt 2"


def test_no_retry_after_the_last_attempt(discharged, caseworker, settings):
    settings.DISCHARGE_CALL_ATTEMPTS = 2
    services.record_call(admission=discharged, by=caseworker, outcome=NOT_REACHED)
    discharged.refresh_from_db()

    services.record_call(admission=discharged, by=caseworker, outcome=NOT_REACHED)

    discharged.refresh_from_db()
    assert discharged.calls.first().attempt == 2
    assert not discharged.call_task.is_open
    assert not discharged.case.tasks.open().filter(description__startswith="Post-").exists()


def test_a_current_stay_takes_no_call(case_for, caseworker):
    stay = admit(case_for(), by=caseworker)

    with pytest.raises(InvalidTransition):
        services.record_call(admission=stay, by=caseworker, outcome=NOT_REACHED)

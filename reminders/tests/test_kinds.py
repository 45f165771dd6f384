"""Each registered kind of reminder: due at the right moment and not before, to the right person,
about the right case; closed cases produce nothing."""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from careplans.models import Task
from careplans.tests.factories import TaskFactory
from careplans.tests.plan_factories import active_plan, draft_plan
from clients.models import Case
from clients.tests.factories import CaseNoteFactory, ConsentFactory
from referrals.tests.referral_factories import sent_referral
from reminders import services
from reminders.dates import at_start_of
from reminders.models import Reminder
from reminders.registry import CATCH_UP, scan_since

pytestmark = pytest.mark.django_db

# A Wednesday morning, on the local clock.
NOW = datetime.datetime(2025, 6, 11, 10, 0, tzinfo=timezone.get_default_timezone())
TODAY = NOW.date()


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def scan() -> None:
    services.scan(timezone.now())


def reminders_of(kind: str, subject=None):
    found = Reminder.objects.filter(kind=kind)
    if subject is not None:
        found = found.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
        )
    return found


def close(case: Case, *, by) -> None:
    case.close(by=by, reason=Case.ClosureReason.GOALS_MET)


# Tasks due


def test_a_task_due_tomorrow_reminds_its_assignee_about_its_case(case_for, teammate):
    case = case_for()
    task = TaskFactory(case=case, assignee=teammate, due_on=TODAY + days(1))

    scan()

    reminder = reminders_of("task_due").get()
    assert (reminder.recipient, reminder.case) == (teammate, case)
    assert (reminder.subject_type.model_class(), reminder.subject_id) == (Task, task.pk)
    assert reminder.due_at == at_start_of(TODAY + days(1))


def test_an_unassigned_task_reminds_the_primary_case_manager(case_for, caseworker):
    TaskFactory(case=case_for(), assignee=None, due_on=TODAY + days(1))

    scan()

    assert reminders_of("task_due").get().recipient == caseworker


def test_a_task_due_in_three_days_is_not_reminded_yet(case_for):
    TaskFactory(case=case_for(), due_on=TODAY + days(3))

    scan()

    assert not reminders_of("task_due").exists()


def test_a_task_is_reminded_once_its_due_date_is_tomorrow(case_for, frozen):
    task = TaskFactory(case=case_for(), due_on=TODAY + days(3))
    scan()

    frozen.shift(days(2))
    scan()

    assert reminders_of("task_due", task).count() == 1


def test_a_done_task_is_not_reminded(case_for, caseworker):
    task = TaskFactory(case=case_for(), due_on=TODAY + days(1))
    task.complete(by=caseworker)

    scan()

    assert not reminders_of("task_due").exists()


def test_a_task_under_a_draft_plan_is_not_reminded(case_for, caseworker):
    plan = draft_plan(case_for(), by=caseworker)
    Task.objects.filter(goal__plan=plan).update(due_on=TODAY + days(1))

    scan()

    assert not reminders_of("task_due").exists()


def test_a_task_under_the_active_plan_is_reminded(case_for, caseworker, supervisor):
    plan = active_plan(case_for(), by=caseworker, approver=supervisor)
    Task.objects.filter(goal__plan=plan).update(due_on=TODAY + days(1))

    scan()

    assert reminders_of("task_due").get().recipient == caseworker


def test_an_open_task_on_a_closed_case_is_not_reminded(case_for, caseworker):
    case = case_for()
    TaskFactory(case=case, due_on=TODAY + days(1))
    close(case, by=caseworker)

    scan()

    assert not reminders_of("task_due").exists()


def test_a_task_overdue_since_as_far_back_as_a_scan_looks_is_reminded(case_for):
    TaskFactory(case=case_for(), due_on=timezone.localdate(scan_since(NOW)))

    scan()

    assert reminders_of("task_due").exists()


def test_a_task_overdue_for_longer_than_a_scan_looks_back_is_left_to_the_caseload(case_for):
    TaskFactory(case=case_for(), due_on=timezone.localdate(scan_since(NOW)) - days(1))

    scan()

    assert not reminders_of("task_due").exists()


def test_a_scan_looks_back_past_the_longest_escalation_grace_and_a_month(settings):
    settings.REMINDER_ESCALATE_AFTER_DAYS = {"task_due": 90}

    assert scan_since(NOW) == NOW - days(90) - CATCH_UP


# Goals past their target date


def test_a_goal_past_its_target_date_reminds_the_primary_case_manager(
    case_for, caseworker, supervisor, frozen
):
    case = case_for()
    goal = active_plan(case, by=caseworker, approver=supervisor).goals.get()
    frozen.move_to(datetime.datetime.combine(goal.target_date + days(1), NOW.timetz()))

    scan()

    reminder = reminders_of("goal_target_passed", goal).get()
    assert (reminder.recipient, reminder.case) == (caseworker, case)
    assert reminder.due_at == at_start_of(goal.target_date)


def test_a_goal_on_its_target_date_is_not_reminded_yet(case_for, caseworker, supervisor, frozen):
    goal = active_plan(case_for(), by=caseworker, approver=supervisor).goals.get()
    frozen.move_to(datetime.datetime.combine(goal.target_date, NOW.timetz()))

    scan()

    assert not reminders_of("goal_target_passed").exists()


def test_a_goal_of_a_draft_plan_past_its_target_date_is_not_reminded(case_for, caseworker, frozen):
    goal = draft_plan(case_for(), by=caseworker).goals.get()
    frozen.move_to(datetime.datetime.combine(goal.target_date + days(1), NOW.timetz()))

    scan()

    assert not reminders_of("goal_target_passed").exists()


def test_a_goal_past_its_target_date_on_a_closed_case_is_not_reminded(
    case_for, caseworker, supervisor, frozen
):
    case = case_for()
    goal = active_plan(case, by=caseworker, approver=supervisor).goals.get()
    close(case, by=caseworker)
    frozen.move_to(datetime.datetime.combine(goal.target_date + days(1), NOW.timetz()))

    scan()

    assert not reminders_of("goal_target_passed").exists()


# Care-plan reviews


def test_a_plan_review_due_within_a_week_reminds_the_primary_case_manager(
    case_for, caseworker, supervisor, frozen
):
    case = case_for()
    plan = active_plan(case, by=caseworker, approver=supervisor)
    frozen.move_to(datetime.datetime.combine(plan.review_due_on - days(7), NOW.timetz()))

    scan()

    reminder = reminders_of("plan_review_due", plan).get()
    assert (reminder.recipient, reminder.case) == (caseworker, case)
    assert reminder.due_at == at_start_of(plan.review_due_on)


def test_a_plan_review_due_in_eight_days_is_not_reminded_yet(
    case_for, caseworker, supervisor, frozen
):
    plan = active_plan(case_for(), by=caseworker, approver=supervisor)
    frozen.move_to(datetime.datetime.combine(plan.review_due_on - days(8), NOW.timetz()))

    scan()

    assert not reminders_of("plan_review_due").exists()


def test_a_plan_review_on_a_closed_case_is_not_reminded(case_for, caseworker, supervisor, frozen):
    case = case_for()
    plan = active_plan(case, by=caseworker, approver=supervisor)
    close(case, by=caseworker)
    frozen.move_to(datetime.datetime.combine(plan.review_due_on - days(7), NOW.timetz()))

    scan()

    assert not reminders_of("plan_review_due").exists()


# Reassessments


def test_a_reassessment_due_within_a_week_reminds_the_primary_case_manager(case_for, caseworker):
    case = case_for(assessment_due_on=TODAY + days(7))

    scan()

    reminder = reminders_of("reassessment_due", case).get()
    assert (reminder.recipient, reminder.case) == (caseworker, case)
    assert reminder.due_at == at_start_of(TODAY + days(7))


def test_a_reassessment_due_in_eight_days_is_not_reminded_yet(case_for):
    case_for(assessment_due_on=TODAY + days(8))

    scan()

    assert not reminders_of("reassessment_due").exists()


def test_a_reassessment_on_a_closed_case_is_not_reminded(case_for):
    case_for(assessment_due_on=TODAY - days(3), status=Case.Status.CLOSED)

    scan()

    assert not reminders_of("reassessment_due").exists()


# Referrals unanswered


def test_a_referral_unanswered_past_its_deadline_reminds_the_primary_case_manager(
    case_for, caseworker, teammate, frozen
):
    case = case_for()
    referral, _ = sent_referral(case, by=teammate)
    frozen.move_to(referral.respond_by + datetime.timedelta(minutes=1))

    scan()

    reminder = reminders_of("referral_unanswered", referral).get()
    assert (reminder.recipient, reminder.case) == (caseworker, case)
    assert reminder.due_at == referral.respond_by


def test_a_referral_at_its_deadline_is_not_reminded_yet(case_for, caseworker, frozen):
    referral, _ = sent_referral(case_for(), by=caseworker)
    frozen.move_to(referral.respond_by)

    scan()

    assert not reminders_of("referral_unanswered").exists()


def test_a_referral_unanswered_on_a_closed_case_is_not_reminded(case_for, caseworker, frozen):
    case = case_for()
    referral, _ = sent_referral(case, by=caseworker)
    close(case, by=caseworker)
    frozen.move_to(referral.respond_by + datetime.timedelta(minutes=1))

    scan()

    assert not reminders_of("referral_unanswered").exists()


# Consents expiring


def test_a_consent_expiring_within_30_days_reminds_the_case_manager_of_the_open_case(
    case_for, caseworker, teammate
):
    earlier = case_for(primary_case_manager=teammate, status=Case.Status.CLOSED)
    case = case_for(client=earlier.client)
    consent = ConsentFactory(client=case.client, expires_on=TODAY + days(30))

    scan()

    reminder = reminders_of("consent_expiring", consent).get()
    assert (reminder.recipient, reminder.case) == (caseworker, case)
    assert reminder.due_at == at_start_of(TODAY)


def test_a_consent_expiring_in_31_days_is_not_reminded_yet(case_for):
    case = case_for()
    ConsentFactory(client=case.client, expires_on=TODAY + days(31))

    scan()

    assert not reminders_of("consent_expiring").exists()


def test_a_consent_expiring_for_a_client_whose_case_is_closed_is_not_reminded(case_for):
    case = case_for(status=Case.Status.CLOSED)
    ConsentFactory(client=case.client, expires_on=TODAY + days(10))

    scan()

    assert not reminders_of("consent_expiring").exists()


# No recent contact


def test_no_contact_past_the_acuitys_interval_reminds_the_primary_case_manager(
    case_for, caseworker
):
    every = Case.contact_due_days()[Case.Acuity.HIGH]
    case = case_for(acuity=Case.Acuity.HIGH, opened_on=TODAY - days(every + 1))

    scan()

    reminder = reminders_of("no_contact", case).get()
    assert (reminder.recipient, reminder.case) == (caseworker, case)
    assert reminder.due_at == at_start_of(TODAY - days(1))


def test_no_contact_within_the_acuitys_interval_is_not_reminded(case_for):
    every = Case.contact_due_days()[Case.Acuity.HIGH]
    case_for(acuity=Case.Acuity.HIGH, opened_on=TODAY - days(every))

    scan()

    assert not reminders_of("no_contact").exists()


def test_a_recent_contact_keeps_the_no_contact_reminder_away(case_for):
    case = case_for(acuity=Case.Acuity.HIGH, opened_on=TODAY - days(90))
    CaseNoteFactory(case=case, occurred_at=NOW - days(3))

    scan()

    assert not reminders_of("no_contact").exists()


def test_the_interval_counts_from_the_last_contact(case_for):
    every = Case.contact_due_days()[Case.Acuity.HIGH]
    case = case_for(acuity=Case.Acuity.HIGH, opened_on=TODAY - days(90))
    CaseNoteFactory(case=case, occurred_at=NOW - days(every + 1))

    scan()

    assert reminders_of("no_contact", case).get().due_at == at_start_of(TODAY - days(1))


def test_a_closed_case_without_contact_is_not_reminded(case_for):
    case_for(acuity=Case.Acuity.HIGH, opened_on=TODAY - days(90), status=Case.Status.CLOSED)

    scan()

    assert not reminders_of("no_contact").exists()


def test_no_contact_is_judged_on_the_day_of_the_scan_not_of_the_clock(case_for):
    every = Case.contact_due_days()[Case.Acuity.HIGH]
    case = case_for(acuity=Case.Acuity.HIGH, opened_on=TODAY - days(every))

    services.scan(NOW + days(1))

    assert reminders_of("no_contact", case).get().due_at == at_start_of(TODAY)


def test_contact_due_as_far_back_as_a_scan_looks_is_reminded(case_for):
    every = Case.contact_due_days()[Case.Acuity.HIGH]
    since = timezone.localdate(scan_since(NOW))
    case = case_for(acuity=Case.Acuity.HIGH, opened_on=TODAY - days(90))
    CaseNoteFactory(case=case, occurred_at=at_start_of(since - days(every)))

    scan()

    assert reminders_of("no_contact", case).get().due_at == at_start_of(since)


def test_contact_due_before_a_scan_looks_back_is_left_to_the_caseload(case_for):
    every = Case.contact_due_days()[Case.Acuity.HIGH]
    since = timezone.localdate(scan_since(NOW))
    case_for(acuity=Case.Acuity.HIGH, opened_on=since - days(every + 1))

    scan()

    assert not reminders_of("no_contact").exists()
    assert Case.objects.caseload_summary()["overdue_contact"] == 1

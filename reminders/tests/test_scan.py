"""services.scan: each reminder stored once however often (and however concurrently) it runs;
escalation to the team's supervisors once a kind's grace period has passed."""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from careplans.models import Task
from careplans.tests.factories import TaskFactory
from clients.models import Case
from reminders import services
from reminders.dates import at_start_of
from reminders.models import Reminder

from .at_once import at_once

# A Wednesday morning, on the local clock.
NOW = datetime.datetime(2025, 6, 11, 10, 0, tzinfo=timezone.get_default_timezone())
TODAY = NOW.date()
ONE_DAY = datetime.timedelta(days=1)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def about(subject):
    return Reminder.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    )


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def second_supervisor(team):
    user = UserFactory(username="sue", role=Role.SUPERVISOR)
    team.supervisors.add(user)
    return user


@pytest.mark.django_db
def test_scanning_twice_creates_nothing_new(case_for):
    tomorrow = timezone.localdate() + ONE_DAY
    TaskFactory(case=case_for(), due_on=tomorrow)
    case_for(assessment_due_on=tomorrow)
    assert services.scan(timezone.now()) == 2
    before = list(Reminder.objects.order_by("pk").values())

    created = services.scan(timezone.now())

    assert created == 0
    assert list(Reminder.objects.order_by("pk").values()) == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_scans_at_once_store_each_reminder_once(case_for):
    tomorrow = timezone.localdate() + ONE_DAY
    for _ in range(3):
        case = case_for(assessment_due_on=tomorrow)
        TaskFactory.create_batch(10, case=case, due_on=tomorrow)

    at_once(lambda: services.scan(timezone.now()))

    assert Reminder.objects.count() == 33
    per_key = Reminder.objects.values("dedupe_key").annotate(n=Count("pk"))
    assert {row["n"] for row in per_key} == {1}


# Escalation


@pytest.mark.django_db
def test_a_task_open_three_days_after_due_escalates_to_each_supervisor_of_the_team(
    case_for, supervisor, second_supervisor, other_supervisor, frozen
):
    case = case_for()
    task = TaskFactory(case=case, due_on=TODAY)
    frozen.move_to(at_start_of(TODAY) + days(3))

    services.scan(timezone.now())

    escalations = about(task).filter(kind=services.ESCALATION)
    assert {e.recipient for e in escalations} == {supervisor, second_supervisor}
    assert all(e.urgent and e.case == case for e in escalations)
    assert all(e.title == f"Still unresolved: Task due: {task.description}" for e in escalations)


@pytest.mark.django_db
def test_a_task_is_escalated_only_once(case_for, supervisor, frozen):
    task = TaskFactory(case=case_for(), due_on=TODAY)
    frozen.move_to(at_start_of(TODAY) + days(3))
    services.scan(timezone.now())

    frozen.shift(datetime.timedelta(minutes=5))
    created = services.scan(timezone.now())
    frozen.shift(days(1))
    services.scan(timezone.now())

    assert created == 0
    assert about(task).filter(kind=services.ESCALATION).count() == 1


@pytest.mark.django_db
def test_a_task_is_not_escalated_before_the_grace_period_ends(case_for, supervisor, frozen):
    task = TaskFactory(case=case_for(), due_on=TODAY)
    frozen.move_to(at_start_of(TODAY) + days(3) - datetime.timedelta(minutes=1))

    services.scan(timezone.now())

    assert about(task).filter(kind="task_due").exists()
    assert not about(task).filter(kind=services.ESCALATION).exists()


@pytest.mark.django_db
def test_a_task_done_within_the_grace_period_is_not_escalated(
    case_for, caseworker, supervisor, frozen
):
    task = TaskFactory(case=case_for(), due_on=TODAY)
    services.scan(timezone.now())
    task.complete(by=caseworker)
    frozen.move_to(at_start_of(TODAY) + days(3))

    services.scan(timezone.now())

    assert not about(task).filter(kind=services.ESCALATION).exists()


@pytest.mark.django_db
def test_a_case_late_for_two_kinds_on_the_same_day_is_escalated_for_each(
    case_for, supervisor, frozen
):
    # Reassessment and contact both fell due 14 days ago, past both kinds' grace (14 and 7 days).
    due = TODAY - days(14)
    every = Case.contact_due_days()[Case.Acuity.HIGH]
    case = case_for(acuity=Case.Acuity.HIGH, opened_on=due - days(every), assessment_due_on=due)

    services.scan(timezone.now())

    name, last = case.client.display_name, due - days(every)
    escalations = about(case).filter(kind=services.ESCALATION, recipient=supervisor)
    assert sorted(e.title for e in escalations) == [
        f"Still unresolved: Assessment due for {name}",
        f"Still unresolved: No contact with {name} since {last:%b %-d}",
    ]


# Due again later


@pytest.mark.django_db
def test_a_task_due_again_on_a_later_date_is_reminded_again(case_for, frozen):
    task = TaskFactory(case=case_for(), due_on=TODAY + ONE_DAY)
    services.scan(timezone.now())
    Task.objects.filter(pk=task.pk).update(due_on=TODAY + days(5))
    frozen.move_to(NOW + days(4))

    services.scan(timezone.now())

    due = about(task).filter(kind="task_due").order_by("due_at")
    assert [r.due_at for r in due] == [at_start_of(TODAY + ONE_DAY), at_start_of(TODAY + days(5))]

"""The scan: each reminder stored once however often (and however concurrently) it runs;
escalation to the team's supervisors once a kind's grace period has passed."""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from cases.models import Case
from cases.tests.factories import CaseNoteFactory
from clients.tests.factories import ConsentFactory
from reminders.dates import at_start_of
from reminders.models import Reminder
from reminders.registry import CATCH_UP, KINDS, Due, Kind, scan_since
from reminders.scan import ESCALATION, scan

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


def no_contact_since(case: Case) -> str:
    return f"No contact with {case.client.display_name} since {case.opened_on:%b %-d}"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def second_supervisor(team):
    user = UserFactory(username="sue", role=Role.SUPERVISOR)
    team.supervisors.add(user)
    return user


@pytest.fixture
def contact_due(contact_overdue):
    """Factory: a case whose contact with the client falls due on `day` (the no-contact kind
    reminds it from the next day, and escalates it seven days after `day`)."""

    def make(day: datetime.date) -> Case:
        return contact_overdue(opened_on=day - days(Case.contact_due_days()[Case.Acuity.HIGH]))

    return make


@pytest.fixture
def kind_for_test(monkeypatch):
    """Factory: a kind registered for this test alone, finding the given dues on every scan."""

    def register(name: str, dues: list[Due], *, escalate_after_days=None, **counting) -> None:
        label = name.replace("_", " ").capitalize()
        kind = Kind(name, label, lambda now: dues, escalate_after_days, **counting)
        monkeypatch.setitem(KINDS, name, kind)

    return register


@pytest.mark.django_db
def test_scanning_twice_creates_nothing_new(contact_overdue):
    case = contact_overdue()
    ConsentFactory(client=case.client, expires_on=timezone.localdate() + days(10))
    assert scan(timezone.now()) == 2
    before = list(Reminder.objects.order_by("pk").values())

    created = scan(timezone.now())

    assert created == 0
    assert list(Reminder.objects.order_by("pk").values()) == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_scans_at_once_store_each_reminder_once(contact_overdue, caseworker):
    for _ in range(3):
        case = contact_overdue()
        ConsentFactory.create_batch(
            10,
            client=case.client,
            recorded_by=caseworker,
            expires_on=timezone.localdate() + days(10),
        )

    at_once(lambda: scan(timezone.now()))

    assert Reminder.objects.count() == 33
    per_key = Reminder.objects.values("dedupe_key").annotate(n=Count("pk"))
    assert {row["n"] for row in per_key} == {1}


# Escalation


@pytest.mark.django_db
def test_a_contact_missed_for_a_week_after_due_escalates_to_each_supervisor_of_the_team(
    contact_due, supervisor, second_supervisor, other_supervisor, frozen
):
    case = contact_due(TODAY)
    frozen.move_to(at_start_of(TODAY) + days(7))

    scan(timezone.now())

    escalations = about(case).filter(kind=ESCALATION)
    assert {e.recipient for e in escalations} == {supervisor, second_supervisor}
    assert all(e.urgent and e.case == case for e in escalations)
    assert all(e.title == f"Still unresolved: {no_contact_since(case)}" for e in escalations)


@pytest.mark.django_db
def test_a_missed_contact_is_escalated_only_once(contact_due, supervisor, frozen):
    case = contact_due(TODAY)
    frozen.move_to(at_start_of(TODAY) + days(7))
    scan(timezone.now())

    frozen.shift(datetime.timedelta(minutes=5))
    created = scan(timezone.now())
    frozen.shift(days(1))
    scan(timezone.now())

    assert created == 0
    assert about(case).filter(kind=ESCALATION).count() == 1


@pytest.mark.django_db
def test_a_missed_contact_is_not_escalated_before_the_grace_period_ends(
    contact_due, supervisor, frozen
):
    case = contact_due(TODAY)
    frozen.move_to(at_start_of(TODAY) + days(7) - datetime.timedelta(minutes=1))

    scan(timezone.now())

    assert about(case).filter(kind="no_contact").exists()
    assert not about(case).filter(kind=ESCALATION).exists()


@pytest.mark.django_db
def test_a_contact_made_within_the_grace_period_is_not_escalated(contact_due, supervisor, frozen):
    case = contact_due(TODAY)
    frozen.move_to(NOW + ONE_DAY)
    scan(timezone.now())
    CaseNoteFactory(case=case, occurred_at=timezone.now())
    frozen.move_to(at_start_of(TODAY) + days(7))

    scan(timezone.now())

    assert not about(case).filter(kind=ESCALATION).exists()


@pytest.mark.django_db
def test_a_case_late_for_two_kinds_on_the_same_day_is_escalated_for_each(
    contact_due, kind_for_test, supervisor, frozen
):
    # Contact and a review (a kind registered for this test) both fell due 14 days ago, past both
    # kinds' grace (7 and 14 days).
    due = TODAY - days(14)
    case = contact_due(due)
    review = Due(
        subject=case,
        recipient_id=case.primary_case_manager_id,
        due_at=at_start_of(due),
        title=f"Review due for {case.client.display_name}",
        case_id=case.pk,
    )
    kind_for_test("case_review_due", [review], escalate_after_days=14)

    scan(timezone.now())

    escalations = about(case).filter(kind=ESCALATION, recipient=supervisor)
    assert sorted(e.title for e in escalations) == [
        f"Still unresolved: {no_contact_since(case)}",
        f"Still unresolved: {review.title}",
    ]


def add_weekdays(moment: datetime.datetime, days: int) -> datetime.datetime:
    """A kind's own way of counting its grace: weekdays only (as referrals count business days),
    from the Monday after a weekend."""
    while moment.weekday() >= 5:
        moment += ONE_DAY
    while days:
        moment += ONE_DAY
        days -= moment.weekday() < 5
    return moment


@pytest.fixture
def review_due(contact_overdue, kind_for_test):
    """Factory: a review that fell due at `due_at`, of a kind with a grace of `grace` weekdays."""

    def make(due_at: datetime.datetime, grace: int) -> Case:
        case = contact_overdue()
        review = Due(
            subject=case,
            recipient_id=case.primary_case_manager_id,
            due_at=due_at,
            title="Review due",
            case_id=case.pk,
        )
        kind_for_test("review_due", [review], escalate_after_days=grace, add_days=add_weekdays)
        return case

    return make


@pytest.mark.django_db
def test_a_kind_counting_its_grace_in_weekdays_is_not_escalated_over_the_weekend(
    review_due, supervisor, frozen
):
    # Due on the Thursday before NOW: two calendar days later is Saturday, two weekdays Monday.
    case = review_due(NOW - days(6), grace=2)
    frozen.move_to(NOW - days(3))  # Sunday

    scan(timezone.now())

    assert not about(case).filter(kind=ESCALATION, dedupe_key__contains="review_due").exists()


@pytest.mark.django_db
def test_a_kind_counting_its_grace_in_weekdays_escalates_once_they_have_passed(
    review_due, supervisor, frozen
):
    case = review_due(NOW - days(6), grace=2)
    frozen.move_to(NOW - days(2))  # Monday

    scan(timezone.now())

    escalation = about(case).get(kind=ESCALATION, dedupe_key__contains="review_due")
    assert escalation.recipient == supervisor


def test_a_kind_says_when_what_fell_due_escalates(kind_for_test, settings):
    settings.REMINDER_ESCALATE_AFTER_DAYS = {"review_due": 1}
    kind_for_test("review_due", [], escalate_after_days=2, add_days=add_weekdays)
    friday = NOW + days(2)

    assert KINDS["review_due"].escalates_at(friday) == friday + days(3)
    assert KINDS["no_contact"].escalates_at(friday) == friday + days(7)
    assert KINDS["consent_expiring"].escalates_at(friday) is None


# Due again later


@pytest.mark.django_db
def test_contact_due_again_on_a_later_date_is_reminded_again(contact_due, frozen):
    case = contact_due(TODAY)
    frozen.move_to(NOW + ONE_DAY)
    scan(timezone.now())
    CaseNoteFactory(case=case, occurred_at=timezone.now())
    every = Case.contact_due_days()[Case.Acuity.HIGH]
    frozen.move_to(NOW + ONE_DAY + days(every + 1))

    scan(timezone.now())

    due = about(case).filter(kind="no_contact").order_by("due_at")
    assert [r.due_at for r in due] == [at_start_of(TODAY), at_start_of(TODAY + days(1 + every))]


# How far back a scan looks


def test_a_scan_looks_back_past_the_longest_escalation_grace_and_a_month(settings):
    settings.REMINDER_ESCALATE_AFTER_DAYS = {"no_contact": 90}

    assert scan_since(NOW) == NOW - days(90) - CATCH_UP


def test_a_scan_looks_back_past_the_longest_a_grace_of_weekdays_can_last(kind_for_test, settings):
    settings.REMINDER_ESCALATE_AFTER_DAYS = dict.fromkeys(KINDS, 1)
    # Five weekdays from a Saturday end on the Monday nine days later.
    kind_for_test("review_due", [], escalate_after_days=5, add_days=add_weekdays)

    assert scan_since(NOW) == NOW - days(9) - CATCH_UP

"""A care plan's lifecycle on the model: submit, approve, reject, supersede, complete."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from careplans import services
from careplans.models import CarePlan, CarePlanEvent, Goal
from careplans.tests.lifecycle_helpers import put_in
from careplans.tests.plan_factories import active_plan, add_goal, draft_plan, submitted_plan
from casemgmt.transitions import InvalidTransition

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------
# Submit


def test_a_plan_without_goals_cannot_be_submitted(caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker, goals=0)

    with pytest.raises(InvalidTransition) as refused:
        plan.submit(by=caseworker)

    assert str(refused.value) == "Add at least one goal before submitting the plan."
    plan.refresh_from_db()
    assert plan.status == CarePlan.Status.DRAFT


def test_a_plan_with_goals_lacking_a_target_or_a_date_cannot_be_submitted(caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker)
    add_goal(plan, by=caseworker, statement="No target yet", target="  ")
    undated = add_goal(plan, by=caseworker, statement="No date yet")
    Goal.objects.filter(pk=undated.pk).update(target_date=None)

    with pytest.raises(InvalidTransition) as refused:
        plan.submit(by=caseworker)

    assert str(refused.value) == (
        "2 goals still need a measurable target and a target date before the plan can be submitted."
    )
    plan.refresh_from_db()
    assert plan.status == CarePlan.Status.DRAFT


def test_the_refusal_names_a_single_unready_goal_in_the_singular(caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker)
    add_goal(plan, by=caseworker, statement="No target yet", target="")

    with pytest.raises(InvalidTransition) as refused:
        plan.submit(by=caseworker)

    assert str(refused.value) == (
        "1 goal still needs a measurable target and a target date before the plan can be submitted."
    )


def test_submitting_a_ready_draft_awaits_approval_and_records_the_event(caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker)

    plan.submit(by=caseworker)

    plan.refresh_from_db()
    assert plan.status == CarePlan.Status.SUBMITTED
    event = plan.events.get()
    assert (event.kind, event.from_status, event.to_status, event.actor) == (
        "submit",
        CarePlan.Status.DRAFT,
        CarePlan.Status.SUBMITTED,
        caseworker,
    )


# ---------------------------------------------------------------------------------------------
# Approve


def test_the_teams_supervisor_approving_puts_the_plan_in_force_for_the_review_period(
    caseworker, supervisor, case_for
):
    plan = submitted_plan(case_for(), by=caseworker)
    today = timezone.localdate()

    plan.approve(by=supervisor)

    plan.refresh_from_db()
    assert plan.status == CarePlan.Status.ACTIVE
    assert (plan.approved_by, plan.starts_on) == (supervisor, today)
    assert plan.approved_at is not None
    assert plan.case.program.plan_review_days == 90
    assert plan.review_due_on == today + datetime.timedelta(days=90)
    assert plan.events.first().kind == "approve"


@pytest.mark.parametrize("approver", ["caseworker", "other_supervisor"])
def test_only_a_supervisor_of_the_cases_team_may_approve(approver, caseworker, case_for, request):
    plan = submitted_plan(case_for(), by=caseworker)

    with pytest.raises(InvalidTransition) as refused:
        plan.approve(by=request.getfixturevalue(approver))

    assert "Only a supervisor of the case's team" in str(refused.value)
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (CarePlan.Status.SUBMITTED, None)


def test_an_admin_may_approve_any_teams_plan(caseworker, admin_user, case_for):
    plan = submitted_plan(case_for(), by=caseworker)

    plan.approve(by=admin_user)

    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (CarePlan.Status.ACTIVE, admin_user)


# ---------------------------------------------------------------------------------------------
# Reject


@pytest.mark.parametrize("rejecter", ["caseworker", "other_supervisor"])
def test_only_a_supervisor_of_the_cases_team_may_reject(rejecter, caseworker, case_for, request):
    plan = submitted_plan(case_for(), by=caseworker)

    with pytest.raises(InvalidTransition):
        plan.reject(by=request.getfixturevalue(rejecter), comment="Not like this")

    plan.refresh_from_db()
    assert plan.status == CarePlan.Status.SUBMITTED


def test_rejecting_needs_a_comment(caseworker, supervisor, case_for):
    plan = submitted_plan(case_for(), by=caseworker)

    with pytest.raises(InvalidTransition) as refused:
        plan.reject(by=supervisor, comment="   ")

    assert "Say what needs to change" in str(refused.value)
    plan.refresh_from_db()
    assert plan.status == CarePlan.Status.SUBMITTED


def test_rejecting_returns_the_plan_to_draft_with_the_comment_in_its_event(
    caseworker, supervisor, case_for
):
    plan = submitted_plan(case_for(), by=caseworker)

    plan.reject(by=supervisor, comment="The housing goal needs a date.")

    plan.refresh_from_db()
    assert plan.status == CarePlan.Status.DRAFT
    event = plan.events.first()
    assert (event.kind, event.actor, event.note) == (
        "reject",
        supervisor,
        "The housing goal needs a date.",
    )


# ---------------------------------------------------------------------------------------------
# Complete


def test_completing_needs_a_note(caseworker, supervisor, case_for):
    plan = active_plan(case_for(), by=caseworker, approver=supervisor)

    with pytest.raises(InvalidTransition) as refused:
        plan.complete(by=caseworker, note="")

    assert "Say how the plan ended" in str(refused.value)
    plan.refresh_from_db()
    assert plan.status == CarePlan.Status.ACTIVE


def test_completing_an_active_plan_ends_it_today(caseworker, supervisor, case_for):
    plan = active_plan(case_for(), by=caseworker, approver=supervisor)

    plan.complete(by=caseworker, note="Goals met")

    plan.refresh_from_db()
    assert (plan.status, plan.ended_on) == (CarePlan.Status.COMPLETED, timezone.localdate())
    assert plan.events.first().note == "Goals met"


# ---------------------------------------------------------------------------------------------
# Every move from every status it is not allowed from


def _make(move: str, plan: CarePlan, *, caseworker, supervisor) -> None:
    moves = {
        "submit": lambda: plan.submit(by=caseworker),
        "approve": lambda: plan.approve(by=supervisor),
        "reject": lambda: plan.reject(by=supervisor, comment="Not like this"),
        # Only approving a revision supersedes a plan; there is no public method for it alone.
        "supersede": lambda: plan._move("supersede", by=supervisor, note="Replaced"),
        "complete": lambda: plan.complete(by=caseworker, note="Goals met"),
    }
    moves[move]()


# The status moves; the client's agreement has its own lifecycle (test_agreement.py).
STATUS_MOVES = {name: m for name, m in CarePlan.MOVES.items() if m.field == "status"}
ILLEGAL = [
    (move, status)
    for move, m in STATUS_MOVES.items()
    for status in CarePlan.Status.values
    if status not in m.sources
]


@pytest.mark.parametrize(("move", "status"), ILLEGAL, ids=[f"{m}-{s}" for m, s in ILLEGAL])
def test_a_move_from_a_status_it_is_not_allowed_from_is_refused(
    move, status, caseworker, supervisor, case_for
):
    plan = put_in(draft_plan(case_for(), by=caseworker), status)

    with pytest.raises(InvalidTransition):
        _make(move, plan, caseworker=caseworker, supervisor=supervisor)

    plan.refresh_from_db()
    assert plan.status == status
    assert not plan.events.exists()


def test_every_move_is_tested_from_four_statuses():
    assert len(ILLEGAL) == len(STATUS_MOVES) * (len(CarePlan.Status) - 1)


# ---------------------------------------------------------------------------------------------
# The whole round


def test_reject_edit_resubmit_approve_keeps_both_decisions_in_the_plans_events(
    caseworker, supervisor, case_for
):
    plan = submitted_plan(case_for(), by=caseworker)
    plan.reject(by=supervisor, comment="Make the target measurable.")
    goal = plan.goals.get()
    goal.target = "A signed lease by March 1"
    goal.save_version(expected_version=goal.version, by=caseworker, fields=["target"])
    plan.submit(by=caseworker)

    plan.approve(by=supervisor)

    events = [(e.kind, e.actor, e.note) for e in plan.events.order_by("pk")]
    assert events == [
        ("submit", caseworker, ""),
        ("reject", supervisor, "Make the target measurable."),
        ("submit", caseworker, ""),
        ("approve", supervisor, ""),
    ]
    assert plan.status == CarePlan.Status.ACTIVE


# ---------------------------------------------------------------------------------------------
# What the database refuses


def test_the_database_refuses_a_second_active_plan_for_a_case(caseworker, supervisor, case_for):
    case = case_for()
    active_plan(case, by=caseworker, approver=supervisor)
    second = services.start_plan(case=case, by=caseworker)

    with pytest.raises(IntegrityError), transaction.atomic():
        CarePlan.objects.filter(pk=second.pk).update(status=CarePlan.Status.ACTIVE)

    assert CarePlan.objects.filter(case=case, status=CarePlan.Status.ACTIVE).count() == 1


def test_the_database_refuses_a_second_plan_in_the_works_for_a_case(caseworker, case_for):
    case = case_for()
    submitted_plan(case, by=caseworker)

    with pytest.raises(IntegrityError), transaction.atomic():
        CarePlan.objects.create(case=case, number=2, author=caseworker)

    assert CarePlan.objects.filter(case=case).count() == 1


def test_starting_a_plan_while_a_draft_exists_is_refused(caseworker, case_for):
    case = case_for()
    draft_plan(case, by=caseworker)

    with pytest.raises(InvalidTransition) as refused:
        services.start_plan(case=case, by=caseworker)

    assert "already has a plan in the works" in str(refused.value)
    assert CarePlan.objects.filter(case=case).count() == 1
    assert not CarePlanEvent.objects.filter(plan__case=case).exists()

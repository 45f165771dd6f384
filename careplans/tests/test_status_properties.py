"""Templates ask a plan, its events, goals and tasks about their status through properties,
never by comparing with a string: each property is true for its own status only."""

import pytest

from careplans.models import CarePlan, CarePlanEvent, Goal, Task

PLAN = {
    CarePlan.Status.DRAFT: "is_draft",
    CarePlan.Status.SUBMITTED: "is_submitted",
    CarePlan.Status.ACTIVE: "is_active",
    CarePlan.Status.SUPERSEDED: "is_superseded",
}
AGREEMENT = {
    CarePlan.Agreement.SIGNED: "client_signed",
    CarePlan.Agreement.DECLINED: "client_declined_to_sign",
}
TASK = {
    Task.Status.OPEN: "is_open",
    Task.Status.DONE: "is_done",
    Task.Status.CANCELLED: "is_cancelled",
}


def _true(obj, properties: dict) -> set[str]:
    return {name for name in properties.values() if getattr(obj, name)}


@pytest.mark.parametrize("status", CarePlan.Status)
def test_a_plan_is_only_in_its_own_status(status):
    plan = CarePlan(status=status)

    assert _true(plan, PLAN) == ({PLAN[status]} if status in PLAN else set())


@pytest.mark.parametrize("agreement", CarePlan.Agreement)
def test_a_plan_says_whether_the_client_signed_or_declined_to_sign(agreement):
    plan = CarePlan(agreement=agreement)

    assert _true(plan, AGREEMENT) == ({AGREEMENT[agreement]} if agreement in AGREEMENT else set())


@pytest.mark.parametrize("move", CarePlan.MOVES)
def test_only_a_reject_event_is_a_rejection(move):
    event = CarePlanEvent(kind=move)

    assert event.is_rejection == (move == "reject")


@pytest.mark.parametrize("status", Goal.Status)
def test_only_a_discontinued_goal_is_discontinued(status):
    goal = Goal(status=status)

    assert goal.is_discontinued == (status == Goal.Status.DISCONTINUED)


@pytest.mark.parametrize("status", Task.Status)
def test_a_task_is_only_in_its_own_status(status):
    task = Task(status=status)

    assert _true(task, TASK) == {TASK[status]}

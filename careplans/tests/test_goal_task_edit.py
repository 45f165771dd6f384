"""Editing a draft plan's goals and tasks, in place with htmx or as whole pages."""

import pytest
from django.urls import reverse

from assessments.models import Domain
from careplans.models import Goal, Task
from careplans.tests.lifecycle_helpers import HTMX, days, errors, goal_data, task_data
from careplans.tests.plan_factories import active_plan, draft_plan, submitted_plan

pytestmark = pytest.mark.django_db

READ_ONLY = (
    "This plan is not a draft, so its goals and tasks are read-only: revise it to change them."
)


def _housing() -> int:
    return Domain.objects.get(code="housing").pk


def _goal_add(plan) -> str:
    return reverse("careplans:goal_add", args=[plan.pk])


def _goal_edit(goal) -> str:
    return reverse("careplans:goal_edit", args=[goal.pk])


def _task_add(goal) -> str:
    return reverse("careplans:task_add", args=[goal.pk])


def _task_edit(task) -> str:
    return reverse("careplans:task_edit", args=[task.pk])


# ---------------------------------------------------------------------------------------------
# Goals


def test_adding_a_goal_to_a_draft_returns_to_the_plan(client, caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker, goals=0)
    client.force_login(caseworker)

    response = client.post(_goal_add(plan), goal_data(domain=_housing()))

    assert response.url == plan.get_absolute_url()
    goal = plan.goals.get()
    assert (goal.statement, goal.target, goal.target_date) == (
        "Move into a place of my own",
        "A signed lease",
        days(60),
    )
    assert goal.updated_by == caseworker


def test_adding_a_goal_with_htmx_returns_the_goals_section_with_it(client, caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker, goals=0)
    client.force_login(caseworker)

    response = client.post(_goal_add(plan), goal_data(domain=_housing()), **HTMX)

    assert response.status_code == 200
    assert 'id="goals"' in response.text
    assert "Move into a place of my own" in response.text
    assert "<html" not in response.text
    assert plan.goals.count() == 1


def test_a_goal_without_a_statement_is_shown_again_with_the_error(client, caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker, goals=0)
    client.force_login(caseworker)

    response = client.post(_goal_add(plan), goal_data(domain=_housing(), statement=""))

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not plan.goals.exists()


def test_an_invalid_goal_with_htmx_retargets_the_form(client, caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker, goals=0)
    client.force_login(caseworker)

    response = client.post(_goal_add(plan), goal_data(domain=_housing(), statement=""), **HTMX)

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#goal-form"
    assert 'id="goal-form"' in response.text
    assert "This field is required." in response.text
    assert not plan.goals.exists()


def test_editing_a_goal_saves_it_and_bumps_its_version(client, caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker)
    goal = plan.goals.get()
    client.force_login(caseworker)

    response = client.post(_goal_edit(goal), goal_data(goal, target="Lease signed by June"))

    assert response.url == plan.get_absolute_url()
    goal.refresh_from_db()
    assert (goal.target, goal.version) == ("Lease signed by June", 2)


def test_editing_a_goal_someone_changed_since_is_refused(client, caseworker, teammate, case_for):
    plan = draft_plan(case_for(), by=caseworker)
    goal = plan.goals.get()
    stale = goal_data(goal, target="My version")
    goal.target = "Their version"
    goal.save_version(expected_version=goal.version, by=teammate, fields=["target"])
    client.force_login(caseworker)

    response = client.post(_goal_edit(goal), stale)

    assert response.status_code == 200
    assert "changed this record" in response.text
    assert "Terry Mate" in response.text
    goal.refresh_from_db()
    assert (goal.target, goal.version) == ("Their version", 2)


# ---------------------------------------------------------------------------------------------
# Tasks


def test_adding_a_task_under_a_goal(client, caseworker, teammate, case_for):
    plan = draft_plan(case_for(), by=caseworker, goals=0)
    goal = Goal.objects.create(
        plan=plan, domain_id=_housing(), statement="A home", updated_by=caseworker
    )
    client.force_login(caseworker)

    response = client.post(
        _task_add(goal), task_data(goal, assignee=teammate.pk, responsible="client")
    )

    assert response.url == plan.get_absolute_url()
    task = goal.tasks.get()
    assert (task.description, task.case, task.assignee, task.responsible) == (
        "Call the landlord",
        plan.case,
        teammate,
        Task.Responsible.CLIENT,
    )
    assert (task.due_on, task.created_by, task.status) == (days(7), caseworker, Task.Status.OPEN)


def test_editing_a_task(client, caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker)
    task = Task.objects.get(goal__plan=plan)
    client.force_login(caseworker)

    response = client.post(
        _task_edit(task), task_data(task.goal, description="Visit the food bank", priority=3)
    )

    assert response.url == plan.get_absolute_url()
    task.refresh_from_db()
    assert (task.description, task.priority) == ("Visit the food bank", Task.Priority.HIGH)


def test_a_task_cannot_be_assigned_to_someone_off_the_cases_team(
    client, caseworker, outsider, case_for
):
    plan = draft_plan(case_for(), by=caseworker)
    goal = plan.goals.get()
    client.force_login(caseworker)

    response = client.post(_task_add(goal), task_data(goal, assignee=outsider.pk))

    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert not goal.tasks.filter(assignee=outsider).exists()
    assert goal.tasks.count() == 1


# ---------------------------------------------------------------------------------------------
# Plans that are no longer drafts


@pytest.fixture(params=["submitted", "active"])
def locked_plan(request, caseworker, supervisor, case_for):
    if request.param == "submitted":
        return submitted_plan(case_for(), by=caseworker)
    return active_plan(case_for(), by=caseworker, approver=supervisor)


def test_a_goal_cannot_be_added_to_a_plan_that_is_not_a_draft(client, caseworker, locked_plan):
    client.force_login(caseworker)

    response = client.post(_goal_add(locked_plan), goal_data(domain=_housing()))

    assert response.url == locked_plan.get_absolute_url()
    assert errors(response) == [READ_ONLY]
    assert locked_plan.goals.count() == 1


def test_a_goal_of_a_plan_that_is_not_a_draft_cannot_be_edited(client, caseworker, locked_plan):
    goal = locked_plan.goals.get()
    client.force_login(caseworker)

    response = client.post(_goal_edit(goal), goal_data(goal, statement="Changed"))

    assert response.url == locked_plan.get_absolute_url()
    assert errors(response) == [READ_ONLY]
    goal.refresh_from_db()
    assert (goal.statement, goal.version) == ("Goal number 1", 1)


def test_a_task_cannot_be_added_to_a_plan_that_is_not_a_draft(client, caseworker, locked_plan):
    goal = locked_plan.goals.get()
    client.force_login(caseworker)

    response = client.post(_task_add(goal), task_data(goal))

    assert response.url == locked_plan.get_absolute_url()
    assert errors(response) == [READ_ONLY]
    assert goal.tasks.count() == 1


def test_a_task_of_a_plan_that_is_not_a_draft_cannot_be_edited(client, caseworker, locked_plan):
    task = Task.objects.get(goal__plan=locked_plan)
    client.force_login(caseworker)

    response = client.post(_task_edit(task), task_data(task.goal, description="Changed"))

    assert response.url == task.get_absolute_url()
    assert errors(response) == ["Only open tasks of a draft plan can be edited."]
    task.refresh_from_db()
    assert task.description == "Task for goal 1"


# ---------------------------------------------------------------------------------------------
# Another team


def test_another_teams_plan_goal_and_task_are_404(client, caseworker, outsider, case_for):
    plan = draft_plan(case_for(), by=caseworker)
    goal = plan.goals.get()
    task = goal.tasks.get()
    client.force_login(outsider)

    responses = [
        client.post(_goal_add(plan), goal_data(domain=_housing())),
        client.post(_goal_edit(goal), goal_data(goal, statement="Changed")),
        client.post(_task_add(goal), task_data(goal)),
        client.post(_task_edit(task), task_data(goal, description="Changed")),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert (plan.goals.count(), goal.tasks.count()) == (1, 1)
    goal.refresh_from_db()
    task.refresh_from_db()
    assert (goal.statement, task.description) == ("Goal number 1", "Task for goal 1")

"""My tasks: the open tasks in force on the cases the user carries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careplans import services
from careplans.models import CarePlan, Task
from careplans.tests.factories import TaskFactory
from careplans.tests.lifecycle_helpers import HTMX, days, put_in
from careplans.tests.plan_factories import active_plan, draft_plan

pytestmark = pytest.mark.django_db

URL = reverse("careplans:my_tasks")


def _listed(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [task.description for task in response.context["page"].object_list]


def test_lists_open_tasks_of_the_cases_the_user_carries_overdue_first(
    client, caseworker, teammate, case_for
):
    carried = case_for()
    on_care_team = case_for(primary_case_manager=teammate, care_team=[caseworker])
    TaskFactory(case=carried, description="Due soon", due_on=days(3))
    TaskFactory(case=carried, description="No date", due_on=None)
    TaskFactory(case=on_care_team, description="Overdue", due_on=days(-2))
    client.force_login(caseworker)

    listed = _listed(client)

    assert listed == ["Overdue", "Due soon", "No date"]


def test_includes_open_tasks_of_the_active_plan(client, caseworker, supervisor, case_for):
    active_plan(case_for(), by=caseworker, approver=supervisor)
    client.force_login(caseworker)

    assert _listed(client) == ["Task for goal 1"]


def test_leaves_out_done_and_cancelled_tasks(client, caseworker, case_for):
    case = case_for()
    TaskFactory(case=case, description="Done").complete(by=caseworker)
    cancelled = TaskFactory(case=case, description="Cancelled")
    Task.objects.filter(pk=cancelled.pk).update(status=Task.Status.CANCELLED)
    TaskFactory(case=case, description="Open")
    client.force_login(caseworker)

    assert _listed(client) == ["Open"]


def test_leaves_out_tasks_of_a_draft_plan(client, caseworker, case_for):
    draft_plan(case_for(), by=caseworker)
    client.force_login(caseworker)

    assert _listed(client) == []


def test_leaves_out_open_tasks_of_a_superseded_plan(client, caseworker, supervisor, case_for):
    plan = active_plan(case_for(), by=caseworker, approver=supervisor)
    put_in(plan, CarePlan.Status.SUPERSEDED)
    client.force_login(caseworker)

    assert _listed(client) == []


def test_a_revised_plans_task_is_listed_once_from_the_version_in_force(
    client, caseworker, supervisor, case_for
):
    v1 = active_plan(case_for(), by=caseworker, approver=supervisor)
    v2 = services.revise_plan(plan=v1, by=caseworker)
    v2.submit(by=caseworker)
    v2.approve(by=supervisor)
    client.force_login(caseworker)

    response = client.get(URL)

    [task] = response.context["page"].object_list
    assert (task.description, task.goal.plan_id) == ("Task for goal 1", v2.pk)


def test_leaves_out_other_case_managers_cases(client, caseworker, teammate, case_for):
    TaskFactory(case=case_for(primary_case_manager=teammate), description="Terry's")
    client.force_login(caseworker)

    assert _listed(client) == []


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("overdue", ["Yesterday"]),
        ("7", ["Yesterday", "In 5 days"]),
        ("30", ["Yesterday", "In 5 days", "In 20 days"]),
        ("all", ["Yesterday", "In 5 days", "In 20 days", "In 60 days", "Undated"]),
    ],
)
def test_filters_by_due_date(due, expected, client, caseworker, case_for):
    case = case_for()
    for description, due_on in [
        ("In 20 days", days(20)),
        ("Undated", None),
        ("Yesterday", days(-1)),
        ("In 60 days", days(60)),
        ("In 5 days", days(5)),
    ]:
        TaskFactory(case=case, description=description, due_on=due_on)
    client.force_login(caseworker)

    assert _listed(client, due=due) == expected


def test_completing_from_the_list_returns_the_row_with_the_client_and_who_did_it(
    client, caseworker, case_for
):
    case = case_for()
    task = TaskFactory(case=case, description="Book the dentist")
    client.force_login(caseworker)

    response = client.post(
        reverse("careplans:task_complete", args=[task.pk]), {"show_case": "1"}, **HTMX
    )

    assert response.status_code == 200
    assert f'id="task-{task.pk}"' in response.text
    assert case.client.display_name in response.text
    assert "Done by Casey Worker" in response.text
    task.refresh_from_db()
    assert task.status == Task.Status.DONE


def test_query_count_does_not_grow_with_tasks(client, caseworker, teammate, supervisor, case_for):
    def add_tasks(rounds: int):
        """Per round two cases: one with its active plan's task, one with a task of its own."""
        for _ in range(rounds):
            active_plan(case_for(), by=caseworker, approver=supervisor)
            TaskFactory(case=case_for(primary_case_manager=teammate, care_team=[caseworker]))

    client.force_login(caseworker)
    add_tasks(1)
    with CaptureQueriesContext(connection) as few:
        assert len(_listed(client)) == 2
    add_tasks(3)

    with CaptureQueriesContext(connection) as many:
        assert len(_listed(client)) == 8

    assert len(many) == len(few)

"""The supervisors' approval queue, and approving or rejecting from it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careplans.models import CarePlan
from careplans.tests.lifecycle_helpers import errors
from careplans.tests.plan_factories import draft_plan, submitted_plan

pytestmark = pytest.mark.django_db

QUEUE = reverse("careplans:approvals")


def _approve(plan) -> str:
    return reverse("careplans:approve", args=[plan.pk])


def _reject(plan) -> str:
    return reverse("careplans:reject", args=[plan.pk])


def _queued(response) -> list[CarePlan]:
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_the_queue_shows_the_submitted_plans_of_the_supervisors_teams_only(
    client, caseworker, supervisor, outsider, other_team, case_for
):
    waiting = submitted_plan(case_for(), by=caseworker)
    draft_plan(case_for(), by=caseworker)
    submitted_plan(case_for(team=other_team, primary_case_manager=outsider), by=outsider)
    client.force_login(supervisor)

    response = client.get(QUEUE)

    assert _queued(response) == [waiting]
    assert waiting.case.client.display_name in response.text


def test_a_case_manager_sees_an_empty_queue(client, caseworker, case_for):
    submitted_plan(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.get(QUEUE)

    assert _queued(response) == []
    assert "No plans are waiting for your approval." in response.text


def test_approving_from_the_queue_returns_to_it_and_puts_the_plan_in_force(
    client, caseworker, supervisor, case_for
):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(supervisor)

    response = client.post(_approve(plan), {"next": "approvals"})

    assert response.url == QUEUE
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (CarePlan.Status.ACTIVE, supervisor)


def test_approving_from_the_plan_page_returns_to_the_plan(client, caseworker, supervisor, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(supervisor)

    response = client.post(_approve(plan))

    assert response.url == plan.get_absolute_url()


def test_rejecting_from_the_queue_with_a_comment_returns_the_plan_to_draft(
    client, caseworker, supervisor, case_for
):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(supervisor)

    response = client.post(_reject(plan), {"next": "approvals", "comment": "Add a target date."})

    assert response.url == QUEUE
    plan.refresh_from_db()
    assert plan.status == CarePlan.Status.DRAFT
    assert plan.events.first().note == "Add a target date."


def test_rejecting_without_a_comment_shows_the_comment_page_with_an_error(
    client, caseworker, supervisor, case_for
):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(supervisor)

    response = client.post(_reject(plan), {"next": "approvals", "comment": ""})

    assert response.status_code == 200
    assert "Return the plan to its author" in response.text
    assert "This field is required." in response.text
    plan.refresh_from_db()
    assert plan.status == CarePlan.Status.SUBMITTED


def test_a_case_manager_approving_gets_an_error_and_the_plan_stays_submitted(
    client, caseworker, case_for
):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.post(_approve(plan))

    assert response.url == plan.get_absolute_url()
    assert errors(response) == ["Only a supervisor of the case's team can approve or reject."]
    plan.refresh_from_db()
    assert plan.status == CarePlan.Status.SUBMITTED


def test_query_count_does_not_grow_with_queued_plans(client, caseworker, supervisor, case_for):
    def queue_plans(n: int):
        for _ in range(n):
            submitted_plan(case_for(), by=caseworker)

    client.force_login(supervisor)
    queue_plans(2)
    with CaptureQueriesContext(connection) as few:
        assert len(_queued(client.get(QUEUE))) == 2
    queue_plans(4)

    with CaptureQueriesContext(connection) as many:
        assert len(_queued(client.get(QUEUE))) == 6

    assert len(many) == len(few)

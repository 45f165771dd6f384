"""The plan page: goals by domain with their tasks, the actions the user may take, history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careplans import services
from careplans.models import CarePlan, Goal, Task
from careplans.tests.lifecycle_helpers import days
from careplans.tests.plan_factories import add_goal, draft_plan, submitted_plan

pytestmark = pytest.mark.django_db


def _approve(plan) -> str:
    return reverse("careplans:approve", args=[plan.pk])


def _reject(plan) -> str:
    return reverse("careplans:reject", args=[plan.pk])


def _heading(domain: str) -> str:
    return f'<h3 class="h6 text-uppercase text-body-secondary mt-3">{domain}</h3>'


def test_shows_the_goals_grouped_by_domain_with_their_tasks(client, caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker, goals=0)
    add_goal(plan, by=caseworker, statement="Pay the rent", tasks=("Set up a standing order",))
    add_goal(plan, by=caseworker, statement="Eat well", domain="food", tasks=("Visit food bank",))
    add_goal(plan, by=caseworker, statement="Fix the heating", tasks=("Call the landlord",))
    client.force_login(caseworker)

    response = client.get(plan.get_absolute_url())

    assert response.status_code == 200
    text = response.text
    order = [
        _heading("Housing"),
        "Pay the rent",
        "Set up a standing order",
        "Fix the heating",
        "Call the landlord",
        _heading("Food"),
        "Eat well",
        "Visit food bank",
    ]
    positions = [text.index(fragment) for fragment in order]
    assert positions == sorted(positions)
    assert text.count(_heading("Housing")) == 1


def test_a_rejected_draft_shows_the_supervisors_comment(client, caseworker, supervisor, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    plan.reject(by=supervisor, comment="The food goal needs a measurable target.")
    client.force_login(caseworker)

    response = client.get(plan.get_absolute_url())

    assert "Returned by Sam Super" in response.text
    assert "The food goal needs a measurable target." in response.text


def test_a_resubmitted_plan_no_longer_shows_the_rejection_banner(
    client, caseworker, supervisor, case_for
):
    plan = submitted_plan(case_for(), by=caseworker)
    plan.reject(by=supervisor, comment="Needs a date.")
    plan.submit(by=caseworker)
    client.force_login(caseworker)

    response = client.get(plan.get_absolute_url())

    assert 'id="returned"' not in response.text


@pytest.mark.parametrize(
    ("unready", "hint"),
    [
        (1, "1 goal still needs a target and a date."),
        (2, "2 goals still need a target and a date."),
    ],
)
def test_the_submit_hint_counts_the_goals_lacking_a_target_or_a_date(
    unready, hint, client, caseworker, case_for
):
    plan = draft_plan(case_for(), by=caseworker)
    for n in range(unready):
        add_goal(plan, by=caseworker, statement=f"Unready {n}", target="")
    client.force_login(caseworker)

    response = client.get(plan.get_absolute_url())

    assert hint in response.text


def test_a_draft_without_goals_hints_to_add_one(client, caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker, goals=0)
    client.force_login(caseworker)

    response = client.get(plan.get_absolute_url())

    assert "Add a goal first." in response.text


def test_a_supervisor_of_the_team_sees_approve_and_reject_on_a_submitted_plan(
    client, caseworker, supervisor, case_for
):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(supervisor)

    response = client.get(plan.get_absolute_url())

    assert f'action="{_approve(plan)}"' in response.text
    assert f'href="{_reject(plan)}"' in response.text


def test_a_case_manager_sees_no_approve_or_reject(client, caseworker, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.get(plan.get_absolute_url())

    assert _approve(plan) not in response.text
    assert _reject(plan) not in response.text
    assert "Waiting for a supervisor of North Team to approve it." in response.text


def test_another_teams_plan_is_404(client, caseworker, outsider, case_for):
    plan = draft_plan(case_for(), by=caseworker)
    client.force_login(outsider)

    response = client.get(plan.get_absolute_url())

    assert response.status_code == 404


def _busy_plan(case, *, by, approver, goals: int, tasks: int, reviews: int) -> CarePlan:
    """An active plan that went through a rejection, with `goals` goals (two domains) of `tasks`
    tasks each (one done), and `reviews` progress reviews noting every goal."""
    plan = draft_plan(case, by=by, goals=0)
    for n in range(goals):
        add_goal(
            plan,
            by=by,
            statement=f"Goal {n}",
            domain=("housing", "food")[n % 2],
            tasks=tuple(f"Task {n}.{t}" for t in range(tasks)),
        )
    Task.objects.filter(goal__plan=plan).first().complete(by=by)
    plan.submit(by=by)
    plan.reject(by=approver, comment="Add more detail.")
    plan.submit(by=by)
    plan.approve(by=approver)
    for r in range(reviews):
        services.record_review(
            plan=plan,
            by=by,
            reviewed_on=days(-10 + r),
            summary=f"Review {r}",
            next_review_on=days(30),
            updates=dict.fromkeys(plan.goals.all(), (Goal.Status.IN_PROGRESS, f"Note {r}")),
        )
    return plan


def test_query_count_does_not_grow_with_goals_tasks_reviews_and_events(
    client, caseworker, supervisor, case_for
):
    small = _busy_plan(case_for(), by=caseworker, approver=supervisor, goals=2, tasks=2, reviews=1)
    large = _busy_plan(case_for(), by=caseworker, approver=supervisor, goals=6, tasks=4, reviews=3)
    client.force_login(caseworker)
    client.get(small.get_absolute_url())  # warm the session and the content types

    with CaptureQueriesContext(connection) as few:
        assert client.get(small.get_absolute_url()).status_code == 200
    with CaptureQueriesContext(connection) as many:
        response = client.get(large.get_absolute_url())

    assert response.text.count("Note 2") == 6
    assert len(many) == len(few)
    assert len(many) <= 20, len(many)


def test_the_history_reads_as_decisions(client, caseworker, supervisor, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    plan.reject(by=supervisor, comment="Add a childcare goal.")
    plan.submit(by=caseworker)
    plan.approve(by=supervisor)
    client.force_login(caseworker)

    response = client.get(plan.get_absolute_url())

    history = response.text[response.text.index('id="plan-history-heading"') :]
    assert f"Approved by {supervisor}" in history
    assert f"Returned by {supervisor}: " in history
    assert "Add a childcare goal." in history
    assert f"Submitted for approval by {caseworker}" in history
    assert history.index("Approved by") < history.index("Returned by")

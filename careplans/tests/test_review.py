"""Recording a progress review of the active plan."""

import pytest
from django.urls import reverse

from careplans import services
from careplans.models import CarePlan, Goal, GoalProgress, ProgressReview
from careplans.tests.lifecycle_helpers import days, errors
from careplans.tests.plan_factories import draft_plan
from casemgmt.versioning import StaleVersion

pytestmark = pytest.mark.django_db


def _url(plan) -> str:
    return reverse("careplans:review", args=[plan.pk])


def _review(goals: list[Goal], **overrides) -> dict:
    """A review today, next in 30 days, every goal in progress without a note; overridden."""
    data = {
        "reviewed_on": days(0).isoformat(),
        "summary": "Steady progress on housing.",
        "next_review_on": days(30).isoformat(),
    }
    for goal in goals:
        data |= {f"status_{goal.pk}": Goal.Status.IN_PROGRESS, f"note_{goal.pk}": ""}
    return data | overrides


@pytest.fixture
def plan(caseworker, supervisor, case_for) -> CarePlan:
    """An active plan with two goals."""
    plan = draft_plan(case_for(), by=caseworker, goals=2)
    plan.submit(by=caseworker)
    plan.approve(by=supervisor)
    return plan


def test_a_review_records_each_goals_status_and_the_next_review_date(client, caseworker, plan):
    first, second = plan.goals.order_by("pk")
    client.force_login(caseworker)

    response = client.post(
        _url(plan),
        _review(
            [first, second],
            **{
                f"status_{first.pk}": Goal.Status.ACHIEVED,
                f"note_{first.pk}": "Lease signed.",
            },
        ),
    )

    assert response.url == plan.get_absolute_url()
    review = ProgressReview.objects.get(plan=plan)
    assert (review.reviewer, review.reviewed_on, review.next_review_on) == (
        caseworker,
        days(0),
        days(30),
    )
    assert review.summary == "Steady progress on housing."
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Goal.Status.ACHIEVED, Goal.Status.IN_PROGRESS)
    notes = {(p.goal, p.status, p.note, p.author) for p in review.updates.all()}
    assert notes == {
        (first, Goal.Status.ACHIEVED, "Lease signed.", caseworker),
        (second, Goal.Status.IN_PROGRESS, "", caseworker),
    }
    plan.refresh_from_db()
    assert plan.review_due_on == days(30)


@pytest.mark.parametrize("next_in", [0, -1], ids=["same day", "before"])
def test_the_next_review_must_come_after_this_one(next_in, client, caseworker, plan):
    due_before = plan.review_due_on
    client.force_login(caseworker)

    response = client.post(
        _url(plan), _review(list(plan.goals.all()), next_review_on=days(next_in).isoformat())
    )

    assert response.status_code == 200
    assert "The next review comes after this one." in response.text
    assert not ProgressReview.objects.filter(plan=plan).exists()
    plan.refresh_from_db()
    assert plan.review_due_on == due_before


def test_discontinuing_a_goal_needs_a_note(client, caseworker, plan):
    goal = plan.goals.order_by("pk").first()
    client.force_login(caseworker)

    response = client.post(
        _url(plan),
        _review(list(plan.goals.all()), **{f"status_{goal.pk}": Goal.Status.DISCONTINUED}),
    )

    assert response.status_code == 200
    assert "Say why this goal is discontinued." in response.text
    assert not ProgressReview.objects.filter(plan=plan).exists()
    assert not GoalProgress.objects.filter(goal__plan=plan).exists()
    goal.refresh_from_db()
    assert goal.status == Goal.Status.NOT_STARTED


def test_discontinuing_a_goal_with_a_note_keeps_the_reason(client, caseworker, plan):
    goal = plan.goals.order_by("pk").first()
    client.force_login(caseworker)

    client.post(
        _url(plan),
        _review(
            list(plan.goals.all()),
            **{
                f"status_{goal.pk}": Goal.Status.DISCONTINUED,
                f"note_{goal.pk}": "Client moved in with family.",
            },
        ),
    )

    goal.refresh_from_db()
    assert (goal.status, goal.discontinued_reason) == (
        Goal.Status.DISCONTINUED,
        "Client moved in with family.",
    )


def test_a_draft_plan_is_not_reviewed(client, caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.post(_url(plan), _review(list(plan.goals.all())))

    assert response.url == plan.get_absolute_url()
    assert errors(response) == ["Only the active plan is reviewed."]
    assert not ProgressReview.objects.filter(plan=plan).exists()


def test_another_teams_plan_is_404(client, outsider, plan):
    client.force_login(outsider)

    response = client.get(_url(plan))

    assert response.status_code == 404


def test_a_status_a_review_writes_moves_the_goals_version_on(client, caseworker, plan):
    first, second = plan.goals.order_by("pk")
    client.force_login(caseworker)

    client.post(_url(plan), _review([first, second]))

    first.refresh_from_db()
    assert (first.status, first.version, first.updated_by) == (
        Goal.Status.IN_PROGRESS,
        2,
        caseworker,
    )


def test_a_goal_saved_from_a_form_opened_before_the_review_is_refused(caseworker, plan):
    goal = plan.goals.order_by("pk").first()
    opened_at = goal.version
    services.record_review(
        plan=plan,
        by=caseworker,
        reviewed_on=days(0),
        summary="Review",
        next_review_on=days(30),
        updates={goal: (Goal.Status.ACHIEVED, "Done")},
    )
    goal.status = Goal.Status.NOT_STARTED

    with pytest.raises(StaleVersion):
        goal.save_version(expected_version=opened_at, by=caseworker, fields=["status"])

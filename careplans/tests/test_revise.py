"""Revising an active plan into its next version, and what approving that version does."""

import pytest
from django.urls import reverse
from django.utils import timezone

from careplans import services
from careplans.models import CarePlan, Goal, Task
from careplans.tests.lifecycle_helpers import errors
from careplans.tests.plan_factories import active_plan, add_goal, draft_plan, submitted_plan
from casemgmt.transitions import InvalidTransition

pytestmark = pytest.mark.django_db


def _plan_with_two_tasks(case, *, by, approver) -> CarePlan:
    """An active plan: one goal with the tasks "Call the landlord" and "Apply for a voucher"."""
    plan = draft_plan(case, by=by, goals=0)
    add_goal(plan, by=by, tasks=("Call the landlord", "Apply for a voucher"))
    plan.submit(by=by)
    plan.approve(by=approver)
    return plan


def _task(plan: CarePlan, description: str) -> Task:
    return Task.objects.get(goal__plan=plan, description=description)


def _approve(revision: CarePlan, *, by, approver) -> None:
    revision.submit(by=by)
    revision.approve(by=approver)


# ---------------------------------------------------------------------------------------------
# The copy


def test_revising_an_active_plan_makes_the_next_version_as_a_draft(
    caseworker, supervisor, case_for
):
    v1 = active_plan(case_for(), by=caseworker, approver=supervisor)

    v2 = services.revise_plan(plan=v1, by=caseworker)

    assert (v2.number, v2.status, v2.revises, v2.author) == (
        2,
        CarePlan.Status.DRAFT,
        v1,
        caseworker,
    )


def test_the_revision_copies_the_goals_and_remembers_where_from(caseworker, supervisor, case_for):
    v1 = active_plan(case_for(), by=caseworker, approver=supervisor)
    add_goal(v1, by=caseworker, statement="Second goal", domain="food")

    v2 = services.revise_plan(plan=v1, by=caseworker)

    copies = {(g.statement, g.copied_from) for g in v2.goals.all()}
    assert copies == {(g.statement, g) for g in v1.goals.all()}
    assert len(copies) == 2


def test_the_revision_copies_only_the_open_tasks(caseworker, supervisor, case_for):
    v1 = _plan_with_two_tasks(case_for(), by=caseworker, approver=supervisor)
    _task(v1, "Call the landlord").complete(by=caseworker)

    v2 = services.revise_plan(plan=v1, by=caseworker)

    copy = Task.objects.get(goal__plan=v2)
    assert (copy.description, copy.copied_from) == (
        "Apply for a voucher",
        _task(v1, "Apply for a voucher"),
    )
    assert copy.status == Task.Status.OPEN


def test_the_old_version_stays_in_force_and_unchanged_while_the_revision_is_edited(
    caseworker, supervisor, case_for
):
    v1 = _plan_with_two_tasks(case_for(), by=caseworker, approver=supervisor)
    v2 = services.revise_plan(plan=v1, by=caseworker)
    copy = v2.goals.get()

    copy.statement = "Buy a house"
    copy.save_version(expected_version=copy.version, by=caseworker, fields=["statement"])
    add_goal(v2, by=caseworker, statement="New goal", tasks=("New task",))

    v1.refresh_from_db()
    assert v1.status == CarePlan.Status.ACTIVE
    assert [g.statement for g in v1.goals.all()] == ["Find a stable place to live"]
    tasks = Task.objects.filter(goal__plan=v1).order_by("pk")
    assert [(t.description, t.status) for t in tasks] == [
        ("Call the landlord", Task.Status.OPEN),
        ("Apply for a voucher", Task.Status.OPEN),
    ]


# ---------------------------------------------------------------------------------------------
# Approving the revision


def test_approving_the_revision_supersedes_the_old_version(caseworker, supervisor, case_for):
    v1 = active_plan(case_for(), by=caseworker, approver=supervisor)
    v2 = services.revise_plan(plan=v1, by=caseworker)

    _approve(v2, by=caseworker, approver=supervisor)

    v1.refresh_from_db()
    assert (v1.status, v1.ended_on) == (CarePlan.Status.SUPERSEDED, timezone.localdate())
    event = v1.events.first()
    assert (event.kind, event.actor, event.note) == (
        "supersede",
        supervisor,
        "Replaced by version 2.",
    )
    assert v2.status == CarePlan.Status.ACTIVE


def test_approving_the_revision_cancels_the_old_versions_open_tasks(
    caseworker, supervisor, case_for
):
    v1 = _plan_with_two_tasks(case_for(), by=caseworker, approver=supervisor)
    v2 = services.revise_plan(plan=v1, by=caseworker)

    _approve(v2, by=caseworker, approver=supervisor)

    statuses = {t.description: t.status for t in Task.objects.filter(goal__plan=v1)}
    assert statuses == {
        "Call the landlord": Task.Status.CANCELLED,
        "Apply for a voucher": Task.Status.CANCELLED,
    }
    copies = {t.description: t.status for t in Task.objects.filter(goal__plan=v2)}
    assert copies == {
        "Call the landlord": Task.Status.OPEN,
        "Apply for a voucher": Task.Status.OPEN,
    }


def test_a_task_done_on_the_old_version_meanwhile_is_done_on_the_new_one(
    caseworker, teammate, supervisor, case_for
):
    v1 = _plan_with_two_tasks(case_for(), by=caseworker, approver=supervisor)
    v2 = services.revise_plan(plan=v1, by=caseworker)
    done = _task(v1, "Call the landlord")
    done.complete(by=teammate)

    _approve(v2, by=caseworker, approver=supervisor)

    copy = _task(v2, "Call the landlord")
    assert (copy.status, copy.completed_by, copy.completed_at) == (
        Task.Status.DONE,
        teammate,
        done.completed_at,
    )
    done.refresh_from_db()
    assert done.status == Task.Status.DONE


# ---------------------------------------------------------------------------------------------
# What cannot be revised


def _draft(case, caseworker, supervisor):
    return draft_plan(case, by=caseworker)


def _submitted(case, caseworker, supervisor):
    return submitted_plan(case, by=caseworker)


def _superseded(case, caseworker, supervisor):
    v1 = active_plan(case, by=caseworker, approver=supervisor)
    _approve(services.revise_plan(plan=v1, by=caseworker), by=caseworker, approver=supervisor)
    v1.refresh_from_db()
    return v1


def _completed(case, caseworker, supervisor):
    plan = active_plan(case, by=caseworker, approver=supervisor)
    plan.complete(by=caseworker, note="Goals met")
    return plan


@pytest.mark.parametrize(
    "make", [_draft, _submitted, _superseded, _completed], ids=lambda f: f.__name__[1:]
)
def test_only_the_active_plan_can_be_revised(make, caseworker, supervisor, case_for):
    case = case_for()
    plan = make(case, caseworker, supervisor)
    plans_before = case.care_plans.count()

    with pytest.raises(InvalidTransition) as refused:
        services.revise_plan(plan=plan, by=caseworker)

    assert str(refused.value) == "Only the active plan can be revised."
    assert case.care_plans.count() == plans_before


def test_a_second_revision_while_the_first_is_a_draft_is_refused(
    client, caseworker, supervisor, case_for
):
    v1 = active_plan(case_for(), by=caseworker, approver=supervisor)
    services.revise_plan(plan=v1, by=caseworker)
    client.force_login(caseworker)

    response = client.post(reverse("careplans:revise", args=[v1.pk]))

    assert response.url == v1.get_absolute_url()
    assert errors(response) == [
        "This case already has a plan in the works (a draft or one awaiting approval): "
        "finish that one first."
    ]
    assert v1.case.care_plans.count() == 2


def test_revising_through_the_page_opens_the_new_draft(client, caseworker, supervisor, case_for):
    v1 = active_plan(case_for(), by=caseworker, approver=supervisor)
    client.force_login(caseworker)

    response = client.post(reverse("careplans:revise", args=[v1.pk]))

    v2 = CarePlan.objects.get(revises=v1)
    assert response.url == v2.get_absolute_url()


def test_the_superseded_versions_page_still_shows_its_goals(
    client, caseworker, supervisor, case_for
):
    v1 = active_plan(case_for(), by=caseworker, approver=supervisor)
    v2 = services.revise_plan(plan=v1, by=caseworker)
    Goal.objects.filter(plan=v2).update(statement="A rewritten goal")
    _approve(v2, by=caseworker, approver=supervisor)
    client.force_login(caseworker)

    response = client.get(v1.get_absolute_url())

    assert response.status_code == 200
    assert "Goal number 1" in response.text
    assert "A rewritten goal" not in response.text
    assert "This version was replaced" in response.text

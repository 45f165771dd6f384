"""The approval round tells the people who act next (issue 12): a submitted plan its team's
supervisors, a returned or approved one its author and the case's primary case manager, in the
app at once through the reminder outbox."""

import pytest
from django.urls import reverse

from careplans import services
from careplans.tests.plan_factories import draft_plan, submitted_plan
from reminders.models import Notification

pytestmark = pytest.mark.django_db


def _told(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def test_submitting_tells_the_teams_supervisors(caseworker, supervisor, case_for):
    plan = draft_plan(case_for(), by=caseworker)

    services.submit_plan(plan=plan, by=caseworker)

    [notification] = _told(supervisor)
    assert notification.kind == "plan_submitted"
    assert notification.url == plan.get_absolute_url()
    assert notification.case_id == plan.case_id
    assert f"Submitted for approval by {caseworker}" in notification.body


def test_submitting_does_not_tell_the_one_who_submitted(caseworker, supervisor, case_for):
    plan = draft_plan(case_for(), by=caseworker)

    services.submit_plan(plan=plan, by=caseworker)

    assert _told(caseworker) == []


def test_submitting_tells_no_supervisor_of_another_team(
    caseworker, supervisor, other_supervisor, case_for
):
    services.submit_plan(plan=draft_plan(case_for(), by=caseworker), by=caseworker)

    assert _told(other_supervisor) == []


def test_returning_tells_the_author_what_needs_to_change(caseworker, supervisor, case_for):
    plan = submitted_plan(case_for(), by=caseworker)

    services.return_plan(plan=plan, by=supervisor, comment="Add a childcare goal.")

    [notification] = _told(caseworker)
    assert notification.kind == "plan_returned"
    assert notification.body == f"Returned by {supervisor}: Add a childcare goal."


def test_approving_tells_the_author_and_the_primary_case_manager(
    caseworker, teammate, supervisor, case_for
):
    plan = submitted_plan(case_for(primary_case_manager=teammate), by=caseworker)

    services.approve_plan(plan=plan, by=supervisor)

    assert [n.kind for n in _told(caseworker)] == ["plan_approved"]
    assert [n.kind for n in _told(teammate)] == ["plan_approved"]


def test_a_plan_submitted_again_after_its_return_is_told_again(caseworker, supervisor, case_for):
    plan = draft_plan(case_for(), by=caseworker)
    services.submit_plan(plan=plan, by=caseworker)
    services.return_plan(plan=plan, by=supervisor, comment="Needs a date.")

    services.submit_plan(plan=plan, by=caseworker)

    assert [n.kind for n in _told(supervisor)] == ["plan_submitted", "plan_submitted"]


def test_the_submit_button_tells_the_supervisors(client, caseworker, supervisor, case_for):
    plan = draft_plan(case_for(), by=caseworker)
    client.force_login(caseworker)

    client.post(reverse("careplans:submit", args=[plan.pk]))

    assert [n.kind for n in _told(supervisor)] == ["plan_submitted"]


def test_returning_from_the_queue_tells_the_author(client, caseworker, supervisor, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(supervisor)

    client.post(reverse("careplans:reject", args=[plan.pk]), {"comment": "Add a target."})

    assert [n.kind for n in _told(caseworker)] == ["plan_returned"]


def test_approving_from_the_queue_tells_the_author(client, caseworker, supervisor, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(supervisor)

    client.post(reverse("careplans:approve", args=[plan.pk]), {"next": "approvals"})

    assert [n.kind for n in _told(caseworker)] == ["plan_approved"]


def test_a_refused_submission_tells_no_one(caseworker, supervisor, case_for):
    plan = draft_plan(case_for(), by=caseworker, goals=0)

    with pytest.raises(Exception, match="Add at least one goal"):
        services.submit_plan(plan=plan, by=caseworker)

    assert _told(supervisor) == []

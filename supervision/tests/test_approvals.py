"""The team's one approvals queue (issue 15): closures signed off or returned, emergency
accesses and discharge overrides marked reviewed, declined transfers and submitted plans
listed; a supervisor sees only their teams'."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from careplans.tests.plan_factories import submitted_plan
from casemgmt.transitions import InvalidTransition
from cases.models import Case, CaseEvent, ClosureRequest, EmergencyAccess
from cases.services import request_closure, return_closure, sign_off_closure
from cases.tests.factories import CaseFactory
from discharge.services import discharge_patient
from discharge.tests.factories import AdmissionFactory
from reminders.models import Notification
from supervision.approvals import mark_reviewed, queue
from supervision.models import Review, Transfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_off_program(team):
    team.program.closure_sign_off = True
    team.program.save()
    return team.program


def _case(team, manager, **fields):
    return CaseFactory(team=team, program=team.program, primary_case_manager=manager, **fields)


def _close(client, case):
    return client.post(
        reverse("cases:transition", args=[case.pk, "close"]),
        {"reason": Case.ClosureReason.GOALS_MET, "note": "Housed and stable"},
    )


def test_a_case_managers_closure_waits_for_sign_off_where_the_program_wants_it(
    client, team, signed_off_program, caseworker, supervisor
):
    case = _case(team, caseworker, status=Case.Status.ACTIVE)
    client.force_login(caseworker)

    _close(client, case)

    case.refresh_from_db()
    assert case.is_open
    closure = ClosureRequest.objects.get()
    assert (closure.reason, closure.requested_by) == (Case.ClosureReason.GOALS_MET, caseworker)
    titles = Notification.objects.filter(recipient=supervisor).values_list("title", flat=True)
    assert list(titles) == [f"Closure to sign off: {case.client.display_name}"]


def test_without_the_program_rule_a_case_manager_closes_at_once(client, team, caseworker):
    case = _case(team, caseworker, status=Case.Status.ACTIVE)
    client.force_login(caseworker)

    _close(client, case)

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_a_supervisor_closes_without_asking_anyone(
    client, team, signed_off_program, caseworker, supervisor
):
    case = _case(team, caseworker, status=Case.Status.ACTIVE)
    client.force_login(supervisor)

    _close(client, case)

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_signing_off_closes_the_case_as_asked_and_tells_the_asker(
    team, signed_off_program, caseworker, supervisor
):
    case = _case(team, caseworker, status=Case.Status.ACTIVE)
    closure = request_closure(case=case, by=caseworker, reason="goals_met", note="Housed")

    sign_off_closure(request=closure, by=supervisor)

    case.refresh_from_db()
    event = case.events.get(kind="close")
    assert (case.status, case.closure_reason, event.actor) == ("closed", "goals_met", supervisor)
    assert "signed off by Sam Super" in event.note
    assert Notification.objects.filter(
        recipient=caseworker, title=f"Closure signed off: {case.client.display_name}"
    ).exists()


def test_returning_a_closure_needs_a_comment_and_keeps_the_case_open(
    team, signed_off_program, caseworker, supervisor
):
    case = _case(team, caseworker, status=Case.Status.ACTIVE)
    closure = request_closure(case=case, by=caseworker, reason="goals_met")

    with pytest.raises(InvalidTransition):
        return_closure(request=closure, by=supervisor, comment="")
    return_closure(request=closure, by=supervisor, comment="Do the discharge summary first")

    closure.refresh_from_db()
    case.refresh_from_db()
    assert (closure.status, case.is_open) == (ClosureRequest.Status.RETURNED, True)


def test_a_case_manager_cannot_sign_off_a_closure(team, signed_off_program, caseworker):
    closure = request_closure(
        case=_case(team, caseworker, status="active"), by=caseworker, reason="goals_met"
    )

    with pytest.raises(InvalidTransition, match="Only a supervisor"):
        sign_off_closure(request=closure, by=caseworker)


def test_a_case_has_one_closure_awaiting_sign_off(team, signed_off_program, caseworker):
    case = _case(team, caseworker, status="active")
    request_closure(case=case, by=caseworker, reason="goals_met")

    with pytest.raises(InvalidTransition, match="already awaits"):
        request_closure(case=case, by=caseworker, reason="moved")


def test_a_reopened_case_keeps_its_whole_timeline(team, signed_off_program, caseworker, supervisor):
    case = _case(team, caseworker, status="active")
    case.events.create(kind=CaseEvent.OPENED, to_status="active", actor=caseworker)
    sign_off_closure(
        request=request_closure(case=case, by=caseworker, reason="goals_met"), by=supervisor
    )

    case.reopen(by=caseworker, note="Evicted again")

    kinds = list(case.events.order_by("created_at", "pk").values_list("kind", flat=True))
    assert kinds == ["opened", "close", "reopen"]


def test_the_queue_signs_off_a_closure_from_its_button(
    client, team, signed_off_program, caseworker, supervisor
):
    case = _case(team, caseworker, status="active")
    closure = request_closure(case=case, by=caseworker, reason="goals_met")
    client.force_login(supervisor)

    page = client.get(reverse("supervision:approvals"))
    response = client.post(reverse("supervision:closure_decide", args=[closure.pk, "sign_off"]))

    assert page.context["closures"] == [closure]
    assert response.url == case.get_absolute_url()
    case.refresh_from_db()
    assert case.status == "closed"


def test_another_teams_closure_is_404(
    client, team, signed_off_program, caseworker, other_supervisor
):
    closure = request_closure(
        case=_case(team, caseworker, status="active"), by=caseworker, reason="goals_met"
    )
    client.force_login(other_supervisor)

    url = reverse("supervision:closure_decide", args=[closure.pk, "sign_off"])
    assert client.post(url).status_code == 404


def test_an_emergency_access_stays_on_the_queue_until_reviewed(
    team, caseworker, supervisor, teammate
):
    grant = EmergencyAccess.objects.create(
        case=_case(team, caseworker, restricted=True),
        user=teammate,
        reason="Client in crisis at night",
        expires_at=timezone.now() + datetime.timedelta(hours=4),
    )
    assert queue(supervisor)["accesses"] == [grant]

    mark_reviewed(thing=grant, by=supervisor, comment="Appropriate: on-call night")

    assert queue(supervisor)["accesses"] == []
    assert Review.objects.get().emergency_access == grant


def test_a_discharge_over_the_checklist_is_reviewed_from_the_queue(
    client, team, caseworker, supervisor
):
    stay = AdmissionFactory(case=_case(team, caseworker))
    discharge_patient(admission=stay, by=caseworker, disposition="home", override_reason="Bed need")
    event = stay.events.get(kind="discharge")
    client.force_login(supervisor)

    assert client.get(reverse("supervision:approvals")).context["overrides"] == [event]
    client.post(
        reverse("supervision:review_mark", args=["discharge_override", event.pk]),
        {"comment": "Checked with the unit: fine"},
    )

    assert Review.objects.get().discharge_override == event


def test_reviewing_needs_a_comment(team, caseworker, supervisor, teammate):
    grant = EmergencyAccess.objects.create(
        case=_case(team, caseworker),
        user=teammate,
        reason="Crisis",
        expires_at=timezone.now() + datetime.timedelta(hours=4),
    )

    with pytest.raises(InvalidTransition, match="Say what you found"):
        mark_reviewed(thing=grant, by=supervisor, comment=" ")


def test_the_queue_lists_submitted_plans_and_declined_transfers(
    team, caseworker, supervisor, teammate
):
    case = _case(team, caseworker)
    plan = submitted_plan(case, by=caseworker)
    transfer = Transfer.objects.create(
        case=case,
        from_manager=caseworker,
        to_manager=teammate,
        reason="Leaving",
        requested_by=supervisor,
    )
    transfer._move("decline", by=teammate, decline_reason="Full", decided_at=timezone.now())

    shown = queue(supervisor)

    assert (shown["plans"], shown["declined"]) == ([plan], [transfer])


def test_another_teams_items_are_not_on_the_queue(team, caseworker, other_supervisor, teammate):
    EmergencyAccess.objects.create(
        case=_case(team, caseworker),
        user=teammate,
        reason="Crisis",
        expires_at=timezone.now() + datetime.timedelta(hours=4),
    )

    assert queue(other_supervisor)["accesses"] == []

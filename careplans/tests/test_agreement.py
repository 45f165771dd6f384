import pytest
from django.contrib.messages import ERROR, INFO, get_messages
from django.urls import reverse
from django.utils import timezone

from careplans.models import CarePlan
from careplans.tests.plan_factories import (
    TINY_PNG,
    TINY_PNG_DATA_URL,
    active_plan,
    draft_plan,
    submitted_plan,
)

pytestmark = pytest.mark.django_db


def _url(plan) -> str:
    return reverse("careplans:agreement", args=[plan.pk])


def _signing(**overrides) -> dict:
    return {
        "signed": "yes",
        "name": "Pat Client",
        "on": timezone.localdate().isoformat(),
        "signature": TINY_PNG_DATA_URL,
    } | overrides


def test_the_form_sums_up_the_goals_the_client_agrees_to(client, caseworker, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.get(_url(plan))

    assert response.status_code == 200
    assert "Goal number 1" in response.text
    assert "A signed lease" in response.text


def test_signing_stores_the_typed_name_the_date_and_the_drawn_signature(
    client, caseworker, supervisor, case_for
):
    plan = active_plan(case_for(), by=caseworker, approver=supervisor)
    client.force_login(caseworker)

    response = client.post(_url(plan), _signing())

    assert response.url == plan.get_absolute_url()
    plan.refresh_from_db()
    assert plan.agreement == CarePlan.Agreement.SIGNED
    assert (plan.signed_name, plan.signed_on) == ("Pat Client", timezone.localdate())
    assert bytes(plan.signature_png) == TINY_PNG


def test_signing_without_a_typed_name_is_refused(client, caseworker, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.post(_url(plan), _signing(name="  "))

    assert response.status_code == 200
    assert "The client types their name to sign." in response.text
    plan.refresh_from_db()
    assert plan.agreement == CarePlan.Agreement.PENDING


def test_a_drawn_signature_that_is_not_a_png_is_refused(client, caseworker, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.post(_url(plan), _signing(signature="data:image/png;base64,bm90IGEgcG5n"))

    assert response.status_code == 200
    assert "The drawn signature could not be read" in response.text
    plan.refresh_from_db()
    assert plan.agreement == CarePlan.Agreement.PENDING


def test_declining_without_a_reason_is_refused(client, caseworker, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.post(_url(plan), {"signed": "no", "declined_reason": ""})

    assert response.status_code == 200
    assert "Record the reason the client gave." in response.text
    plan.refresh_from_db()
    assert plan.agreement == CarePlan.Agreement.PENDING


def test_declining_with_a_reason_stores_it(client, caseworker, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.post(
        _url(plan), {"signed": "no", "declined_reason": "Wants to talk to her daughter first"}
    )

    assert response.url == plan.get_absolute_url()
    plan.refresh_from_db()
    assert plan.agreement == CarePlan.Agreement.DECLINED
    assert plan.declined_reason == "Wants to talk to her daughter first"
    assert (plan.signed_name, plan.signature_png) == ("", None)


def test_a_second_recording_is_refused_and_keeps_the_first(client, caseworker, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    plan.record_agreement(by=caseworker, signed=False, declined_reason="Not now")
    client.force_login(caseworker)

    response = client.post(_url(plan), _signing())

    assert response.url == plan.get_absolute_url()
    [message] = get_messages(response.wsgi_request)
    assert message.level == ERROR
    assert "recorded once" in message.message
    plan.refresh_from_db()
    assert (plan.agreement, plan.declined_reason) == (CarePlan.Agreement.DECLINED, "Not now")


def test_opening_the_form_once_recorded_goes_back_to_the_plan(client, caseworker, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    plan.record_agreement(by=caseworker, signed=False, declined_reason="Not now")
    client.force_login(caseworker)

    response = client.get(_url(plan))

    assert response.url == plan.get_absolute_url()
    [message] = get_messages(response.wsgi_request)
    assert (message.level, message.message) == (INFO, "Already recorded: client declined to sign.")


def test_a_draft_plan_is_not_signed_yet_and_redirects_to_the_plan(client, caseworker, case_for):
    plan = draft_plan(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.get(_url(plan))

    assert response.url == plan.get_absolute_url()
    [message] = get_messages(response.wsgi_request)
    assert message.level == INFO
    assert "once the plan is submitted" in message.message


def test_a_user_on_another_team_gets_404(client, caseworker, outsider, case_for):
    plan = submitted_plan(case_for(), by=caseworker)
    client.force_login(outsider)

    response = client.post(_url(plan), _signing())

    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.agreement == CarePlan.Agreement.PENDING


def test_the_signature_is_a_move_in_the_plans_history(caseworker, case_for):
    plan = submitted_plan(case_for(), by=caseworker)

    plan.record_agreement(by=caseworker, signed=True, name="Pat Client", on=plan.created_at.date())

    event = plan.events.get(kind="sign")
    assert (event.actor, event.from_status, event.to_status) == (caseworker, "pending", "signed")
    assert event.decision == f"Signed by the client, recorded by {caseworker}"


def test_declining_to_sign_is_a_move_that_keeps_the_reason(caseworker, case_for):
    plan = submitted_plan(case_for(), by=caseworker)

    plan.record_agreement(by=caseworker, signed=False, declined_reason="Wants to read it first")

    event = plan.events.get(kind="decline_to_sign")
    assert event.get_to_status_display() == "Client declined to sign"
    assert event.note == "Wants to read it first"

"""Closing a case lists what is still open; an active safety flag needs a reason; the closure
reason stays on the case's record after a reopen (issue 12)."""

import pytest
from django.urls import reverse

from casemgmt.transitions import InvalidTransition
from cases import closure
from cases.models import Case
from clients.models import ClientFlag
from clients.tests.factories import ClientFlagFactory

pytestmark = pytest.mark.django_db

CLOSE = {"reason": Case.ClosureReason.GOALS_MET, "note": ""}


def _close_page(case) -> str:
    return reverse("cases:transition", args=[case.pk, "close"])


@pytest.fixture
def flagged(case_for, caseworker):
    case = case_for()
    ClientFlagFactory(client=case.client, kind=ClientFlag.Kind.SAFETY_RISK, created_by=caseworker)
    return case


def test_an_active_safety_flag_is_listed_as_still_open(flagged):
    [item] = closure.open_items(flagged)

    assert item.needs_reason
    assert item.url == f"{flagged.client.get_absolute_url()}#flags"


def test_a_cleared_safety_flag_is_not(case_for, caseworker):
    case = case_for()
    flag = ClientFlagFactory(client=case.client, kind=ClientFlag.Kind.SAFETY_RISK)
    flag.clear(by=caseworker)

    assert closure.open_items(case) == []


def test_closing_over_an_active_safety_flag_without_a_reason_is_refused(flagged, caseworker):
    with pytest.raises(InvalidTransition, match="active safety flag"):
        flagged.close(by=caseworker, reason=Case.ClosureReason.GOALS_MET)

    flagged.refresh_from_db()
    assert flagged.status == Case.Status.ACTIVE


def test_the_reason_for_closing_over_a_safety_flag_is_kept_on_the_event(flagged, caseworker):
    flagged.close(
        by=caseworker,
        reason=Case.ClosureReason.MOVED,
        safety_reason="Moved out of state; the new provider has the safety plan.",
    )

    event = flagged.events.get(kind="close")
    assert event.override_reason == "Moved out of state; the new provider has the safety plan."


def test_the_close_page_lists_the_safety_flag_and_asks_why(client, caseworker, flagged):
    client.force_login(caseworker)

    response = client.get(_close_page(flagged))

    assert "Still open on this case" in response.text
    assert "The client has an active safety flag." in response.text
    assert "safety_reason" in response.context["form"].fields


def test_the_close_page_keeps_the_case_open_without_the_safety_reason(client, caseworker, flagged):
    client.force_login(caseworker)

    response = client.post(_close_page(flagged), CLOSE)

    assert response.status_code == 200
    assert "say why the case closes anyway" in str(response.context["form"].errors)
    flagged.refresh_from_db()
    assert flagged.is_open


def test_the_close_page_closes_with_the_safety_reason(client, caseworker, flagged):
    client.force_login(caseworker)

    client.post(_close_page(flagged), CLOSE | {"safety_reason": "Flag reviewed with supervisor."})

    flagged.refresh_from_db()
    assert flagged.status == Case.Status.CLOSED
    assert flagged.events.get(kind="close").override_reason == "Flag reviewed with supervisor."


def test_a_case_with_nothing_open_shows_no_list_and_asks_no_safety_reason(
    client, caseworker, case_for
):
    case = case_for()
    client.force_login(caseworker)

    response = client.get(_close_page(case))

    assert "Still open on this case" not in response.text
    assert "safety_reason" not in response.context["form"].fields


def test_the_closure_reason_is_kept_on_the_event(case_for, caseworker):
    case = case_for()

    case.close(by=caseworker, reason=Case.ClosureReason.LOST_CONTACT)

    assert case.events.get(kind="close").closure_reason == Case.ClosureReason.LOST_CONTACT


def test_the_case_page_shows_the_last_closure_after_a_reopen(client, caseworker, case_for):
    case = case_for()
    case.close(by=caseworker, reason=Case.ClosureReason.LOST_CONTACT)
    case.reopen(by=caseworker, note="Client called back")
    client.force_login(caseworker)

    response = client.get(case.get_absolute_url())

    assert case.closure_reason == ""
    assert "Last closed" in response.text
    assert "Unable to contact" in response.text
    assert "Client called back" in response.text


def test_the_case_page_lists_the_status_history_newest_first_with_who_moved_it(
    client, caseworker, case_for
):
    case = case_for()
    case.close(by=caseworker, reason=Case.ClosureReason.LOST_CONTACT)
    case.reopen(by=caseworker, note="Client called back")
    client.force_login(caseworker)

    response = client.get(case.get_absolute_url())

    events = response.context["events"]
    assert [e.kind for e in events[:2]] == ["reopen", "close"]
    assert str(events[0].actor) == str(caseworker)

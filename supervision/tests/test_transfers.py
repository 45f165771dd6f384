"""Case transfers and bulk reassignment (issue 15): asked by a supervisor, the caps checked for
each receiver, accepted or declined by the receiver, both sides and the supervisors told."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UserFactory
from casemgmt.transitions import InvalidTransition
from cases.models import CapOverride, Case, CaseEvent
from cases.tests.factories import CaseFactory
from reminders.models import Notification
from supervision.models import Transfer
from supervision.services import (
    OverCap,
    accept_transfer,
    decline_transfer,
    request_transfers,
)

pytestmark = pytest.mark.django_db


def _case(team, manager, **fields):
    return CaseFactory(team=team, program=team.program, primary_case_manager=manager, **fields)


def _titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


@pytest.fixture
def departing(team):
    person = UserFactory(username="dana", first_name="Dana", last_name="Leaving")
    team.members.add(person)
    return person


def test_a_transfer_waits_for_the_receiver_and_tells_them(team, supervisor, departing, teammate):
    case = _case(team, departing)

    [transfer] = request_transfers(
        assignments=[(case, teammate)], reason="Dana leaves Friday", by=supervisor
    )

    assert transfer.status == Transfer.Status.PENDING
    case.refresh_from_db()
    assert case.primary_case_manager == departing
    assert _titles(teammate) == [f"Case transfer to accept: {case.client.display_name}"]


def test_accepting_makes_the_case_the_receivers_with_an_event_and_tells_both_sides(
    team, supervisor, departing, teammate
):
    case = _case(team, departing, care_team=[teammate])
    [transfer] = request_transfers(
        assignments=[(case, teammate)], reason="Dana leaves Friday", by=supervisor
    )

    accept_transfer(transfer=transfer, by=teammate)

    case.refresh_from_db()
    assert case.primary_case_manager == teammate
    assert list(case.care_team.all()) == []
    event = case.events.get(kind=CaseEvent.TRANSFERRED)
    assert event.note == "Transferred from Dana Leaving to Terry Mate: Dana leaves Friday"
    answered = f"Transfer accepted by Terry Mate: {case.client.display_name}"
    assert answered in _titles(departing)
    assert answered in _titles(supervisor)


def test_the_change_of_manager_is_in_the_cases_history(team, supervisor, departing, teammate):
    case = _case(team, departing)
    [transfer] = request_transfers(assignments=[(case, teammate)], reason="Leaving", by=supervisor)

    accept_transfer(transfer=transfer, by=teammate)

    managers = list(
        Case.pgh_event_model.objects.filter(pgh_obj=case)
        .order_by("pgh_id")
        .values_list("primary_case_manager", flat=True)
    )
    assert managers[-2:] == [departing.pk, teammate.pk]


def test_declining_needs_a_reason_and_leaves_the_case_where_it_was(
    team, supervisor, departing, teammate
):
    case = _case(team, departing)
    [transfer] = request_transfers(assignments=[(case, teammate)], reason="Leaving", by=supervisor)

    with pytest.raises(ValidationError):
        decline_transfer(transfer=transfer, by=teammate, reason=" ")
    decline_transfer(transfer=transfer, by=teammate, reason="At my cap already")

    transfer.refresh_from_db()
    case.refresh_from_db()
    assert (transfer.status, transfer.decline_reason) == ("declined", "At my cap already")
    assert case.primary_case_manager == departing
    assert f"Transfer declined by Terry Mate: {case.client.display_name}" in _titles(supervisor)


def test_only_the_receiver_answers_a_transfer(team, supervisor, departing, teammate):
    [transfer] = request_transfers(
        assignments=[(_case(team, departing), teammate)], reason="Leaving", by=supervisor
    )

    with pytest.raises(InvalidTransition, match="Only the case manager it is offered to"):
        accept_transfer(transfer=transfer, by=supervisor)


def test_a_case_manager_cannot_reassign_cases(team, caseworker, departing, teammate):
    with pytest.raises(InvalidTransition, match="Only a supervisor"):
        request_transfers(
            assignments=[(_case(team, departing), teammate)], reason="Swap", by=caseworker
        )


def test_a_case_has_one_pending_transfer_at_a_time(team, supervisor, departing, teammate):
    case = _case(team, departing)
    request_transfers(assignments=[(case, teammate)], reason="Leaving", by=supervisor)

    with pytest.raises(InvalidTransition, match="already awaits an answer"):
        request_transfers(assignments=[(case, UserFactory())], reason="Leaving", by=supervisor)


def test_cases_given_to_one_receiver_add_up_against_the_hard_cap(
    team, supervisor, departing, teammate
):
    team.program.soft_cap, team.program.hard_cap = 4, 6
    team.program.save()
    _case(team, teammate, acuity=Case.Acuity.MODERATE)
    cases = [_case(team, departing, acuity=Case.Acuity.MODERATE) for _ in range(3)]

    with pytest.raises(OverCap) as refused:
        request_transfers(
            assignments=[(case, teammate) for case in cases], reason="Leaving", by=supervisor
        )

    assert [load.load for load in refused.value.loads] == [8]
    assert not Transfer.objects.exists()


def test_a_supervisors_override_of_the_hard_cap_is_kept_for_each_case_over_it(
    team, supervisor, departing, teammate
):
    team.program.soft_cap, team.program.hard_cap = 4, 6
    team.program.save()
    cases = [_case(team, departing, acuity=Case.Acuity.HIGH) for _ in range(3)]

    request_transfers(
        assignments=[(case, teammate) for case in cases],
        reason="Leaving",
        by=supervisor,
        override_reason="Only Terry speaks Somali",
    )

    assert list(CapOverride.objects.order_by("load").values_list("load", flat=True)) == [9]
    assert Transfer.objects.pending().count() == 3


def test_the_reassign_page_spreads_the_cases_lightest_load_first(
    client, team, supervisor, departing, teammate, caseworker
):
    _case(team, caseworker, acuity=Case.Acuity.INTENSIVE)
    for _ in range(2):
        _case(team, departing)
    client.force_login(supervisor)

    response = client.get(reverse("supervision:reassign", args=[team.pk]), {"from": departing.pk})

    form = response.context["form"]
    assert [field.initial for _, field in form.rows()] == [str(teammate.pk), str(caseworker.pk)]


def test_bulk_reassignment_from_the_page_asks_each_receiver(
    client, team, supervisor, departing, teammate, caseworker
):
    first, second = _case(team, departing), _case(team, departing)
    client.force_login(supervisor)

    response = client.post(
        reverse("supervision:reassign", args=[team.pk]) + f"?from={departing.pk}",
        {f"to_{first.pk}": teammate.pk, f"to_{second.pk}": caseworker.pk, "reason": "Leaving"},
    )

    assert response.url == reverse("supervision:team", args=[team.pk])
    assert set(Transfer.objects.pending().values_list("case", "to_manager")) == {
        (first.pk, teammate.pk),
        (second.pk, caseworker.pk),
    }


def test_the_receiver_accepts_from_the_inbox(client, team, supervisor, departing, teammate):
    case = _case(team, departing, restricted=True)
    [transfer] = request_transfers(assignments=[(case, teammate)], reason="Leaving", by=supervisor)
    client.force_login(teammate)

    inbox = client.get(reverse("supervision:transfers"))
    response = client.post(reverse("supervision:transfer_answer", args=[transfer.pk, "accept"]))

    assert inbox.context["offered"] == [transfer]
    assert response.url == case.get_absolute_url()
    assert client.get(case.get_absolute_url()).status_code == 200


def test_another_teams_transfer_is_404(client, team, supervisor, departing, teammate, outsider):
    [transfer] = request_transfers(
        assignments=[(_case(team, departing), teammate)], reason="Leaving", by=supervisor
    )
    client.force_login(outsider)

    url = reverse("supervision:transfer_answer", args=[transfer.pk, "accept"])
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("cases", [3, 30])
def test_the_reassign_page_runs_the_same_queries_for_3_and_30_cases(
    client, team, supervisor, departing, cases, django_assert_num_queries
):
    for _ in range(cases):
        _case(team, departing)
    team.members.add(*[UserFactory(role=Role.CASE_MANAGER) for _ in range(3)])
    client.force_login(supervisor)

    with django_assert_num_queries(13):
        client.get(reverse("supervision:reassign", args=[team.pk]), {"from": departing.pk})

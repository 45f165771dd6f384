import pytest
from django.urls import reverse

from clients.models import ClientFlag
from clients.tests.factories import ClientFactory, ClientFlagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(team):
    return ClientFactory(registered_team=team)


def test_adding_a_flag_records_who_raised_it(client, caseworker, person):
    client.force_login(caseworker)

    response = client.post(
        reverse("clients:flag_add", args=[person.pk]),
        {"kind": "fall_risk", "reason": "Fell twice this month"},
    )

    assert response.url == person.get_absolute_url()
    assert person.flags.get().created_by == caseworker


def test_a_second_active_flag_of_the_same_kind_is_refused_with_a_message(
    client, caseworker, person
):
    ClientFlagFactory(client=person, kind="fall_risk")
    client.force_login(caseworker)

    response = client.post(
        reverse("clients:flag_add", args=[person.pk]),
        {"kind": "fall_risk", "reason": "Fell again"},
    )

    assert "already has an active “Fall risk” flag" in response.text
    assert person.flags.count() == 1


def test_clearing_a_flag_records_who_cleared_it(client, caseworker, person):
    flag = ClientFlagFactory(client=person)
    client.force_login(caseworker)

    client.post(reverse("clients:flag_clear", args=[flag.pk]))

    flag.refresh_from_db()
    assert flag.cleared_by == caseworker


def test_a_cleared_kind_can_be_flagged_again(client, caseworker, person):
    ClientFlagFactory(client=person, kind="fall_risk").clear(by=caseworker)
    client.force_login(caseworker)

    client.post(
        reverse("clients:flag_add", args=[person.pk]),
        {"kind": "fall_risk", "reason": "New fall"},
    )

    assert ClientFlag.objects.filter(client=person, cleared_at=None).count() == 1


def test_a_flag_of_another_teams_client_cannot_be_cleared(client, outsider, person):
    flag = ClientFlagFactory(client=person)
    client.force_login(outsider)

    response = client.post(reverse("clients:flag_clear", args=[flag.pk]))

    assert response.status_code == 404
    flag.refresh_from_db()
    assert flag.cleared_at is None

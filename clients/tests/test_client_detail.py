import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.tests.factories import (
    ClientFactory,
    ClientFlagFactory,
    ConsentFactory,
    ContactFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _page(person):
    return reverse("clients:detail", args=[person.pk])


def test_the_page_shows_who_the_client_is(client, caseworker, team):
    person = ClientFactory(
        legal_first_name="Margaret",
        legal_last_name="Hughes",
        preferred_name="Peggy",
        pronouns="she/her",
        interpreter_needed=True,
        registered_team=team,
    )
    client.force_login(caseworker)

    response = client.get(_page(person))

    assert "Peggy Hughes" in response.text
    assert "Margaret Hughes" in response.text
    assert "she/her" in response.text
    assert person.client_number in response.text
    assert "Interpreter needed" in response.text


def test_active_flags_show_as_a_banner_and_cleared_ones_do_not(client, caseworker, team):
    person = ClientFactory(registered_team=team)
    ClientFlagFactory(client=person, reason="Aggressive dog at the home")
    ClientFlagFactory(
        client=person, kind="fall_risk", reason="Fell twice in March", cleared_at=timezone.now()
    )
    client.force_login(caseworker)

    response = client.get(_page(person))

    assert "Aggressive dog at the home" in response.text
    assert "Fell twice in March" not in response.text


def test_an_archived_client_shows_the_archive_banner(client, caseworker, team):
    person = ClientFactory(registered_team=team)
    person.archive(by=caseworker, reason="Moved to Ohio")
    client.force_login(caseworker)

    response = client.get(_page(person))

    assert "Moved to Ohio" in response.text
    assert "read-only" in response.text


def test_an_emergency_contact_is_marked(client, caseworker, team):
    person = ClientFactory(registered_team=team)
    ContactFactory(client=person, name="Rosa Diaz", is_emergency_contact=True)
    client.force_login(caseworker)

    response = client.get(_page(person))

    assert "Rosa Diaz" in response.text
    assert "Emergency" in response.text


def test_a_consent_expiring_within_30_days_is_marked(client, caseworker, team):
    person = ClientFactory(registered_team=team)
    ConsentFactory(client=person, expires_on=TODAY + datetime.timedelta(days=12))
    client.force_login(caseworker)

    response = client.get(_page(person))

    assert "Expires soon" in response.text


def test_a_client_of_another_team_is_not_found(client, outsider, team):
    person = ClientFactory(registered_team=team)
    client.force_login(outsider)

    response = client.get(_page(person))

    assert response.status_code == 404

import pytest
from django.urls import reverse

from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def _archive(person):
    return reverse("clients:archive", args=[person.pk])


def _restore(person):
    return reverse("clients:restore", args=[person.pk])


def test_archiving_with_a_reason_archives_the_client(client, caseworker, team):
    person = ClientFactory(registered_team=team)
    client.force_login(caseworker)

    response = client.post(_archive(person), {"reason": "Moved to Ohio"})

    assert response.url == person.get_absolute_url()
    person.refresh_from_db()
    assert (person.is_archived, person.archive_reason) == (True, "Moved to Ohio")


def test_archiving_asks_for_a_reason(client, caseworker, team):
    person = ClientFactory(registered_team=team)
    client.force_login(caseworker)

    response = client.post(_archive(person), {"reason": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    person.refresh_from_db()
    assert not person.is_archived


def test_restoring_an_archived_client_makes_the_record_editable_again(client, caseworker, team):
    person = ClientFactory(registered_team=team)
    person.archive(by=caseworker, reason="Moved")
    client.force_login(caseworker)

    client.post(_restore(person))

    person.refresh_from_db()
    assert not person.is_archived


def test_restoring_needs_a_post(client, caseworker, team):
    person = ClientFactory(registered_team=team)
    person.archive(by=caseworker, reason="Moved")
    client.force_login(caseworker)

    response = client.get(_restore(person))

    assert response.status_code == 405


def test_a_client_of_another_team_cannot_be_archived(client, outsider, team):
    person = ClientFactory(registered_team=team)
    client.force_login(outsider)

    response = client.post(_archive(person), {"reason": "Not ours"})

    assert response.status_code == 404
    person.refresh_from_db()
    assert not person.is_archived

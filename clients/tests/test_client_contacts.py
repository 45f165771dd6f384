import pytest
from django.urls import reverse

from clients.models import Contact
from clients.tests.factories import ClientFactory, ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(team):
    return ClientFactory(registered_team=team)


def test_adding_a_contact_files_it_under_the_client(client, caseworker, person):
    client.force_login(caseworker)

    response = client.post(
        reverse("clients:contact_add", args=[person.pk]),
        {"name": "Rosa Diaz", "relationship": "sibling", "is_emergency_contact": "on"},
    )

    assert response.url == f"{person.get_absolute_url()}#contacts"
    contact = person.contacts.get()
    assert (contact.name, contact.is_emergency_contact) == ("Rosa Diaz", True)


def test_a_contact_needs_a_name_and_relationship(client, caseworker, person):
    client.force_login(caseworker)

    response = client.post(reverse("clients:contact_add", args=[person.pk]), {"name": ""})

    assert set(response.context["form"].errors) == {"name", "relationship"}
    assert not Contact.objects.exists()


def test_editing_a_contact_can_mark_it_inactive(client, caseworker, person):
    contact = ContactFactory(client=person, name="Rosa Diaz")
    client.force_login(caseworker)

    client.post(
        reverse("clients:contact_edit", args=[contact.pk]),
        {"name": "Rosa Diaz", "relationship": "sibling", "is_active": ""},
    )

    contact.refresh_from_db()
    assert not contact.is_active


def test_a_contact_of_another_teams_client_is_not_found(client, outsider, person):
    contact = ContactFactory(client=person)
    client.force_login(outsider)

    response = client.get(reverse("clients:contact_edit", args=[contact.pk]))

    assert response.status_code == 404


def test_an_archived_client_gets_no_new_contacts(client, caseworker, person):
    person.archive(by=caseworker, reason="Moved")
    client.force_login(caseworker)

    response = client.post(
        reverse("clients:contact_add", args=[person.pk]),
        {"name": "Rosa Diaz", "relationship": "sibling"},
    )

    assert response.url == person.get_absolute_url()
    assert not Contact.objects.exists()

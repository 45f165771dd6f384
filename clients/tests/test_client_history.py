import pytest
from django.urls import reverse

from clients.models import Contact
from clients.tests.factories import ClientFactory, ContactFactory

pytestmark = pytest.mark.django_db


def _history(person):
    return reverse("clients:history", args=[person.pk])


@pytest.fixture
def person(team):
    return ClientFactory(phone="(555) 010-1111", registered_team=team)


def _edit_phone(client, person, phone):
    person.refresh_from_db()
    client.post(
        reverse("clients:edit", args=[person.pk]),
        {
            "legal_first_name": person.legal_first_name,
            "legal_last_name": person.legal_last_name,
            "date_of_birth": person.date_of_birth.isoformat(),
            "sex_at_birth": person.sex_at_birth,
            "preferred_language": person.preferred_language,
            "phone": phone,
            "version": person.version,
        },
    )


def test_a_change_shows_who_made_it_and_the_value_before_and_after(client, caseworker, person):
    client.force_login(caseworker)
    _edit_phone(client, person, "(555) 010-2222")

    response = client.get(_history(person))

    row = response.context["rows"][0]
    assert row["who"] == caseworker
    assert ("phone", "(555) 010-1111", "(555) 010-2222") in row["changes"]
    assert "Casey Worker" in response.text


def test_changes_to_the_clients_contacts_are_listed_too(client, caseworker, person):
    contact = ContactFactory(client=person, name="Rosa Diaz")
    Contact.objects.filter(pk=contact.pk).update(is_active=False)
    client.force_login(caseworker)

    response = client.get(_history(person))

    changes = [change for row in response.context["rows"] for change in row["changes"]]
    assert ("active", "Yes", "No") in changes
    assert "Rosa Diaz" in response.text


def test_another_clients_changes_are_not_listed(client, caseworker, person, team):
    ContactFactory(client=ClientFactory(registered_team=team), name="Someone Else")
    client.force_login(caseworker)

    response = client.get(_history(person))

    assert "Someone Else" not in response.text


def test_the_history_of_a_client_of_another_team_is_not_found(client, outsider, person):
    client.force_login(outsider)

    response = client.get(_history(person))

    assert response.status_code == 404


def test_the_history_costs_the_same_queries_however_long_it_is(
    client, caseworker, teammate, person, django_assert_max_num_queries
):
    for extra in (3, 30):
        for i in range(extra):
            client.force_login(caseworker if i % 2 else teammate)
            _edit_phone(client, person, f"(555) 020-{extra:02d}{i:02d}")

        with django_assert_max_num_queries(12):
            response = client.get(_history(person))

        assert len(response.context["rows"]) == min(person.history.count(), 25)

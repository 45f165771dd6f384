import datetime

import pytest
from django.urls import reverse

from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

URL = reverse("clients:search")
DOB = datetime.date(1961, 4, 9)


@pytest.fixture
def john(team):
    return ClientFactory(
        legal_first_name="John", legal_last_name="Smith", date_of_birth=DOB, registered_team=team
    )


def _found(response):
    return list(response.context["page"].object_list)


def test_a_name_typed_with_typos_finds_the_client(client, caseworker, john):
    client.force_login(caseworker)

    response = client.get(URL, {"q": "Jon Smyth"})

    assert _found(response) == [john]


def test_a_misspelt_last_name_alone_finds_the_client(client, caseworker, john):
    client.force_login(caseworker)

    response = client.get(URL, {"q": "smyth"})

    assert _found(response) == [john]


def test_a_two_letter_last_name_finds_the_client_by_its_sound(client, caseworker, team):
    wu = ClientFactory(legal_first_name="Mei", legal_last_name="Wu", registered_team=team)
    client.force_login(caseworker)

    response = client.get(URL, {"q": "wu"})

    assert _found(response) == [wu]


def test_an_iso_date_of_birth_finds_the_client(client, caseworker, john):
    client.force_login(caseworker)

    response = client.get(URL, {"q": "1961-04-09"})

    assert _found(response) == [john]


def test_a_us_style_date_of_birth_finds_the_client(client, caseworker, john):
    client.force_login(caseworker)

    response = client.get(URL, {"q": "04/09/1961"})

    assert _found(response) == [john]


def test_the_client_number_finds_the_client(client, caseworker, john):
    client.force_login(caseworker)

    response = client.get(URL, {"q": john.client_number.lower()})

    assert _found(response) == [john]


def test_clients_of_another_team_never_appear(client, outsider, john):
    client.force_login(outsider)

    response = client.get(URL, {"q": "John Smith"})

    assert _found(response) == []
    assert john.client_number not in response.text


def test_an_empty_search_invites_a_new_intake(client, caseworker):
    client.force_login(caseworker)

    response = client.get(URL)

    assert "Search before registering a new client" in response.text
    assert reverse("clients:intake") in response.text


def test_a_search_without_matches_offers_a_new_intake(client, caseworker, john):
    client.force_login(caseworker)

    response = client.get(URL, {"q": "Xavier Quinterro"})

    assert "No client matches" in response.text
    assert reverse("clients:intake") in response.text


def test_an_htmx_search_returns_only_the_results(client, caseworker, john):
    client.force_login(caseworker)

    response = client.get(URL, {"q": "smith"}, headers={"HX-Request": "true"})

    assert john.client_number in response.text
    assert "<html" not in response.text


def test_an_archived_client_is_still_found_and_marked_archived(client, caseworker, john):
    john.archive(by=caseworker, reason="Moved away")
    client.force_login(caseworker)

    response = client.get(URL, {"q": "smith"})

    assert _found(response) == [john]
    assert "Archived" in response.text


def test_results_come_25_to_a_page(client, caseworker, team):
    ClientFactory.create_batch(
        27, legal_last_name="Nguyen", date_of_birth=DOB, registered_team=team
    )
    client.force_login(caseworker)

    response = client.get(URL, {"q": "nguyen", "page": 2})

    assert len(_found(response)) == 2
    assert response.context["page"].paginator.count == 27

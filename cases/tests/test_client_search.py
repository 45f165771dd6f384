import datetime

import pytest
from django.urls import reverse

from cases.models import Case

pytestmark = pytest.mark.django_db

URL = reverse("clients:search")
DOB = datetime.date(1961, 4, 9)


def _found(response):
    return list(response.context["page"].object_list)


def test_a_teammate_finds_a_restricted_client_marked_restricted_without_contact_details(
    client, teammate, case_for
):
    person = case_for(
        restricted=True,
        client__legal_first_name="John",
        client__legal_last_name="Smith",
        client__phone="(555) 010-9999",
    ).client
    client.force_login(teammate)

    response = client.get(URL, {"q": "John Smith"})

    assert person in _found(response)
    assert "Restricted" in response.text
    assert "010-9999" not in response.text


def test_another_team_never_finds_a_restricted_client(client, outsider, case_for):
    person = case_for(
        restricted=True, client__legal_first_name="John", client__legal_last_name="Smith"
    ).client
    client.force_login(outsider)

    response = client.get(URL, {"q": "John Smith"})

    assert person not in _found(response)


def test_results_show_the_number_of_open_cases(client, caseworker, case_for):
    person = case_for(client__legal_last_name="Okafor").client
    case_for(client=person, status=Case.Status.INTAKE)
    case_for(client=person, status=Case.Status.CLOSED)
    client.force_login(caseworker)

    response = client.get(URL, {"q": "okafor"})

    assert _found(response)[0].open_case_count == 2


def test_searching_costs_the_same_queries_however_many_clients_match(
    client, caseworker, case_for, django_assert_max_num_queries
):
    client.force_login(caseworker)
    for extra in (3, 15):
        for _ in range(extra):
            case_for(client__legal_last_name="Nguyen")

        with django_assert_max_num_queries(10):
            response = client.get(URL, {"q": "nguyen"})

        assert response.status_code == 200

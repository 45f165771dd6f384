"""The intake page warns about probable duplicates before registering (the queryset has its own
tests in test_duplicates_model.py)."""

import datetime

import pytest
from django.urls import reverse

from clients.models import Client
from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

URL = reverse("clients:intake")
DOB = datetime.date(1975, 6, 30)


@pytest.fixture
def john(team):
    return ClientFactory(
        legal_first_name="John", legal_last_name="Smith", date_of_birth=DOB, registered_team=team
    )


def _jon_smyth(team, **fields):
    data = {
        "legal_first_name": "Jon",
        "legal_last_name": "Smyth",
        "date_of_birth": DOB.isoformat(),
        "sex_at_birth": "male",
        "preferred_language": "English",
        "phone": "(555) 010-7788",
        "team": team.pk,
    }
    return data | fields


def test_jon_smyth_is_warned_that_john_smith_may_be_the_same_person(client, caseworker, team, john):
    client.force_login(caseworker)

    response = client.post(URL, _jon_smyth(team))

    assert "This person may already be registered" in response.text
    assert john.client_number in response.text
    assert john.get_absolute_url() in response.text
    assert Client.objects.get() == john


def test_the_duplicate_warning_keeps_what_was_typed(client, caseworker, team, john):
    client.force_login(caseworker)

    response = client.post(URL, _jon_smyth(team, phone="(555) 010-7788"))

    assert 'value="Smyth"' in response.text
    assert 'value="(555) 010-7788"' in response.text


def test_the_duplicate_warning_asks_for_a_reason_to_register_anyway(client, caseworker, team, john):
    client.force_login(caseworker)

    response = client.post(URL, _jon_smyth(team))

    assert "Reason for registering anyway" in response.text
    assert "Register as new client" in response.text


def test_registering_anyway_keeps_the_reason(client, caseworker, team, john):
    client.force_login(caseworker)

    response = client.post(
        URL, _jon_smyth(team, duplicate_reason="Different mother's maiden name and SSN")
    )

    jon = Client.objects.get(legal_first_name="Jon")
    assert response.url == jon.get_absolute_url()
    assert jon.duplicate_override_reason == "Different mother's maiden name and SSN"


def test_a_blank_reason_does_not_register_the_duplicate(client, caseworker, team, john):
    client.force_login(caseworker)

    client.post(URL, _jon_smyth(team, duplicate_reason="   "))

    assert Client.objects.get() == john


def test_a_client_without_probable_duplicates_keeps_no_override_reason(
    client, caseworker, team, john
):
    client.force_login(caseworker)

    client.post(URL, _jon_smyth(team, legal_first_name="Priya", legal_last_name="Raman"))

    assert Client.objects.get(legal_first_name="Priya").duplicate_override_reason == ""


def test_duplicates_the_user_may_not_see_are_not_shown(client, outsider, other_team, john):
    client.force_login(outsider)

    response = client.post(URL, _jon_smyth(other_team))

    assert response.status_code == 302
    assert Client.objects.count() == 2


def test_a_teammate_is_warned_of_a_duplicate_behind_a_restricted_case(
    client, teammate, team, john, case_for
):
    case_for(client=john, restricted=True)
    client.force_login(teammate)

    response = client.post(URL, _jon_smyth(team))

    assert "This person may already be registered" in response.text
    assert john.client_number in response.text
    assert Client.objects.get() == john


def test_checking_for_duplicates_costs_the_same_queries_however_many_match(
    client, caseworker, team, django_assert_max_num_queries
):
    client.force_login(caseworker)
    for extra in (2, 6):
        ClientFactory.create_batch(
            extra,
            legal_first_name="John",
            legal_last_name="Smith",
            date_of_birth=DOB,
            registered_team=team,
        )

        with django_assert_max_num_queries(11):
            response = client.post(URL, _jon_smyth(team))

        assert len(response.context["form"].duplicates) == Client.objects.count()

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import TeamFactory
from clients.models import Client

pytestmark = pytest.mark.django_db

URL = reverse("clients:intake")


def _intake(**fields):
    data = {
        "legal_first_name": "Maria",
        "legal_last_name": "Lopez",
        "date_of_birth": "1961-04-09",
        "sex_at_birth": "female",
        "preferred_language": "Spanish",
        "interpreter_needed": "on",
        "phone": "(555) 010-2030",
    }
    return data | fields


def test_the_intake_page_reminds_the_user_to_search_first(client, caseworker):
    client.force_login(caseworker)

    response = client.get(URL)

    assert "search first" in response.text
    assert reverse("clients:search") in response.text


def test_registering_a_new_client_opens_their_page_suggesting_a_case(client, caseworker, team):
    client.force_login(caseworker)

    response = client.post(URL, _intake(team=team.pk), follow=True)

    person = Client.objects.get()
    assert response.redirect_chain == [(person.get_absolute_url(), 302)]
    assert "open a case" in response.text
    assert (person.legal_first_name, person.interpreter_needed) == ("Maria", True)


def test_a_new_client_is_registered_under_the_users_team_by_the_user(client, caseworker, team):
    client.force_login(caseworker)

    client.post(URL, _intake(team=team.pk))

    person = Client.objects.get()
    assert (person.registered_team, person.registered_by) == (team, caseworker)
    assert person.client_number.startswith("C")


def test_a_one_team_user_does_not_have_to_choose_a_team(client, caseworker, team):
    client.force_login(caseworker)

    response = client.get(URL)

    assert f'type="hidden" name="team" value="{team.pk}"' in response.text


def test_a_user_on_two_teams_chooses_between_them(client, caseworker):
    second = TeamFactory(name="West Team", members=[caseworker])
    client.force_login(caseworker)

    client.post(URL, _intake(team=second.pk))

    assert Client.objects.get().registered_team == second


def test_registering_under_another_users_team_is_refused(client, caseworker, other_team):
    client.force_login(caseworker)

    response = client.post(URL, _intake(team=other_team.pk))

    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    assert not Client.objects.exists()


def test_a_date_of_birth_in_the_future_is_refused(client, caseworker, team):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(caseworker)

    response = client.post(URL, _intake(team=team.pk, date_of_birth=tomorrow.isoformat()))

    assert "cannot be in the future" in response.text
    assert not Client.objects.exists()


def test_a_date_of_birth_before_1900_is_refused(client, caseworker, team):
    client.force_login(caseworker)

    response = client.post(URL, _intake(team=team.pk, date_of_birth="1899-12-31"))

    assert "before 1900" in response.text
    assert not Client.objects.exists()


def test_a_malformed_email_is_refused_with_a_message(client, caseworker, team):
    client.force_login(caseworker)

    response = client.post(URL, _intake(team=team.pk, email="maria-at-example"))

    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert not Client.objects.exists()


def test_a_user_on_no_team_is_told_why_they_cannot_register(client, admin_user):
    client.force_login(admin_user)

    response = client.post(URL, _intake())

    assert "not on a team" in response.text
    assert not Client.objects.exists()


def test_the_intake_page_needs_a_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import ProgramFactory, TeamFactory, UserFactory
from cases.models import Case, CaseEvent
from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(team):
    return ClientFactory(registered_team=team)


def _url(person) -> str:
    return reverse("cases:open", args=[person.pk])


def _data(team, manager, **overrides):
    data = {
        "program": team.program.pk,
        "team": team.pk,
        "primary_case_manager": manager.pk,
        "status": Case.Status.INTAKE,
        "acuity": Case.Acuity.HIGH,
        "referral_source": "County hospital",
        "presenting_need": "Housing after discharge",
        "opened_on": timezone.localdate().isoformat(),
    }
    return data | overrides


def test_the_form_offers_only_the_users_teams(client, caseworker, team, other_team, person):
    client.force_login(caseworker)

    response = client.get(_url(person))

    assert list(response.context["form"].fields["team"].queryset) == [team]


def test_the_form_starts_with_the_users_only_team_its_program_and_the_user_as_primary(
    client, caseworker, team, person
):
    client.force_login(caseworker)

    form = client.get(_url(person)).context["form"]

    assert (
        form["team"].value(),
        form["program"].value(),
        form["primary_case_manager"].value(),
    ) == (
        team.pk,
        team.program_id,
        caseworker.pk,
    )


def test_opening_a_case_records_it_with_its_first_event_and_shows_it(
    client, caseworker, team, person
):
    client.force_login(caseworker)

    response = client.post(_url(person), _data(team, caseworker))

    case = Case.objects.get(client=person)
    assert response.url == case.get_absolute_url()
    assert (case.status, case.acuity, case.primary_case_manager) == (
        Case.Status.INTAKE,
        Case.Acuity.HIGH,
        caseworker,
    )
    assert case.events.get().kind == CaseEvent.OPENED


def test_a_case_can_start_as_a_referral(client, caseworker, team, person):
    client.force_login(caseworker)

    client.post(_url(person), _data(team, caseworker, status=Case.Status.REFERRED))

    assert Case.objects.get(client=person).status == Case.Status.REFERRED


def test_a_case_cannot_start_active(client, caseworker, team, person):
    client.force_login(caseworker)

    response = client.post(_url(person), _data(team, caseworker, status=Case.Status.ACTIVE))

    assert "status" in response.context["form"].errors
    assert not Case.objects.exists()


def test_the_care_team_is_added_without_the_primary(client, caseworker, teammate, team, person):
    client.force_login(caseworker)

    client.post(_url(person), _data(team, caseworker, care_team=[caseworker.pk, teammate.pk]))

    assert list(Case.objects.get(client=person).care_team.all()) == [teammate]


def test_the_primary_case_manager_must_be_on_the_chosen_team(client, caseworker, team, person):
    second_team = TeamFactory(members=[caseworker], program=ProgramFactory())
    stranger = UserFactory(last_name="Elsewhere")
    second_team.members.add(stranger)
    client.force_login(caseworker)

    response = client.post(_url(person), _data(team, stranger))

    assert "does not work on North Team" in str(response.context["form"].errors)
    assert not Case.objects.exists()


def test_care_team_members_must_be_on_the_chosen_team(client, caseworker, team, person):
    second_team = TeamFactory(members=[caseworker])
    stranger = UserFactory(last_name="Elsewhere")
    second_team.members.add(stranger)
    client.force_login(caseworker)

    response = client.post(_url(person), _data(team, caseworker, care_team=[stranger.pk]))

    assert "Not working on North Team" in str(response.context["form"].errors["care_team"])


def test_a_team_the_user_is_not_on_is_refused(client, caseworker, other_team, person):
    client.force_login(caseworker)

    response = client.post(_url(person), _data(other_team, caseworker))

    assert "team" in response.context["form"].errors
    assert not Case.objects.exists()


def test_the_opening_day_cannot_be_in_the_future(client, caseworker, team, person):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(caseworker)

    response = client.post(_url(person), _data(team, caseworker, opened_on=tomorrow.isoformat()))

    assert response.context["form"].errors["opened_on"] == ["This date is in the future."]


def test_an_archived_client_gets_no_new_case(client, caseworker, team, person):
    person.archive(by=caseworker, reason="Moved away")
    client.force_login(caseworker)

    response = client.post(_url(person), _data(team, caseworker), follow=True)

    assert response.redirect_chain[-1][0] == person.get_absolute_url()
    assert "archived" in response.content.decode()
    assert not Case.objects.exists()


def test_opening_a_case_for_a_client_the_user_cannot_see_is_404(client, outsider, team, person):
    client.force_login(outsider)

    response = client.get(_url(person))

    assert response.status_code == 404


def test_the_open_case_page_query_count_does_not_grow_with_team_members(
    client, caseworker, team, person, django_assert_max_num_queries
):
    client.force_login(caseworker)
    for extra in (2, 12):
        team.members.add(*UserFactory.create_batch(extra))

        with django_assert_max_num_queries(15):
            response = client.get(_url(person))

        assert response.status_code == 200


def test_the_teams_supervisor_can_be_on_the_care_team(client, caseworker, supervisor, team):
    person = ClientFactory(registered_team=team)
    client.force_login(caseworker)

    response = client.get(reverse("cases:open", args=[person.pk]))

    assert supervisor in response.context["form"].fields["care_team"].queryset

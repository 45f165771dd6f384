import pytest

import accounts.demo
import clients.demo
from clients.models import Client, ClientFlag, Consent, Contact, Coverage

pytestmark = pytest.mark.django_db

SEEDED = [Client, Contact, Coverage, Consent, ClientFlag]


def seed():
    accounts.demo.seed()
    clients.demo.seed()


def counts():
    return {model.__name__: model.objects.count() for model in SEEDED}


def test_seeding_registers_39_clients_on_each_team_and_a_near_duplicate_pair():
    seed()

    by_team = clients.demo.clients_by_team()

    assert Client.objects.count() == 80
    assert {key: len(team_clients) for key, team_clients in by_team.items()} == {
        "north": 39,
        "south": 39,
    }
    assert {person.registered_team.name for person in by_team["north"]} == {"North Team"}


def test_seeding_the_clients_twice_changes_nothing():
    seed()
    first = counts()

    clients.demo.seed()

    assert counts() == first


def test_the_near_duplicate_was_registered_with_a_reason():
    seed()

    jon = Client.objects.get(legal_first_name="Jon", legal_last_name="Smyth")
    matches = Client.objects.exclude(pk=jon.pk).probable_duplicates(
        first_name="Jon", last_name="Smyth", date_of_birth=jon.date_of_birth
    )

    assert [match.legal_name for match in matches] == ["John Smith"]
    assert jon.duplicate_override_reason


def test_every_client_on_a_team_has_an_emergency_contact_and_coverage():
    seed()
    on_teams = Client.objects.filter(
        pk__in=[
            person.pk for people in clients.demo.clients_by_team().values() for person in people
        ]
    )

    assert not on_teams.exclude(contacts__is_emergency_contact=True).exists()
    assert not on_teams.filter(coverages=None).exists()


def test_some_releases_are_revoked():
    seed()

    releases = Consent.objects.filter(kind=Consent.Kind.RELEASE)

    assert releases.exclude(revoked_on=None).exists()
    assert releases.filter(revoked_on=None).exists()


def test_some_flags_were_cleared():
    seed()

    assert ClientFlag.objects.exclude(cleared_at=None).exists()
    assert ClientFlag.objects.filter(cleared_at=None).exists()

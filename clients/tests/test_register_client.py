import datetime

import pytest

from clients.models import Client
from clients.services import ProbableDuplicate, register_client

pytestmark = pytest.mark.django_db


def _new_person(**fields):
    fields.setdefault("legal_first_name", "Maria")
    fields.setdefault("legal_last_name", "Lopez")
    fields.setdefault("date_of_birth", datetime.date(1961, 4, 9))
    return Client(**fields)


def test_registering_gives_each_client_a_unique_number(caseworker, team):
    first = register_client(client=_new_person(), by=caseworker, team=team)
    someone_else = _new_person(legal_first_name="Ana", date_of_birth=datetime.date(1990, 1, 2))
    second = register_client(client=someone_else, by=caseworker, team=team)

    assert first.client_number.startswith("C")
    assert first.client_number != second.client_number


def test_registering_records_who_and_which_team(caseworker, team):
    person = register_client(client=_new_person(), by=caseworker, team=team)

    assert (person.registered_by, person.registered_team) == (caseworker, team)


def test_a_duplicate_override_reason_is_kept(caseworker, team):
    person = register_client(
        client=_new_person(), by=caseworker, team=team, duplicate_reason="Different mother's name"
    )

    person.refresh_from_db()
    assert person.duplicate_override_reason == "Different mother's name"


def test_a_probable_duplicate_without_a_reason_is_refused(caseworker, team):
    register_client(client=_new_person(), by=caseworker, team=team)

    with pytest.raises(ProbableDuplicate):
        register_client(client=_new_person(legal_first_name="Mariah"), by=caseworker, team=team)

    assert Client.objects.count() == 1


def test_a_probable_duplicate_with_a_reason_is_registered(caseworker, team):
    register_client(client=_new_person(), by=caseworker, team=team)

    register_client(
        client=_new_person(legal_first_name="Mariah"),
        by=caseworker,
        team=team,
        duplicate_reason="Twin sister",
    )

    assert Client.objects.count() == 2


def test_a_blank_reason_is_no_reason(caseworker, team):
    register_client(client=_new_person(), by=caseworker, team=team)

    with pytest.raises(ProbableDuplicate):
        register_client(client=_new_person(), by=caseworker, team=team, duplicate_reason="  ")

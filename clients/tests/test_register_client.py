import datetime

import pytest

from clients.models import Client
from clients.services import register_client

pytestmark = pytest.mark.django_db


def _new_person(**fields):
    fields.setdefault("legal_first_name", "Maria")
    fields.setdefault("legal_last_name", "Lopez")
    fields.setdefault("date_of_birth", datetime.date(1961, 4, 9))
    return Client(**fields)


def test_registering_gives_each_client_a_unique_number(caseworker, team):
    first = register_client(client=_new_person(), by=caseworker, team=team)
    second = register_client(client=_new_person(legal_first_name="Ana"), by=caseworker, team=team)

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

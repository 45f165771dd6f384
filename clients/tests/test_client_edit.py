import pytest
from django.urls import reverse

from clients.models import Client
from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def _edit(person):
    return reverse("clients:edit", args=[person.pk])


def _form(person, **changes):
    data = {
        "legal_first_name": person.legal_first_name,
        "legal_last_name": person.legal_last_name,
        "date_of_birth": person.date_of_birth.isoformat(),
        "sex_at_birth": person.sex_at_birth,
        "preferred_language": person.preferred_language,
        "phone": person.phone,
        "version": person.version,
    }
    return data | changes


@pytest.fixture
def person(team):
    return ClientFactory(legal_first_name="Maria", phone="(555) 010-1111", registered_team=team)


def test_saving_changes_updates_the_record_and_its_version(client, caseworker, person):
    client.force_login(caseworker)

    response = client.post(_edit(person), _form(person, phone="(555) 010-2222"))

    assert response.url == person.get_absolute_url()
    person.refresh_from_db()
    assert (person.phone, person.version, person.updated_by) == ("(555) 010-2222", 2, caseworker)


def test_a_stale_edit_is_refused_naming_who_changed_the_record(
    client, caseworker, teammate, person
):
    opened = _form(person)
    client.force_login(teammate)
    client.post(_edit(person), _form(person, phone="(555) 010-3333"))
    client.force_login(caseworker)

    response = client.post(_edit(person), opened | {"preferred_name": "Mari"})

    assert response.status_code == 200
    assert "Terry Mate changed this record" in response.text
    assert 'value="Mari"' in response.text
    person.refresh_from_db()
    assert (person.phone, person.preferred_name) == ("(555) 010-3333", "")


def test_resubmitting_after_a_stale_refusal_saves(client, caseworker, teammate, person):
    opened = _form(person)
    client.force_login(teammate)
    client.post(_edit(person), _form(person, phone="(555) 010-3333"))
    client.force_login(caseworker)
    refused = client.post(_edit(person), opened | {"preferred_name": "Mari"})

    client.post(_edit(person), refused.context["form"].data)

    person.refresh_from_db()
    assert person.preferred_name == "Mari"


def test_a_date_of_birth_in_the_future_is_refused(client, caseworker, person):
    client.force_login(caseworker)

    response = client.post(_edit(person), _form(person, date_of_birth="2999-01-01"))

    assert "cannot be in the future" in response.text
    assert Client.objects.get().version == 1


def test_an_archived_client_cannot_be_edited(client, caseworker, person):
    person.archive(by=caseworker, reason="Moved away")
    client.force_login(caseworker)

    response = client.get(_edit(person), follow=True)

    assert response.redirect_chain == [(person.get_absolute_url(), 302)]
    assert "restore the record before changing it" in response.text


def test_a_client_of_another_team_cannot_be_edited(client, outsider, person):
    client.force_login(outsider)

    response = client.post(_edit(person), _form(person, phone="(555) 010-9999"))

    assert response.status_code == 404

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.tests.factories import CaseNoteFactory
from clients.tests.factories import (
    ClientFlagFactory,
    ConsentFactory,
    ContactFactory,
    CoverageFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _page(person):
    return reverse("clients:detail", args=[person.pk])


def test_the_cases_section_links_to_each_case(client, caseworker, case_for):
    case = case_for(status=Case.Status.ON_HOLD)
    client.force_login(caseworker)

    response = client.get(_page(case.client))

    assert case.get_absolute_url() in response.text
    assert "On hold" in response.text
    assert reverse("cases:open", args=[case.client.pk]) in response.text


def test_the_timeline_shows_notes_newest_first(client, caseworker, case_for):
    case = case_for()
    now = timezone.now()
    CaseNoteFactory(case=case, narrative="First visit", occurred_at=now - datetime.timedelta(2))
    CaseNoteFactory(case=case, narrative="Follow-up call", occurred_at=now)
    client.force_login(caseworker)

    response = client.get(_page(case.client))

    assert response.text.index("Follow-up call") < response.text.index("First visit")


def test_the_timeline_hides_a_restricted_note_from_a_teammate(client, teammate, case_for):
    case = case_for()
    CaseNoteFactory(case=case, narrative="Discussed relapse", restricted=True)
    client.force_login(teammate)

    response = client.get(_page(case.client))

    assert response.status_code == 200
    assert "Discussed relapse" not in response.text


def test_a_teammate_sees_only_that_a_restricted_clients_record_is_restricted(
    client, teammate, case_for
):
    person = case_for(restricted=True, client__phone="(555) 010-9999").client
    client.force_login(teammate)

    response = client.get(_page(person))

    assert response.status_code == 403
    assert "record is restricted" in response.text
    assert "010-9999" not in response.text
    assert reverse("cases:emergency_access", args=[person.cases.get().pk]) in response.text


def test_a_client_whose_only_case_is_restricted_is_not_found_by_another_team(
    client, outsider, case_for
):
    person = case_for(restricted=True).client
    client.force_login(outsider)

    response = client.get(_page(person))

    assert response.status_code == 404


def test_the_page_offers_emergency_access_to_a_restricted_case_beside_the_visible_ones(
    client, teammate, case_for
):
    person = case_for().client
    hidden = case_for(client=person, restricted=True)
    client.force_login(teammate)

    response = client.get(_page(person))

    assert reverse("cases:emergency_access", args=[hidden.pk]) in response.text


def test_the_page_costs_the_same_queries_however_much_the_client_has(
    client, caseworker, case_for, django_assert_max_num_queries
):
    person = case_for().client
    client.force_login(caseworker)
    for extra in (2, 12):
        for _ in range(extra):
            case = case_for(client=person)
            note = CaseNoteFactory(case=case, signed=True)
            CaseNoteFactory(case=case, addendum_to=note, signed=True)
            ContactFactory(client=person)
            CoverageFactory(client=person)
            ConsentFactory(client=person)
        ClientFlagFactory(client=person, kind="other" if extra == 2 else "fall_risk")

        with django_assert_max_num_queries(11):
            response = client.get(_page(person))

        assert response.status_code == 200

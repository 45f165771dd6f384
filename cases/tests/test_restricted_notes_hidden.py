"""A teammate outside a case's inner circle is told that restricted notes exist, and how to open
them by emergency access, instead of "No notes yet" (issue 12)."""

import pytest
from django.urls import reverse

from cases import services
from cases.tests.factories import CaseNoteFactory

pytestmark = pytest.mark.django_db

REASON = "Client in crisis at the front desk; Casey is on leave."


@pytest.fixture
def case(case_for, caseworker):
    case = case_for()
    CaseNoteFactory.create_batch(2, case=case, author=caseworker, restricted=True, signed=True)
    return case


def test_a_teammate_is_told_how_many_restricted_notes_are_hidden(client, teammate, case):
    client.force_login(teammate)

    response = client.get(case.get_absolute_url())

    assert "2 restricted notes are hidden from you" in response.text
    assert reverse("cases:emergency_access", args=[case.pk]) in response.text
    assert 'id="notes-empty" class="text-body-secondary" hidden' in response.text


def test_the_inner_circle_is_told_of_no_hidden_notes(client, caseworker, case):
    client.force_login(caseworker)

    response = client.get(case.get_absolute_url())

    assert response.context["hidden_restricted_notes"] == 0
    assert "hidden from you" not in response.text


def test_addenda_are_not_counted_as_more_hidden_notes(client, teammate, caseworker, case):
    note = case.notes.first()
    services.add_addendum(note=note, by=caseworker, narrative="Correction")
    client.force_login(teammate)

    response = client.get(case.get_absolute_url())

    assert response.context["hidden_restricted_notes"] == 2


def test_a_teammate_may_open_the_restricted_notes_by_emergency_access(client, teammate, case):
    client.force_login(teammate)

    client.post(reverse("cases:emergency_access", args=[case.pk]), {"reason": REASON})
    response = client.get(case.get_absolute_url())

    assert response.context["hidden_restricted_notes"] == 0
    assert len([n for n in response.context["notes"] if n.restricted]) == 2


def test_the_emergency_access_page_says_the_notes_are_restricted(client, teammate, case):
    client.force_login(teammate)

    response = client.get(reverse("cases:emergency_access", args=[case.pk]))

    assert response.status_code == 403
    assert "This case has restricted notes" in response.text


def test_a_teammate_with_nothing_hidden_is_sent_to_the_case(client, teammate, case_for):
    case = case_for()
    client.force_login(teammate)

    response = client.get(reverse("cases:emergency_access", args=[case.pk]))

    assert response.url == case.get_absolute_url()


def test_another_team_still_gets_404(client, outsider, case):
    client.force_login(outsider)

    response = client.get(reverse("cases:emergency_access", args=[case.pk]))

    assert response.status_code == 404

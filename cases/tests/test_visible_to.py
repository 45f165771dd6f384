"""Access rules of DESIGN.md §3, checked on the querysets every view goes through."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cases.models import Case, CaseNote
from cases.tests.factories import CaseNoteFactory
from clients.models import Client, Consent
from clients.tests.factories import ClientFactory, ConsentFactory

pytestmark = pytest.mark.django_db


def test_case_manager_sees_the_cases_of_their_team(case_for, caseworker, teammate):
    case = case_for(primary_case_manager=teammate)

    assert list(Case.objects.visible_to(caseworker)) == [case]


def test_case_manager_of_another_team_sees_nothing(case_for, outsider):
    case_for()

    assert not Case.objects.visible_to(outsider).exists()
    assert not Client.objects.visible_to(outsider).exists()


def test_supervisor_sees_the_cases_of_the_team_they_supervise(case_for, supervisor):
    case = case_for()

    assert list(Case.objects.visible_to(supervisor)) == [case]


def test_supervisor_of_another_team_sees_nothing(case_for, other_supervisor):
    case_for(restricted=True)

    assert not Case.objects.visible_to(other_supervisor).exists()


def test_admin_sees_every_case(case_for, admin_user):
    case = case_for(restricted=True)

    assert list(Case.objects.visible_to(admin_user)) == [case]


def test_anonymous_sees_nothing(case_for):
    case_for()

    assert not Case.objects.visible_to(AnonymousUser()).exists()


def test_restricted_case_is_hidden_from_a_teammate_outside_the_care_team(case_for, teammate):
    case_for(restricted=True)

    assert not Case.objects.visible_to(teammate).exists()
    assert not Client.objects.visible_to(teammate).exists()


@pytest.mark.parametrize("who", ["caseworker", "supervisor", "care_team_member"])
def test_restricted_case_is_visible_to_its_inner_circle(request, case_for, teammate, who):
    persona = teammate if who == "care_team_member" else request.getfixturevalue(who)
    case = case_for(restricted=True, care_team=[teammate])

    assert list(Case.objects.visible_to(persona)) == [case]


def test_restricted_note_on_an_open_case_is_hidden_from_teammates(case_for, teammate, caseworker):
    case = case_for()
    CaseNoteFactory(case=case, restricted=True)
    open_note = CaseNoteFactory(case=case)

    assert list(CaseNote.objects.visible_to(teammate)) == [open_note]
    assert CaseNote.objects.visible_to(caseworker).count() == 2


def test_client_without_a_case_is_visible_to_the_registering_team(team, caseworker, outsider):
    person = ClientFactory(registered_team=team)

    assert list(Client.objects.visible_to(caseworker)) == [person]
    assert not Client.objects.visible_to(outsider).exists()


def test_client_data_follows_the_client(case_for, caseworker, outsider):
    consent = ConsentFactory(client=case_for().client)

    assert list(Consent.objects.visible_to(caseworker)) == [consent]
    assert not Consent.objects.visible_to(outsider).exists()

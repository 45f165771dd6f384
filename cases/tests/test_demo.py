import pytest
from django.db.models import F

import accounts.demo
import cases.demo
import clients.demo
from cases.models import CareTeamMember, Case, CaseEvent, CaseNote
from clients.models import Client, Consent

pytestmark = pytest.mark.django_db

SEEDED = [Case, CareTeamMember, CaseEvent, CaseNote, Consent]


def seed():
    accounts.demo.seed()
    clients.demo.seed()
    cases.demo.seed()


def counts():
    return {model.__name__: model.objects.count() for model in SEEDED}


def test_seeding_the_cases_twice_changes_nothing():
    seed()
    first = counts()

    cases.demo.seed()

    assert counts() == first
    assert first["Case"] == 72


def test_three_clients_on_each_team_have_no_case_yet():
    seed()

    by_team = clients.demo.clients_by_team()

    without = {
        key: Client.objects.filter(pk__in=[person.pk for person in people], cases=None).count()
        for key, people in by_team.items()
    }
    assert without == {"north": 3, "south": 3}


def test_seeding_creates_cases_in_every_status():
    seed()

    statuses = set(Case.objects.values_list("status", flat=True))

    assert statuses == set(Case.Status.values)


def test_seeded_cases_reach_their_status_through_recorded_moves():
    seed()

    unexplained = Case.objects.exclude(status=Case.Status.REFERRED).exclude(
        events__kind__in=list(Case.MOVES)
    )

    assert not unexplained.exists()
    assert CaseEvent.objects.filter(from_status=Case.Status.CLOSED).exists()


def test_seeding_creates_every_acuity():
    seed()

    acuities = set(Case.objects.values_list("acuity", flat=True))

    assert acuities == set(Case.Acuity.values)


def test_every_restricted_demo_case_has_a_care_team():
    seed()

    without_team = Case.objects.filter(restricted=True, care_team_members=None)

    assert Case.objects.filter(restricted=True).exists()
    assert not without_team.exists()


def test_every_case_has_the_consent_to_treatment_signed_when_it_opened():
    seed()

    consented = Case.objects.filter(
        client__consents__kind=Consent.Kind.TREATMENT,
        client__consents__signed_on=F("opened_on"),
    )

    assert consented.count() == Case.objects.count()


def test_some_signed_notes_have_addenda():
    seed()

    assert CaseNote.objects.exclude(addendum_to=None).exists()


def test_some_notes_are_still_drafts():
    seed()

    assert CaseNote.objects.filter(status=CaseNote.Status.DRAFT).exists()

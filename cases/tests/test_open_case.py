import pytest

from cases.models import Case, CaseEvent
from cases.services import open_case
from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def _case(team, manager, **fields):
    person = fields.pop("client", None) or ClientFactory(registered_team=team)
    return Case(
        client=person, team=team, program=team.program, primary_case_manager=manager, **fields
    )


def test_opening_a_case_records_an_opened_event(team, caseworker):
    case = open_case(case=_case(team, caseworker), by=caseworker)

    event = case.events.get()
    assert (event.kind, event.to_status, event.actor) == (
        CaseEvent.OPENED,
        Case.Status.INTAKE,
        caseworker,
    )


def test_opening_a_case_adds_the_care_team_without_the_primary(team, caseworker, teammate):
    case = open_case(case=_case(team, caseworker), by=caseworker, care_team=[caseworker, teammate])

    assert list(case.care_team.all()) == [teammate]


def test_a_case_cannot_be_opened_for_an_archived_client(team, caseworker):
    person = ClientFactory(registered_team=team)
    person.archive(by=caseworker, reason="Moved away")

    with pytest.raises(ValueError, match="archived"):
        open_case(case=_case(team, caseworker, client=person), by=caseworker)

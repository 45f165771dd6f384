"""Supervision notes (issue 15): a supervisor's notes on a case manager's work, seen only by
that case manager and the team's supervisors."""

import pytest
from django.urls import reverse

from casemgmt.transitions import InvalidTransition
from cases.tests.factories import CaseFactory
from reminders.models import Notification
from supervision.models import SupervisionNote
from supervision.services import add_supervision_note

pytestmark = pytest.mark.django_db


def _url(team, person) -> str:
    return reverse("supervision:person_notes", args=[team.pk, person.pk])


def _note(team, about, by, **fields):
    return add_supervision_note(team=team, about=about, by=by, text="Good crisis plan", **fields)


def test_a_supervisor_adds_a_note_on_a_case_and_the_case_manager_is_told(
    client, team, supervisor, caseworker
):
    case = CaseFactory(team=team, primary_case_manager=caseworker)
    client.force_login(supervisor)

    client.post(_url(team, caseworker), {"text": "Call the landlord first", "case": case.pk})

    note = SupervisionNote.objects.get()
    assert (note.about, note.author, note.case, note.text) == (
        caseworker,
        supervisor,
        case,
        "Call the landlord first",
    )
    assert Notification.objects.filter(
        recipient=caseworker, title__startswith="Supervision"
    ).exists()


def test_the_case_manager_reads_the_notes_about_them(client, team, supervisor, caseworker):
    note = _note(team, caseworker, supervisor)
    client.force_login(caseworker)

    response = client.get(reverse("supervision:my_notes"))

    assert list(response.context["notes"]) == [note]


def test_a_teammate_does_not_see_notes_about_someone_else(team, supervisor, caseworker, teammate):
    _note(team, caseworker, supervisor)

    assert not SupervisionNote.objects.visible_to(teammate).exists()


def test_another_teams_supervisor_does_not_see_the_notes(
    team, supervisor, caseworker, other_supervisor
):
    _note(team, caseworker, supervisor)

    assert not SupervisionNote.objects.visible_to(other_supervisor).exists()


def test_a_case_manager_cannot_write_supervision_notes(team, caseworker, teammate):
    with pytest.raises(InvalidTransition, match="Only a supervisor"):
        _note(team, teammate, caseworker)


def test_another_teams_notes_page_is_404(client, team, caseworker, other_supervisor):
    client.force_login(other_supervisor)

    assert client.get(_url(team, caseworker)).status_code == 404


def test_someone_not_on_the_team_has_no_notes_page(client, team, supervisor, outsider):
    client.force_login(supervisor)

    assert client.get(_url(team, outsider)).status_code == 404


def test_a_note_cannot_be_changed(team, supervisor, caseworker):
    note = _note(team, caseworker, supervisor)

    with pytest.raises(Exception, match="supervisionnote_append_only"):
        SupervisionNote.objects.filter(pk=note.pk).update(text="Rewritten")

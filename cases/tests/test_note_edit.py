import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseNote
from cases.tests.factories import CaseNoteFactory

pytestmark = pytest.mark.django_db


def _url(note) -> str:
    return reverse("cases:note_edit", args=[note.pk])


def _data(note, **overrides):
    data = {
        "contact_type": note.contact_type,
        "occurred_at": timezone.localtime(note.occurred_at).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": note.duration_minutes,
        "narrative": note.narrative,
        "action": "draft",
    }
    return data | overrides


def test_the_author_can_change_a_draft(client, caseworker, case_for):
    note = CaseNoteFactory(case=case_for(), author=caseworker, narrative="First try")
    client.force_login(caseworker)

    response = client.post(_url(note), _data(note, narrative="Second try"))

    note.refresh_from_db()
    assert response.url == note.get_absolute_url()
    assert (note.narrative, note.status) == ("Second try", CaseNote.Status.DRAFT)


def test_the_author_can_save_and_sign_from_the_edit_page(client, caseworker, case_for):
    note = CaseNoteFactory(case=case_for(), author=caseworker)
    client.force_login(caseworker)

    client.post(_url(note), _data(note, action="sign"))

    note.refresh_from_db()
    assert note.status == CaseNote.Status.SIGNED


def test_someone_else_gets_403_with_a_clear_message(client, teammate, case_for):
    note = CaseNoteFactory(case=case_for(), narrative="Untouched")
    client.force_login(teammate)

    response = client.post(_url(note), _data(note, narrative="Overwritten"))

    assert response.status_code == 403
    assert "Only its author" in response.content.decode()
    note.refresh_from_db()
    assert note.narrative == "Untouched"


def test_a_signed_note_cannot_be_changed(client, caseworker, case_for):
    note = CaseNoteFactory(case=case_for(), author=caseworker, signed=True, narrative="Final")
    client.force_login(caseworker)

    response = client.post(_url(note), _data(note, narrative="Changed"), follow=True)

    assert "Signed notes cannot be changed; add an addendum" in response.content.decode()
    note.refresh_from_db()
    assert note.narrative == "Final"


def test_editing_a_note_on_another_team_is_404(client, outsider, case_for):
    note = CaseNoteFactory(case=case_for())
    client.force_login(outsider)

    response = client.get(_url(note))

    assert response.status_code == 404


def test_editing_a_restricted_note_is_404_outside_the_inner_circle(client, teammate, case_for):
    note = CaseNoteFactory(case=case_for(), restricted=True)
    client.force_login(teammate)

    response = client.get(_url(note))

    assert response.status_code == 404

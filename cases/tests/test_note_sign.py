import pytest
from django.db import InternalError, transaction
from django.urls import reverse

from cases.models import CaseNote
from cases.tests.factories import CaseNoteFactory

pytestmark = pytest.mark.django_db


def _url(note) -> str:
    return reverse("cases:note_sign", args=[note.pk])


def test_the_author_signs_a_draft(client, caseworker, case_for):
    note = CaseNoteFactory(case=case_for(), author=caseworker)
    client.force_login(caseworker)

    response = client.post(_url(note))

    assert response.url == note.get_absolute_url()
    note.refresh_from_db()
    assert (note.status, note.signed_by) == (CaseNote.Status.SIGNED, caseworker)


def test_someone_else_cannot_sign_the_draft(client, teammate, case_for):
    note = CaseNoteFactory(case=case_for())
    client.force_login(teammate)

    response = client.post(_url(note), follow=True)

    assert "Only the author can sign this note." in response.content.decode()
    note.refresh_from_db()
    assert note.status == CaseNote.Status.DRAFT


def test_signing_twice_is_an_error_message_not_a_failure(client, caseworker, case_for):
    note = CaseNoteFactory(case=case_for(), author=caseworker, signed=True)
    client.force_login(caseworker)

    response = client.post(_url(note), follow=True)

    assert "already signed" in response.content.decode()


def test_signing_needs_a_post(client, caseworker, case_for):
    note = CaseNoteFactory(case=case_for(), author=caseworker)
    client.force_login(caseworker)

    response = client.get(_url(note))

    assert response.status_code == 405


def test_signing_a_note_on_another_team_is_404(client, outsider, case_for):
    note = CaseNoteFactory(case=case_for())
    client.force_login(outsider)

    response = client.post(_url(note))

    assert response.status_code == 404


def test_a_signed_note_cannot_be_updated_even_through_the_orm(case_for):
    note = CaseNoteFactory(case=case_for(), signed=True)

    with pytest.raises(InternalError), transaction.atomic():
        CaseNote.objects.filter(pk=note.pk).update(narrative="Rewritten")


def test_a_signed_note_cannot_be_saved_with_changes(case_for):
    note = CaseNoteFactory(case=case_for(), signed=True)
    note.narrative = "Rewritten"

    with pytest.raises(InternalError), transaction.atomic():
        note.save()


def test_a_draft_note_can_still_be_updated(case_for):
    note = CaseNoteFactory(case=case_for())

    CaseNote.objects.filter(pk=note.pk).update(narrative="Rewritten")

    note.refresh_from_db()
    assert note.narrative == "Rewritten"

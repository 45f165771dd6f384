import pytest
from django.urls import reverse

from cases.models import Case, CaseNote
from cases.services import add_addendum
from cases.tests.factories import CaseNoteFactory

pytestmark = pytest.mark.django_db


def _url(note) -> str:
    return reverse("cases:addendum_add", args=[note.pk])


def test_an_addendum_is_a_signed_note_linked_to_the_original(client, teammate, case_for):
    note = CaseNoteFactory(case=case_for(), signed=True)
    client.force_login(teammate)

    response = client.post(_url(note), {"narrative": "Correction: the visit lasted 90 minutes."})

    addendum = CaseNote.objects.get(addendum_to=note)
    assert response.url == note.get_absolute_url()
    assert (addendum.author, addendum.status, addendum.case) == (
        teammate,
        CaseNote.Status.SIGNED,
        note.case,
    )


def test_an_addendum_leaves_the_original_untouched(client, caseworker, case_for):
    note = CaseNoteFactory(case=case_for(), signed=True, narrative="Original words")
    client.force_login(caseworker)

    client.post(_url(note), {"narrative": "Correction"})

    note.refresh_from_db()
    assert note.narrative == "Original words"


def test_an_addendum_needs_a_narrative(client, caseworker, case_for):
    note = CaseNoteFactory(case=case_for(), signed=True)
    client.force_login(caseworker)

    response = client.post(_url(note), {"narrative": "  "})

    assert response.context["form"].errors["narrative"]
    assert not CaseNote.objects.filter(addendum_to=note).exists()


def test_a_draft_takes_no_addendum(client, caseworker, case_for):
    note = CaseNoteFactory(case=case_for(), author=caseworker)
    client.force_login(caseworker)

    response = client.post(_url(note), {"narrative": "Correction"}, follow=True)

    assert "Only signed notes take addenda" in response.content.decode()
    assert not CaseNote.objects.filter(addendum_to=note).exists()


def test_a_closed_case_still_takes_addenda(client, caseworker, case_for):
    note = CaseNoteFactory(case=case_for(status=Case.Status.CLOSED), signed=True)
    client.force_login(caseworker)

    client.post(_url(note), {"narrative": "Late correction"})

    assert CaseNote.objects.filter(addendum_to=note).exists()


def test_an_addendum_to_an_addendum_goes_to_the_original(client, caseworker, case_for):
    note = CaseNoteFactory(case=case_for(), signed=True)
    first = add_addendum(note=note, by=caseworker, narrative="First correction")
    client.force_login(caseworker)

    response = client.get(_url(first))

    assert response.url == _url(note)


def test_adding_an_addendum_on_another_team_is_404(client, outsider, case_for):
    note = CaseNoteFactory(case=case_for(), signed=True)
    client.force_login(outsider)

    response = client.post(_url(note), {"narrative": "Sneaky"})

    assert response.status_code == 404
    assert not CaseNote.objects.filter(addendum_to=note).exists()

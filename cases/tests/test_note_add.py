import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseNote

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(case) -> str:
    return reverse("cases:note_add", args=[case.pk])


def _data(**overrides):
    data = {
        "contact_type": CaseNote.ContactType.HOME,
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 45,
        "narrative": "Home visit: fridge stocked, meds in the organizer.",
        "action": "draft",
    }
    return data | overrides


def test_saving_a_draft_records_the_author_and_returns_to_the_note(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)

    response = client.post(_url(case), _data())

    note = CaseNote.objects.get(case=case)
    assert response.url == note.get_absolute_url()
    assert (note.author, note.status, note.duration_minutes) == (
        caseworker,
        CaseNote.Status.DRAFT,
        45,
    )


def test_save_and_sign_signs_the_new_note(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)

    client.post(_url(case), _data(action="sign"))

    note = CaseNote.objects.get(case=case)
    assert (note.status, note.signed_by) == (CaseNote.Status.SIGNED, caseworker)


def test_an_htmx_post_returns_the_note_fragment_and_saves_the_note(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)

    response = client.post(_url(case), _data(), **HTMX)

    note = CaseNote.objects.get(case=case)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="note-{note.pk}"' in body
    assert "Note saved" in body
    assert "<html" not in body


def test_an_htmx_post_sends_a_fresh_form_out_of_band(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)

    response = client.post(_url(case), _data(), **HTMX)

    assert 'id="note-form"' in response.content.decode()
    assert 'hx-swap-oob="true"' in response.content.decode()
    assert "fridge stocked" not in response.content.decode().split('id="note-form"')[1]


def test_an_invalid_htmx_post_re_renders_the_form_in_place_with_errors(
    client, caseworker, case_for
):
    case = case_for()
    client.force_login(caseworker)

    response = client.post(_url(case), _data(narrative=""), **HTMX)

    assert response.headers["HX-Retarget"] == "#note-form"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert response.context["form"].errors["narrative"]
    assert not CaseNote.objects.exists()


def test_a_note_cannot_be_dated_in_the_future(client, caseworker, case_for):
    case = case_for()
    later = timezone.localtime() + datetime.timedelta(hours=2)
    client.force_login(caseworker)

    response = client.post(_url(case), _data(occurred_at=later.strftime("%Y-%m-%dT%H:%M")))

    assert response.context["form"].errors["occurred_at"]
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize("minutes", [-5, 1441, "an hour"])
def test_the_duration_must_be_0_to_1440_minutes(client, caseworker, case_for, minutes):
    case = case_for()
    client.force_login(caseworker)

    response = client.post(_url(case), _data(duration_minutes=minutes))

    assert response.context["form"].errors["duration_minutes"]
    assert not CaseNote.objects.exists()


def test_a_restricted_note_is_recorded_as_restricted(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)

    client.post(_url(case), _data(restricted="on"))

    assert CaseNote.objects.get(case=case).restricted


def test_a_closed_case_takes_no_new_notes(client, caseworker, case_for):
    case = case_for(status=Case.Status.CLOSED)
    client.force_login(caseworker)

    response = client.post(_url(case), _data())

    assert "takes no new notes" in str(response.context["form"].non_field_errors())
    assert not CaseNote.objects.exists()


def test_a_closed_case_refuses_an_htmx_note_in_the_form(client, caseworker, case_for):
    case = case_for(status=Case.Status.CLOSED)
    client.force_login(caseworker)

    response = client.post(_url(case), _data(), **HTMX)

    assert response.headers["HX-Retarget"] == "#note-form"
    assert "takes no new notes" in response.content.decode()


def test_adding_a_note_to_a_case_on_another_team_is_404(client, outsider, case_for):
    case = case_for()
    client.force_login(outsider)

    response = client.post(_url(case), _data())

    assert response.status_code == 404
    assert not CaseNote.objects.exists()


def test_the_add_note_page_works_without_javascript(client, caseworker, case_for):
    case = case_for()
    client.force_login(caseworker)

    response = client.get(_url(case))

    assert response.status_code == 200
    assert "Save and sign" in response.content.decode()

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from cases.models import Case, CaseNote
from cases.services import add_addendum
from cases.tests.factories import CaseNoteFactory
from clients.tests.factories import ClientFactory, ClientFlagFactory

pytestmark = pytest.mark.django_db


def _url(case) -> str:
    return reverse("cases:detail", args=[case.pk])


def test_the_case_page_shows_the_client_and_links_to_their_record(client, caseworker, case_for):
    case = case_for(client=ClientFactory(legal_first_name="Rosa", legal_last_name="Diaz"))
    client.force_login(caseworker)

    response = client.get(_url(case))

    body = response.content.decode()
    assert "Rosa Diaz" in body
    assert case.client.client_number in body
    assert reverse("clients:detail", args=[case.client.pk]) in body


def test_active_client_flags_show_in_a_banner(client, caseworker, case_for):
    case = case_for()
    ClientFlagFactory(client=case.client, reason="Aggressive dog at the home")
    client.force_login(caseworker)

    response = client.get(_url(case))

    assert "Aggressive dog at the home" in response.content.decode()


def test_the_care_team_is_listed_with_each_members_role(client, caseworker, teammate, case_for):
    case = case_for()
    case.care_team_members.create(user=teammate, role="Peer specialist")
    client.force_login(caseworker)

    response = client.get(_url(case))

    assert [(str(m.user), m.role) for m in response.context["care_team"]] == [
        (str(teammate), "Peer specialist")
    ]
    assert "Peer specialist" in response.text


def test_cleared_flags_are_not_shown(client, caseworker, case_for):
    case = case_for()
    ClientFlagFactory(client=case.client, reason="Old concern").clear(by=caseworker)
    client.force_login(caseworker)

    response = client.get(_url(case))

    assert "Old concern" not in response.content.decode()


def test_the_page_offers_only_the_moves_allowed_from_the_current_status(
    client, caseworker, case_for
):
    case = case_for(status=Case.Status.ACTIVE)
    client.force_login(caseworker)

    response = client.get(_url(case))

    body = response.content.decode()
    assert reverse("cases:transition", args=[case.pk, "hold"]) in body
    assert reverse("cases:transition", args=[case.pk, "close"]) in body
    assert reverse("cases:transition", args=[case.pk, "reopen"]) not in body


def test_notes_are_listed_newest_first(client, caseworker, case_for):
    case = case_for()
    now = timezone.now()
    older = CaseNoteFactory(case=case, occurred_at=now - datetime.timedelta(days=3))
    newer = CaseNoteFactory(case=case, occurred_at=now - datetime.timedelta(days=1))
    client.force_login(caseworker)

    response = client.get(_url(case))

    assert list(response.context["notes"]) == [newer, older]


def _notes_a_day_apart(case, count: int) -> list[CaseNote]:
    """`count` notes, the newest first, a day apart."""
    now = timezone.now()
    return [
        CaseNoteFactory(case=case, occurred_at=now - datetime.timedelta(days=day))
        for day in range(count)
    ]


def test_the_case_page_shows_the_newest_20_notes_and_links_to_older_ones(
    client, caseworker, case_for
):
    notes = _notes_a_day_apart(case_for(), 21)
    client.force_login(caseworker)

    first = client.get(_url(notes[0].case))
    older = client.get(_url(notes[0].case), {"from": first.context["notes_page"].next_key})

    assert first.context["notes"] == notes[:20]
    assert older.context["notes"] == notes[20:]
    assert f"?from={first.context['notes_page'].next_key}#notes-heading" in first.text


def test_a_notes_address_opens_its_case_page_at_that_note(client, caseworker, case_for):
    notes = _notes_a_day_apart(case_for(), 25)
    client.force_login(caseworker)

    response = client.get(notes[22].get_absolute_url())

    assert response.context["notes"] == notes[22:]


def test_the_hidden_restricted_notes_are_counted_beyond_the_first_page(
    client, caseworker, teammate, case_for
):
    case = case_for()
    _notes_a_day_apart(case, 21)
    CaseNoteFactory(
        case=case, restricted=True, occurred_at=timezone.now() - datetime.timedelta(days=30)
    )
    client.force_login(teammate)

    response = client.get(_url(case))

    assert response.context["hidden_restricted_notes"] == 1


def test_addenda_are_shown_under_their_note_not_as_notes(client, caseworker, case_for):
    note = CaseNoteFactory(case=case_for(), signed=True)
    addendum = add_addendum(note=note, by=caseworker, narrative="Correction: two visits.")
    client.force_login(caseworker)

    response = client.get(_url(note.case))

    assert list(response.context["notes"]) == [note]
    assert "Correction: two visits." in response.content.decode()
    assert f'id="note-{addendum.pk}"' not in response.content.decode()


def test_the_author_gets_edit_and_sign_on_their_own_drafts(client, caseworker, case_for):
    draft = CaseNoteFactory(case=case_for(), author=caseworker)
    client.force_login(caseworker)

    response = client.get(_url(draft.case))

    body = response.content.decode()
    assert reverse("cases:note_edit", args=[draft.pk]) in body
    assert reverse("cases:note_sign", args=[draft.pk]) in body


def test_others_get_no_edit_or_sign_on_someone_elses_draft(client, teammate, case_for):
    draft = CaseNoteFactory(case=case_for())
    client.force_login(teammate)

    response = client.get(_url(draft.case))

    body = response.content.decode()
    assert reverse("cases:note_edit", args=[draft.pk]) not in body
    assert reverse("cases:note_sign", args=[draft.pk]) not in body


def test_signed_notes_offer_an_addendum(client, teammate, case_for):
    note = CaseNoteFactory(case=case_for(), signed=True)
    client.force_login(teammate)

    response = client.get(_url(note.case))

    assert reverse("cases:addendum_add", args=[note.pk]) in response.content.decode()


def test_a_restricted_note_is_hidden_from_a_teammate_outside_the_inner_circle(
    client, teammate, case_for
):
    case = case_for()
    CaseNoteFactory(case=case, narrative="Discussed HIV status", restricted=True)
    CaseNoteFactory(case=case, narrative="Housing visit")
    client.force_login(teammate)

    response = client.get(_url(case))

    body = response.content.decode()
    assert "Housing visit" in body
    assert "Discussed HIV status" not in body


def test_a_restricted_note_is_shown_to_the_care_team(client, teammate, case_for):
    case = case_for(care_team=[teammate])
    CaseNoteFactory(case=case, narrative="Discussed HIV status", restricted=True)
    client.force_login(teammate)

    response = client.get(_url(case))

    assert "Discussed HIV status" in response.content.decode()


def test_the_status_history_names_who_moved_the_case(client, caseworker, case_for):
    case = case_for(status=Case.Status.ACTIVE)
    case.hold(by=caseworker, note="Client in hospital")
    client.force_login(caseworker)

    response = client.get(_url(case))

    body = response.content.decode()
    assert "Client in hospital" in body
    assert "Casey Worker" in body


def test_a_closed_case_has_no_add_note_form(client, caseworker, case_for):
    case = case_for(status=Case.Status.CLOSED)
    client.force_login(caseworker)

    response = client.get(_url(case))

    assert response.context["form"] is None
    assert "takes no new notes" in response.content.decode()


def test_a_case_on_another_team_is_404(client, outsider, case_for):
    case = case_for()
    client.force_login(outsider)

    response = client.get(_url(case))

    assert response.status_code == 404


def test_a_restricted_case_offers_a_teammate_outside_the_inner_circle_only_emergency_access(
    client, teammate, case_for
):
    case = case_for(restricted=True, presenting_need="Opioid use disorder")
    client.force_login(teammate)

    response = client.get(_url(case))

    assert response.status_code == 403
    assert "Emergency access" in response.text
    assert "Opioid" not in response.text


def test_a_restricted_case_is_404_for_another_team(client, outsider, case_for):
    case = case_for(restricted=True)
    client.force_login(outsider)

    response = client.get(_url(case))

    assert response.status_code == 404


def test_a_restricted_case_is_visible_to_the_team_supervisor(client, supervisor, case_for):
    case = case_for(restricted=True)
    client.force_login(supervisor)

    response = client.get(_url(case))

    assert response.status_code == 200


def test_the_case_page_query_count_does_not_grow_with_notes_addenda_events_or_care_team(
    client, caseworker, team, case_for, django_assert_max_num_queries
):
    case = case_for(status=Case.Status.REFERRED)
    client.force_login(caseworker)
    moves = iter(
        [
            lambda: case.start_intake(by=caseworker),
            lambda: case.activate(by=caseworker),
        ]
    )
    for extra in (2, 12):
        for _ in range(extra):
            note = CaseNoteFactory(case=case, author=caseworker, signed=True)
            add_addendum(note=note, by=caseworker, narrative="More detail.")
            CaseNoteFactory(case=case, author=caseworker, contact_type=CaseNote.ContactType.HOME)
        member = UserFactory()
        team.members.add(member)
        case.care_team.add(member)
        next(moves)()

        with django_assert_max_num_queries(11):
            response = client.get(_url(case))

        assert response.status_code == 200

"""The case manager's referral pages: drafting, sending, recording answers, new partner links, the
case page's list, and access."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.tests.factories import CaseFactory
from referrals.models import PartnerLink, Referral
from referrals.tests.referral_factories import (
    ServiceFactory,
    covering_consent,
    draft_referral,
    sent_referral,
)
from referrals.tests.referral_helpers import (
    consent_naming,
    errors,
    put_in,
    successes,
    unsent_referral,
)

pytestmark = pytest.mark.django_db

S = Referral.Status


def move_url(referral: Referral, move: str) -> str:
    return reverse("referrals:transition", args=[referral.pk, move])


# ---------------------------------------------------------------------------------------------
# New referral


def test_the_new_referral_form_preselects_the_service_chosen_in_the_directory(
    client, caseworker, case_for
):
    service = ServiceFactory()
    client.force_login(caseworker)

    response = client.get(reverse("referrals:new", args=[case_for().pk]), {"service": service.pk})

    assert response.status_code == 200
    assert response.context["form"]["service"].value() == str(service.pk)
    assert f'value="{service.pk}" selected' in response.content.decode()


def test_posting_the_form_saves_a_draft_and_opens_it(client, caseworker, case_for):
    case = case_for()
    service = ServiceFactory()
    client.force_login(caseworker)

    response = client.post(
        reverse("referrals:new", args=[case.pk]),
        {
            "service": service.pk,
            "reason": "Needs groceries",
            "urgency": Referral.Urgency.SOON,
            "shared_sections": ["need", "contact"],
        },
    )

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response.url == referral.get_absolute_url()
    assert (referral.case, referral.service, referral.organization) == (
        case,
        service,
        service.organization,
    )
    assert (referral.status, referral.urgency) == (S.DRAFT, Referral.Urgency.SOON)
    assert referral.shared_sections == ["need", "contact"]
    assert referral.created_by == caseworker
    assert successes(response) == ["Referral drafted: check what is shared, then send it."]


def test_the_form_needs_a_reason(client, caseworker, case_for):
    client.force_login(caseworker)

    response = client.post(
        reverse("referrals:new", args=[case_for().pk]),
        {
            "service": ServiceFactory().pk,
            "reason": "",
            "urgency": "routine",
            "shared_sections": ["need"],
        },
    )

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not Referral.objects.exists()


def test_a_closed_case_cannot_be_referred(client, caseworker, case_for):
    closed = case_for(status=Case.Status.CLOSED)
    client.force_login(caseworker)

    response = client.post(
        reverse("referrals:new", args=[closed.pk]),
        {
            "service": ServiceFactory().pk,
            "reason": "Needs groceries",
            "urgency": "routine",
            "shared_sections": ["need"],
        },
    )

    assert response.status_code == 302
    assert response.url == closed.get_absolute_url()
    assert errors(response) == ["This case is closed: reopen it to refer the client."]
    assert not Referral.objects.exists()


# ---------------------------------------------------------------------------------------------
# Send


def test_sending_under_a_chosen_consent_sends_it(client, caseworker, case_for):
    case = case_for()
    referral = unsent_referral(case, by=caseworker)
    consent = covering_consent(case, referral.organization, by=caseworker)
    client.force_login(caseworker)

    response = client.post(reverse("referrals:send", args=[referral.pk]), {"consent": consent.pk})

    assert response.status_code == 302
    assert response.url == referral.get_absolute_url()
    referral.refresh_from_db()
    assert (referral.status, referral.consent) == (S.SENT, consent)
    assert successes(response) == ["Referral sent: give the organization its packet and link."]


def test_the_referral_page_shows_the_new_partner_link_once(client, caseworker, case_for):
    case = case_for()
    referral = unsent_referral(case, by=caseworker)
    consent = covering_consent(case, referral.organization, by=caseworker)
    client.force_login(caseworker)
    client.post(reverse("referrals:send", args=[referral.pk]), {"consent": consent.pk})
    link = PartnerLink.objects.get(referral=referral)

    first = client.get(referral.get_absolute_url())
    second = client.get(referral.get_absolute_url())

    assert first.context["new_link"] == f"http://testserver{link.get_absolute_url()}"
    assert "Partner link for" in first.content.decode()
    assert second.context["new_link"] is None
    assert "Partner link for" not in second.content.decode()


def test_sending_without_a_consent_is_refused_and_it_stays_a_draft(client, caseworker, case_for):
    service = ServiceFactory(organization__name="Harbor Food Pantry")
    referral = unsent_referral(case_for(), by=caseworker, service=service)
    client.force_login(caseworker)

    response = client.post(reverse("referrals:send", args=[referral.pk]), {})

    assert response.status_code == 302
    assert errors(response) == [
        "Choose a valid consent naming Harbor Food Pantry; without one nothing is sent."
    ]
    referral.refresh_from_db()
    assert referral.status == S.DRAFT
    assert not PartnerLink.objects.exists()


def test_sending_under_a_consent_naming_another_organization_is_refused(
    client, caseworker, case_for
):
    case = case_for()
    service = ServiceFactory(organization__name="Harbor Food Pantry")
    referral = unsent_referral(case, by=caseworker, service=service)
    elsewhere = consent_naming(case, ServiceFactory().organization, by=caseworker)
    client.force_login(caseworker)

    response = client.post(reverse("referrals:send", args=[referral.pk]), {"consent": elsewhere.pk})

    assert errors(response) == [
        "Choose a valid consent naming Harbor Food Pantry; without one nothing is sent."
    ]
    referral.refresh_from_db()
    assert (referral.status, referral.consent) == (S.DRAFT, None)


def test_sending_is_post_only(client, caseworker, case_for):
    referral = draft_referral(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.get(reverse("referrals:send", args=[referral.pk]))

    assert response.status_code == 405


# ---------------------------------------------------------------------------------------------
# Recording an answer


def test_the_move_page_shows_the_form_for_that_move(client, caseworker, case_for):
    referral, _ = sent_referral(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.get(move_url(referral, "decline"))

    assert response.status_code == 200
    assert response.context["label"] == "Decline"
    assert list(response.context["form"].fields) == ["reason", "note"]


# A browser always posts the (optional) note, even empty: the view treats an empty POST as a GET.
@pytest.mark.parametrize(
    ("source", "move", "data", "expected"),
    [
        (S.SENT, "accept", {"note": "Intake called back"}, S.ACCEPTED),
        (S.SENT, "waitlist", {"note": ""}, S.WAITLISTED),
        (S.SENT, "decline", {"reason": "no_capacity"}, S.DECLINED),
        (S.ACCEPTED, "schedule", {"appointment_at": "2026-07-01T14:30"}, S.SCHEDULED),
        (S.SCHEDULED, "complete", {"outcome": "received"}, S.COMPLETED),
        (S.SCHEDULED, "no_show", {"note": ""}, S.NO_SHOW),
        (S.SENT, "cancel", {"note": "Client moved away"}, S.CANCELLED),
    ],
)
def test_posting_a_move_records_it(source, move, data, expected, client, caseworker, case_for):
    referral = put_in(sent_referral(case_for(), by=caseworker)[0], source)
    client.force_login(caseworker)

    response = client.post(move_url(referral, move), data)

    assert response.status_code == 302
    assert response.url == referral.get_absolute_url()
    referral.refresh_from_db()
    assert referral.status == expected
    event = referral.events.get(kind=move)
    assert (event.actor, event.via_partner_link) == (caseworker, False)
    assert successes(response) == [f"Recorded: {referral.get_status_display().lower()}."]


def test_posting_a_decline_records_its_reason_and_note(client, caseworker, case_for):
    referral, _ = sent_referral(case_for(), by=caseworker)
    client.force_login(caseworker)

    client.post(move_url(referral, "decline"), {"reason": "ineligible", "note": "Over income"})

    referral.refresh_from_db()
    assert referral.decline_reason == Referral.DeclineReason.INELIGIBLE
    assert referral.events.get(kind="decline").note == "Over income"


def test_posting_a_schedule_records_the_appointment_in_local_time(client, caseworker, case_for):
    referral = put_in(sent_referral(case_for(), by=caseworker)[0], S.ACCEPTED)
    client.force_login(caseworker)

    client.post(move_url(referral, "schedule"), {"appointment_at": "2026-07-01T14:30"})

    referral.refresh_from_db()
    local = timezone.localtime(referral.appointment_at)
    assert (local.date(), local.time()) == (datetime.date(2026, 7, 1), datetime.time(14, 30))


def test_posting_a_complete_records_the_outcome(client, caseworker, case_for):
    referral = put_in(sent_referral(case_for(), by=caseworker)[0], S.SCHEDULED)
    client.force_login(caseworker)

    client.post(move_url(referral, "complete"), {"outcome": "partial"})

    referral.refresh_from_db()
    assert referral.outcome == Referral.Outcome.PARTIAL


@pytest.mark.parametrize(
    ("source", "move", "missing"),
    [
        (S.SENT, "decline", "reason"),
        (S.ACCEPTED, "schedule", "appointment_at"),
        (S.SCHEDULED, "complete", "outcome"),
        (S.SENT, "cancel", "note"),
    ],
)
def test_a_move_without_what_it_needs_shows_the_form_again(
    source, move, missing, client, caseworker, case_for
):
    referral = put_in(sent_referral(case_for(), by=caseworker)[0], source)
    client.force_login(caseworker)

    response = client.post(move_url(referral, move), {"note": ""})

    assert response.status_code == 200
    assert missing in response.context["form"].errors
    referral.refresh_from_db()
    assert referral.status == source


def test_an_illegal_move_is_refused_with_a_message(client, caseworker, case_for):
    referral = put_in(sent_referral(case_for(), by=caseworker)[0], S.COMPLETED)
    client.force_login(caseworker)

    response = client.post(move_url(referral, "accept"), {"note": ""})

    assert response.status_code == 302
    assert errors(response) == ["Cannot accept: the referral is completed."]
    referral.refresh_from_db()
    assert referral.status == S.COMPLETED


@pytest.mark.parametrize("move", ["send", "delete", "rerouted"])
def test_sending_or_an_unknown_move_is_not_a_move_page(move, client, caseworker, case_for):
    referral = draft_referral(case_for(), by=caseworker)
    client.force_login(caseworker)

    assert client.get(move_url(referral, move)).status_code == 404
    assert client.post(move_url(referral, move), {}).status_code == 404


def test_cancelling_an_unsent_draft_through_the_page_cancels_it(client, caseworker, case_for):
    referral = unsent_referral(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.post(move_url(referral, "cancel"), {"note": "Client found help elsewhere"})

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.CANCELLED


# ---------------------------------------------------------------------------------------------
# New partner link


def test_a_new_link_replaces_the_older_unused_one(client, caseworker, case_for):
    referral, older = sent_referral(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.post(reverse("referrals:new_link", args=[referral.pk]))

    newer = PartnerLink.objects.usable().get()
    assert newer.referral == referral
    assert newer != older
    older.refresh_from_db()
    assert older.revoked_at is not None
    assert successes(response) == ["New partner link issued; earlier unused links stop working."]
    page = client.get(referral.get_absolute_url())
    assert page.context["new_link"] == f"http://testserver{newer.get_absolute_url()}"


def test_a_draft_gets_no_partner_link(client, caseworker, case_for):
    referral = draft_referral(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.post(reverse("referrals:new_link", args=[referral.pk]))

    assert errors(response) == ["Only a sent, open referral gets a partner link."]
    assert not PartnerLink.objects.exists()


def test_no_new_link_once_the_consent_is_revoked(client, caseworker, case_for):
    referral, older = sent_referral(case_for(), by=caseworker)
    referral.consent.revoke(by=caseworker, reason="Client withdrew consent")
    client.force_login(caseworker)

    response = client.post(reverse("referrals:new_link", args=[referral.pk]))

    assert errors(response) == ["The consent it was sent under no longer allows sharing."]
    assert list(PartnerLink.objects.all()) == [older]


# ---------------------------------------------------------------------------------------------
# The case page


def test_the_case_page_lists_the_cases_referrals(client, caseworker, case_for):
    case = case_for()
    sent, _ = sent_referral(
        case, by=caseworker, service=ServiceFactory(organization__name="Harbor Food Pantry")
    )
    draft = unsent_referral(
        case, by=caseworker, service=ServiceFactory(organization__name="Eastside Housing")
    )
    elsewhere = unsent_referral(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.get(reverse("cases:detail", args=[case.pk]))

    assert set(response.context["referrals"]) == {sent, draft}
    html = response.content.decode()
    assert "Harbor Food Pantry" in html
    assert "Eastside Housing" in html
    assert elsewhere.get_absolute_url() not in html


# ---------------------------------------------------------------------------------------------
# Access


REFERRAL_URLS = [
    ("get", "referrals:detail", ()),
    ("post", "referrals:send", ()),
    ("get", "referrals:transition", ("accept",)),
    ("post", "referrals:transition", ("cancel",)),
    ("post", "referrals:new_link", ()),
    ("get", "referrals:reroute", ()),
    ("post", "referrals:reroute", ()),
    ("get", "referrals:packet", ()),
    ("get", "referrals:packet_pdf", ()),
]


@pytest.mark.parametrize(("method", "name", "extra"), REFERRAL_URLS)
def test_another_teams_referral_is_not_found(method, name, extra, client, caseworker, outsider):
    theirs, _ = sent_referral(CaseFactory(team=outsider.teams.get()), by=outsider)
    client.force_login(caseworker)

    response = getattr(client, method)(reverse(name, args=[theirs.pk, *extra]), {"note": "x"})

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == S.SENT


@pytest.mark.parametrize("name", ["referrals:new", "referrals:batch_new"])
def test_another_teams_case_gets_no_new_referral_page(name, client, caseworker, outsider):
    theirs = CaseFactory(team=outsider.teams.get())
    client.force_login(caseworker)

    assert client.get(reverse(name, args=[theirs.pk])).status_code == 404


def test_the_referral_pages_need_a_login(client, caseworker, case_for):
    referral = draft_referral(case_for(), by=caseworker)

    response = client.get(referral.get_absolute_url())

    assert response.status_code == 302
    assert "login" in response.url

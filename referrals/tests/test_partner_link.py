import datetime

import pytest
from django.utils import timezone

from clients.tests.factories import CoverageFactory
from referrals.models import PartnerLinkUse, Referral
from referrals.tests.referral_factories import sent_referral

pytestmark = pytest.mark.django_db

DOB = datetime.date(1948, 3, 14)


@pytest.fixture
def person_case(case_for):
    return case_for(
        client__legal_first_name="Rosalind",
        client__legal_last_name="Quennell",
        client__date_of_birth=DOB,
    )


def _answer(client, link, move, **data):
    return client.post(link.get_absolute_url(), {"move": move, **data})


def test_a_valid_link_shows_the_shared_sections_only(client, caseworker, person_case):
    CoverageFactory(client=person_case.client, member_id="MEMBER-4471")
    referral, link = sent_referral(person_case, by=caseworker, sections=["need", "identity"])

    response = client.get(link.get_absolute_url())

    assert response.status_code == 200
    assert "Rosalind Quennell" in response.text
    assert referral.reason in response.text
    assert referral.service.name in response.text
    assert "MEMBER-4471" not in response.text
    assert person_case.client.phone not in response.text


def test_partner_pages_are_not_cached_indexed_or_leaked_as_a_referrer(
    client, caseworker, person_case
):
    _, link = sent_referral(person_case, by=caseworker)

    response = client.get(link.get_absolute_url())

    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-cache" in response["Cache-Control"]


def test_accepting_through_the_link_moves_the_referral_and_gives_a_new_link(
    client, caseworker, person_case
):
    referral, link = sent_referral(person_case, by=caseworker)

    response = _answer(client, link, "accept", note="We can see her on Monday")

    assert response.status_code == 200
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    event = referral.events.get(kind="accept")
    assert event.via_partner_link is True
    assert event.actor is None
    assert event.note == "We can see her on Monday"
    link.refresh_from_db()
    assert link.used_at is not None
    new_link = referral.links.usable().get()
    assert "http://testserver" + new_link.get_absolute_url() in response.text


def test_each_answer_gives_the_link_for_the_next_up_to_the_outcome(client, caseworker, person_case):
    referral, link = sent_referral(person_case, by=caseworker)
    _answer(client, link, "accept")
    appointment = (timezone.localtime() + datetime.timedelta(days=3)).replace(
        hour=10, minute=30, second=0, microsecond=0
    )

    _answer(
        client,
        referral.links.usable().get(),
        "schedule",
        appointment_at=appointment.strftime("%Y-%m-%dT%H:%M"),
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SCHEDULED
    assert referral.appointment_at == appointment
    response = _answer(client, referral.links.usable().get(), "complete", outcome="received")

    assert response.status_code == 200
    referral.refresh_from_db()
    assert referral.status == Referral.Status.COMPLETED
    assert referral.outcome == Referral.Outcome.RECEIVED
    assert not referral.links.usable().exists()
    assert [e.kind for e in referral.events.all()] == ["send", "accept", "schedule", "complete"]


def test_declining_needs_a_reason(client, caseworker, person_case):
    referral, link = sent_referral(person_case, by=caseworker)

    response = _answer(client, link, "decline", note="Sorry")

    assert response.status_code == 200
    assert "This field is required" in response.text
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    link.refresh_from_db()
    assert link.used_at is None


def test_a_reused_link_is_gone_and_shows_no_client_data(client, caseworker, person_case):
    _, link = sent_referral(person_case, by=caseworker)
    _answer(client, link, "accept")

    response = client.get(link.get_absolute_url())

    assert response.status_code == 410
    assert "already been used" in response.text
    for text in ("Rosalind", "Quennell", "March 14, 1948", DOB.isoformat()):
        assert text not in response.text


def test_answering_twice_with_the_same_link_is_refused(client, caseworker, person_case):
    referral, link = sent_referral(person_case, by=caseworker)
    _answer(client, link, "accept")

    response = _answer(client, link, "decline", reason="no_capacity")

    assert response.status_code == 410
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED


def test_an_expired_link_is_gone(client, caseworker, person_case):
    _, link = sent_referral(person_case, by=caseworker)
    link.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    link.save(update_fields=["expires_at"])

    response = client.get(link.get_absolute_url())

    assert response.status_code == 410
    assert "expired" in response.text
    assert "Quennell" not in response.text


def test_a_tampered_token_is_not_found_and_shows_no_data(client, caseworker, person_case):
    _, link = sent_referral(person_case, by=caseworker)
    token = link.token
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.get(f"/partner/{tampered}/")

    assert response.status_code == 404
    assert "This link is not valid." in response.text
    assert "Quennell" not in response.text


def test_a_link_stops_working_when_the_consent_is_revoked(client, caseworker, person_case):
    referral, link = sent_referral(person_case, by=caseworker)
    referral.consent.revoke(by=caseworker, reason="Client changed her mind")

    response = client.get(link.get_absolute_url())

    assert response.status_code == 410
    assert "consent" in response.text
    assert "Quennell" not in response.text


def test_every_request_to_a_partner_link_is_audited(client, caseworker, person_case):
    _, link = sent_referral(person_case, by=caseworker)

    client.get(link.get_absolute_url())
    _answer(client, link, "accept")
    client.get(link.get_absolute_url())
    client.get("/partner/not-a-token/")

    uses = list(PartnerLinkUse.objects.order_by("pk").values_list("link", "action", "result"))
    assert uses == [
        (link.pk, "view", "ok"),
        (link.pk, "accept", "ok"),
        (link.pk, "view", "used"),
        (None, "view", "invalid"),
    ]


def test_an_answer_the_status_does_not_allow_is_a_conflict(client, caseworker, person_case):
    referral, link = sent_referral(person_case, by=caseworker)

    response = _answer(client, link, "complete", outcome="received")

    assert response.status_code == 409
    assert "Quennell" not in response.text
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    link.refresh_from_db()
    assert link.used_at is None
    assert PartnerLinkUse.objects.get().result == "not_allowed"


def test_the_page_offers_only_the_answers_possible_now(client, caseworker, person_case):
    _, link = sent_referral(person_case, by=caseworker)

    response = client.get(link.get_absolute_url())

    moves = [move for move, _, _ in response.context["forms"]]
    assert moves == ["accept", "decline", "waitlist"]

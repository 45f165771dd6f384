import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from clients.tests.factories import ContactFactory, CoverageFactory
from referrals.tests.referral_factories import ServiceFactory, draft_referral, sent_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def person_case(case_for):
    case = case_for(
        client__legal_first_name="Rosalind",
        client__legal_last_name="Quennell",
        client__date_of_birth=datetime.date(1948, 3, 14),
        client__phone="(555) 777-1234",
    )
    CoverageFactory(client=case.client, member_id="MEMBER-4471")
    ContactFactory(client=case.client, name="Dana Daughter", may_receive_information=True)
    return case


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_packet_shows_only_the_chosen_sections(client, caseworker, person_case):
    referral, _ = sent_referral(person_case, by=caseworker, sections=["need", "identity"])
    client.force_login(caseworker)

    response = client.get(reverse("referrals:packet", args=[referral.pk]))

    assert response.status_code == 200
    for text in ("Rosalind Quennell", "March 14, 1948", referral.reason):
        assert text in response.text
    for text in ("MEMBER-4471", "Dana Daughter", "(555) 777-1234"):
        assert text not in response.text


def test_the_packet_shows_coverage_and_supports_when_shared(client, caseworker, person_case):
    referral, _ = sent_referral(person_case, by=caseworker, sections=["coverage", "supports"])
    client.force_login(caseworker)

    response = client.get(reverse("referrals:packet", args=[referral.pk]))

    assert "MEMBER-4471" in response.text
    assert "Dana Daughter" in response.text
    assert "Quennell" not in response.text


def test_the_packet_gives_the_organization_its_partner_link(client, caseworker, person_case):
    referral, link = sent_referral(person_case, by=caseworker)
    client.force_login(caseworker)

    response = client.get(reverse("referrals:packet", args=[referral.pk]))

    assert "http://testserver" + link.get_absolute_url() in response.text
    assert "accept, decline or schedule" in response.text


def test_the_pdf_holds_the_service_and_not_what_is_unshared(client, caseworker, person_case):
    service = ServiceFactory(name="Senior grocery delivery")
    referral, _ = sent_referral(person_case, by=caseworker, service=service, sections=["need"])
    client.force_login(caseworker)

    response = client.get(reverse("referrals:packet_pdf", args=[referral.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (f'attachment; filename="referral-{referral.pk}.pdf"')
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response)
    assert "Senior grocery delivery" in text
    assert "MEMBER-4471" not in text
    assert "Quennell" not in text


@pytest.mark.parametrize("url_name", ["referrals:packet", "referrals:packet_pdf"])
def test_a_draft_referral_has_no_packet(client, caseworker, person_case, url_name):
    referral = draft_referral(person_case, by=caseworker, sections=["identity", "coverage"])
    client.force_login(caseworker)

    response = client.get(reverse(url_name, args=[referral.pk]))

    assert response.status_code == 403
    assert "nothing can be shared" in response.text
    for text in ("Quennell", "MEMBER-4471"):
        assert text not in response.text


@pytest.mark.parametrize("url_name", ["referrals:packet", "referrals:packet_pdf"])
def test_a_revoked_consent_stops_the_packet(client, caseworker, person_case, url_name):
    referral, _ = sent_referral(person_case, by=caseworker, sections=["identity", "coverage"])
    referral.consent.revoke(by=caseworker, reason="Client withdrew")
    client.force_login(caseworker)

    response = client.get(reverse(url_name, args=[referral.pk]))

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    for text in ("Quennell", "MEMBER-4471"):
        assert text not in response.text


@pytest.mark.parametrize("url_name", ["referrals:packet", "referrals:packet_pdf"])
def test_a_user_on_another_team_gets_404(client, caseworker, outsider, person_case, url_name):
    referral, _ = sent_referral(person_case, by=caseworker)
    client.force_login(outsider)

    assert client.get(reverse(url_name, args=[referral.pk])).status_code == 404

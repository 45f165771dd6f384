"""The handoff summary for the provider the patient was discharged to: the stay, and only the
sections of the record its referral shares, under that referral's consent; refused otherwise."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.tests.factories import CoverageFactory
from discharge.models import Admission

from .choice_helpers import lane_stay, offer
from .helpers import discharge

pytestmark = pytest.mark.django_db


def discharged_to_choice(stay, *, by, sections=("need", "identity")):
    """Discharged to the second choice, which accepted; returns its referral."""
    choice, _sent, _held = offer(stay, by=by, sections=sections)
    accepted = choice.batch.referrals.get(client_rank=2)
    accepted.accept(by=by)
    discharge(stay, by=by, disposition="snf", receiving_referral=accepted)
    return accepted


@pytest.fixture
def stay(case_for, caseworker):
    return lane_stay(case_for, caseworker)


def handoff(client, stay, name="discharge:handoff"):
    return client.get(reverse(name, args=[stay.pk]))


def test_the_handoff_holds_the_stay_and_the_sections_the_referral_shares(client, caseworker, stay):
    referral = discharged_to_choice(stay, by=caseworker)
    client.force_login(caseworker)

    page = handoff(client, stay).content.decode()

    assert f"Handoff summary for {referral.organization}" in page
    assert "Length of stay" in page and "Skilled nursing facility" in page
    assert "Acute → Skilled nursing (SNF)" in page
    assert stay.case.client.legal_name in page
    assert str(caseworker) in page


def test_coverage_is_left_out_when_the_referral_does_not_share_it(client, caseworker, stay):
    CoverageFactory(client=stay.case.client, member_id="MEMBER-SECRET-1")
    discharged_to_choice(stay, by=caseworker, sections=("need",))
    client.force_login(caseworker)

    page = handoff(client, stay).content.decode()

    assert "MEMBER-SECRET-1" not in page and "Insurance coverage" not in page
    assert stay.case.client.legal_name not in page


def test_coverage_is_shown_when_the_referral_shares_it(client, caseworker, stay):
    CoverageFactory(client=stay.case.client, member_id="MEMBER-SHOWN-1")
    discharged_to_choice(stay, by=caseworker, sections=("need", "coverage"))
    client.force_login(caseworker)

    assert "MEMBER-SHOWN-1" in handoff(client, stay).content.decode()


def test_the_handoff_is_refused_without_a_receiving_referral(client, caseworker, stay):
    discharge(stay, by=caseworker, disposition="home")
    client.force_login(caseworker)

    response = handoff(client, stay)

    assert response.status_code == 403
    assert "no receiving provider" in response.content.decode()


def test_the_handoff_is_refused_once_the_consent_is_revoked(client, caseworker, stay):
    referral = discharged_to_choice(stay, by=caseworker)
    referral.consent.revoke(by=caseworker, reason="Patient withdrew consent")
    client.force_login(caseworker)

    response = handoff(client, stay)

    assert response.status_code == 403
    assert "no longer valid" in response.content.decode()
    assert stay.case.client.legal_name not in response.content.decode()


def test_the_handoff_is_refused_for_a_referral_never_sent(client, caseworker, stay):
    choice, _sent, _held = offer(stay, by=caseworker, consent=False)
    discharge(stay, by=caseworker, disposition="snf")
    Admission.objects.filter(pk=stay.pk).update(receiving_referral=choice.batch.referrals.first())
    client.force_login(caseworker)

    response = handoff(client, stay)

    assert response.status_code == 403
    assert "has not been sent" in response.content.decode()


def test_the_pdf_is_a_pdf(client, caseworker, stay):
    discharged_to_choice(stay, by=caseworker)
    client.force_login(caseworker)

    response = handoff(client, stay, "discharge:handoff_pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_admission_page_links_to_the_handoff_after_the_discharge(client, caseworker, stay):
    discharged_to_choice(stay, by=caseworker)
    client.force_login(caseworker)

    page = client.get(reverse("discharge:detail", args=[stay.pk])).content.decode()

    assert reverse("discharge:handoff", args=[stay.pk]) in page


def test_the_handoff_is_404_for_another_team(client, caseworker, outsider, stay):
    discharged_to_choice(stay, by=caseworker)
    client.force_login(outsider)

    for name in ("discharge:handoff", "discharge:handoff_pdf"):
        assert handoff(client, stay, name).status_code == 404


def test_the_handoff_costs_the_same_queries_however_much_it_shares(client, caseworker, stay):
    discharged_to_choice(stay, by=caseworker, sections=("need", "identity", "coverage"))
    client.force_login(caseworker)
    counts = []
    for _round in range(2):
        CoverageFactory.create_batch(3, client=stay.case.client, effective_on=timezone.localdate())
        with CaptureQueriesContext(connection) as captured:
            handoff(client, stay)
        counts.append(len(captured))

    assert counts[0] == counts[1]

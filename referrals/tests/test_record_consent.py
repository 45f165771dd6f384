"""From a draft no release of information covers to the consent it needs and back: the referral
page's "Record the client's consent" opens the client's consent form filled in for a release
naming the referral's organization, and saving it returns to the referral, ready to send."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.models import Consent
from referrals.tests.referral_factories import ServiceFactory, draft_referral
from referrals.tests.referral_helpers import consent_naming, unsent_referral

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def consent_link(response) -> str:
    found = re.search(r'href="([^"]+)">Record the client\'s consent<', response.text)
    assert found, "the page has no link to record the consent"
    return html.unescape(found.group(1))


def signed_today(**fields) -> dict:
    return {
        "purpose": "Food assistance referral",
        "signed_on": TODAY.isoformat(),
        "expires_on": (TODAY + datetime.timedelta(days=365)).isoformat(),
    } | fields


@pytest.fixture
def uncovered(case_for, caseworker):
    service = ServiceFactory(organization__name="Harbor Food Pantry")
    return unsent_referral(case_for(), by=caseworker, service=service)


def test_the_link_opens_a_release_naming_the_referrals_organization(client, caseworker, uncovered):
    client.force_login(caseworker)

    form = client.get(consent_link(client.get(uncovered.get_absolute_url()))).context["form"]

    assert form["kind"].value() == Consent.Kind.RELEASE
    assert form["scope"].value() == Consent.Scope.ORGANIZATION
    assert str(form["organization"].value()) == str(uncovered.organization_id)
    assert form["organization_name"].value() == "Harbor Food Pantry"


def test_the_link_opens_the_consent_form_of_the_referrals_client(client, caseworker, uncovered):
    client.force_login(caseworker)

    response = client.get(consent_link(client.get(uncovered.get_absolute_url())))

    assert response.context["person"] == uncovered.case.client


def test_the_consent_recorded_through_the_link_returns_to_the_referral_ready_to_send(
    client, caseworker, uncovered
):
    client.force_login(caseworker)
    link = consent_link(client.get(uncovered.get_absolute_url()))
    filled_in = client.get(link).context["form"]
    data = {name: filled_in[name].value() for name in ("kind", "scope", "organization_name")}

    response = client.post(
        link, data | signed_today(organization=uncovered.organization_id), follow=True
    )

    assert response.redirect_chain[-1][0] == uncovered.get_absolute_url()
    consent = uncovered.case.client.consents.get()
    assert consent.organization == uncovered.organization
    assert list(response.context["send_form"].fields["consent"].queryset) == [consent]


def test_a_draft_a_release_already_covers_offers_no_link(client, caseworker, case_for):
    referral = draft_referral(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.get(referral.get_absolute_url())

    assert "Record the client's consent" not in response.text


def test_the_draft_page_costs_the_same_queries_however_many_consents_name_others(
    client, caseworker, uncovered
):
    client.force_login(caseworker)
    counts = []
    for _ in range(2):
        for _ in range(4):
            consent_naming(uncovered.case, ServiceFactory().organization, by=caseworker)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(uncovered.get_absolute_url())
        assert "Record the client's consent" in response.text
        counts.append(len(queries))

    assert counts[0] == counts[1]

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Consent
from clients.tests.factories import ClientFactory, ConsentFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def person(team):
    return ClientFactory(registered_team=team)


def _consent(**fields):
    data = {
        "kind": "roi",
        "scope": "organization",
        "organization_name": "County Food Bank",
        "purpose": "Food assistance referral",
        "signed_on": TODAY.isoformat(),
        "expires_on": (TODAY + datetime.timedelta(days=365)).isoformat(),
    }
    return data | fields


def _add(client, person, **fields):
    return client.post(reverse("clients:consent_add", args=[person.pk]), _consent(**fields))


def test_recording_a_consent_notes_who_recorded_it(client, caseworker, person):
    client.force_login(caseworker)

    response = _add(client, person)

    assert response.url == f"{person.get_absolute_url()}#consents"
    assert person.consents.get().recorded_by == caseworker


def test_a_consent_needs_an_expiry_date(client, caseworker, person):
    client.force_login(caseworker)

    response = _add(client, person, expires_on="")

    assert response.context["form"].errors["expires_on"] == ["This field is required."]
    assert not Consent.objects.exists()


def test_a_consent_must_expire_after_it_was_signed(client, caseworker, person):
    client.force_login(caseworker)

    response = _add(client, person, expires_on=TODAY.isoformat())

    assert response.context["form"].errors["expires_on"] == [
        "The expiry date must be after the date it was signed."
    ]
    assert not Consent.objects.exists()


def test_a_consent_to_an_organization_must_name_it(client, caseworker, person):
    client.force_login(caseworker)

    response = _add(client, person, organization_name=" ")

    assert response.context["form"].errors == {
        "organization_name": ["Name the organization this consent permits disclosure to."]
    }
    assert not Consent.objects.exists()


def test_a_consent_to_the_care_team_needs_no_organization(client, caseworker, person):
    client.force_login(caseworker)

    _add(client, person, scope="care_team", organization_name="")

    assert person.consents.get().scope == Consent.Scope.CARE_TEAM


# Filled in and sent back by the page that links here (a referral naming an organization)


def _form_url(person, **query) -> str:
    return f"{reverse('clients:consent_add', args=[person.pk])}?{urlencode(query)}"


def test_the_consent_form_starts_from_what_the_link_fills_in(client, caseworker, person):
    client.force_login(caseworker)

    response = client.get(_form_url(person, kind="roi", organization_name="County Food Bank"))

    form = response.context["form"]
    assert (form["kind"].value(), form["organization_name"].value()) == ("roi", "County Food Bank")


def test_a_consent_recorded_from_a_link_returns_to_the_page_it_came_from(
    client, caseworker, person
):
    client.force_login(caseworker)

    response = client.post(_form_url(person, next="/referrals/12/"), _consent())

    assert response.url == "/referrals/12/"
    assert person.consents.get().organization_name == "County Food Bank"


@pytest.mark.parametrize(
    "elsewhere",
    [
        "https://evil.example/referrals/12/",
        "//evil.example/referrals/12/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "referrals/12/",
    ],
)
def test_a_consent_form_never_returns_to_anything_but_a_local_path(
    client, caseworker, person, elsewhere
):
    client.force_login(caseworker)

    response = client.post(_form_url(person, next=elsewhere), _consent())

    assert response.url == f"{person.get_absolute_url()}#consents"


def test_cancelling_a_consent_form_from_a_link_returns_to_the_page_it_came_from(
    client, caseworker, person
):
    client.force_login(caseworker)

    response = client.get(_form_url(person, next="/referrals/12/"))

    assert 'href="/referrals/12/">Cancel</a>' in response.text


def test_cancelling_a_consent_form_ignores_a_next_page_on_another_site(client, caseworker, person):
    client.force_login(caseworker)

    response = client.get(_form_url(person, next="https://evil.example/"))

    assert "evil.example" not in response.text


def test_revoking_a_consent_keeps_the_reason(client, caseworker, person):
    consent = ConsentFactory(client=person)
    client.force_login(caseworker)

    client.post(reverse("clients:consent_revoke", args=[consent.pk]), {"reason": "Client withdrew"})

    consent.refresh_from_db()
    assert (consent.state, consent.revoke_reason) == ("revoked", "Client withdrew")


def test_revoking_asks_for_a_reason(client, caseworker, person):
    consent = ConsentFactory(client=person)
    client.force_login(caseworker)

    response = client.post(reverse("clients:consent_revoke", args=[consent.pk]), {"reason": ""})

    assert response.context["form"].errors["reason"]
    consent.refresh_from_db()
    assert consent.state == "valid"


def test_revoking_twice_tells_the_user_it_is_already_revoked(client, caseworker, person):
    consent = ConsentFactory(client=person)
    consent.revoke(by=caseworker, reason="Withdrawn")
    client.force_login(caseworker)

    response = client.post(
        reverse("clients:consent_revoke", args=[consent.pk]), {"reason": "Again"}, follow=True
    )

    assert "already revoked" in response.text


def test_a_consent_of_another_teams_client_is_not_found(client, outsider, person):
    consent = ConsentFactory(client=person)
    client.force_login(outsider)

    response = client.post(
        reverse("clients:consent_revoke", args=[consent.pk]), {"reason": "Not ours"}
    )

    assert response.status_code == 404

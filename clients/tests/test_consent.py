import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from casemgmt.transitions import InvalidTransition
from clients.models import Consent
from clients.tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_a_signed_unexpired_consent_is_valid():
    consent = ConsentFactory()

    assert consent.state == "valid"
    assert list(Consent.objects.valid_on(TODAY)) == [consent]


def test_an_expired_consent_is_not_valid():
    consent = ConsentFactory(
        signed_on=TODAY - datetime.timedelta(days=400),
        expires_on=TODAY - datetime.timedelta(days=1),
    )

    assert consent.state == "expired"
    assert not Consent.objects.valid_on(TODAY).exists()


def test_revoking_a_consent_stops_it_being_valid(caseworker):
    consent = ConsentFactory()

    consent.revoke(by=caseworker, reason="Client withdrew permission")

    assert consent.state == "revoked"
    assert not Consent.objects.valid_on(TODAY).exists()


def test_revoking_twice_is_refused(caseworker):
    consent = ConsentFactory()
    consent.revoke(by=caseworker, reason="Withdrawn")

    with pytest.raises(InvalidTransition):
        consent.revoke(by=caseworker, reason="Again")


def test_the_database_refuses_a_consent_that_expires_before_it_is_signed():
    with pytest.raises(IntegrityError, match="consent_expires_after_signing"), transaction.atomic():
        ConsentFactory(signed_on=TODAY, expires_on=TODAY - datetime.timedelta(days=1))


def test_the_database_refuses_a_consent_to_an_unnamed_organization():
    with pytest.raises(IntegrityError, match="consent_names_organization"), transaction.atomic():
        ConsentFactory(scope=Consent.Scope.ORGANIZATION, organization_name="")


@pytest.mark.parametrize(
    ("dates", "state"),
    [
        ({}, "is_valid"),
        ({"expires_on": TODAY - datetime.timedelta(days=1)}, "is_expired"),
        ({"revoked_on": TODAY}, "is_revoked"),
        ({"signed_on": TODAY + datetime.timedelta(days=1)}, None),
    ],
)
def test_a_consent_is_only_in_its_own_state(dates, state):
    consent = ConsentFactory.build(**dates)

    true = {name for name in ("is_valid", "is_expired", "is_revoked") if getattr(consent, name)}

    assert true == ({state} if state else set())

"""Sending a referral needs a valid release of information naming the receiving organization
(DESIGN.md §3): every consent that does not cover it is refused, and revoking one stops sharing."""

import datetime

import pytest
from django.utils import timezone

from casemgmt.transitions import InvalidTransition
from cases.tests.factories import CaseFactory
from clients.models import Consent
from referrals import services
from referrals.models import PartnerLink, Referral
from referrals.tests.referral_factories import OrganizationFactory, ServiceFactory, sent_referral
from referrals.tests.referral_helpers import consent_naming, unsent_referral

pytestmark = pytest.mark.django_db


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


# Each builds, for `organization`, a consent that must not let a referral to it be sent.
NOT_COVERING = {
    "expired": lambda case, org, by: consent_naming(
        case, org, by=by, signed_on=_days(-400), expires_on=_days(-1)
    ),
    "not yet in effect": lambda case, org, by: consent_naming(
        case, org, by=by, signed_on=_days(1), expires_on=_days(365)
    ),
    "revoked": lambda case, org, by: _revoked(consent_naming(case, org, by=by), by=by),
    "naming another organization": lambda case, org, by: consent_naming(
        case, OrganizationFactory(name="Riverside Shelter"), by=by
    ),
    "naming another organization by name only": lambda case, org, by: consent_naming(
        case, None, by=by, organization_name="Riverside Shelter"
    ),
    "for treatment": lambda case, org, by: consent_naming(case, org, by=by, kind="treatment"),
    "for substance-use disclosure": lambda case, org, by: consent_naming(
        case, org, by=by, kind="part2"
    ),
    "of care-team scope": lambda case, org, by: consent_naming(case, org, by=by, scope="care_team"),
    "of another client": lambda case, org, by: consent_naming(_another_case(case), org, by=by),
}


def _revoked(consent, *, by):
    consent.revoke(by=by, reason="Client withdrew consent")
    return consent


def _another_case(case):
    return CaseFactory(team=case.team, primary_case_manager=case.primary_case_manager)


# ---------------------------------------------------------------------------------------------
# Refused


def test_sending_without_any_consent_is_refused_naming_the_organization(caseworker, case_for):
    service = ServiceFactory(organization__name="Harbor Food Pantry")
    referral = unsent_referral(case_for(), by=caseworker, service=service)

    with pytest.raises(InvalidTransition) as refused:
        services.send_referral(referral=referral, by=caseworker)

    assert str(refused.value) == (
        "No valid release of information names Harbor Food Pantry: record the client's signed "
        "consent before anything is shared."
    )


@pytest.mark.parametrize("consent_kind", NOT_COVERING)
def test_sending_under_the_newest_consent_finds_none_that_covers(
    consent_kind, caseworker, case_for
):
    case = case_for()
    service = ServiceFactory(organization__name="Harbor Food Pantry")
    NOT_COVERING[consent_kind](case, service.organization, caseworker)
    referral = unsent_referral(case, by=caseworker, service=service)

    with pytest.raises(InvalidTransition) as refused:
        services.send_referral(referral=referral, by=caseworker)

    assert "Harbor Food Pantry" in str(refused.value)


@pytest.mark.parametrize("consent_kind", NOT_COVERING)
def test_sending_under_a_chosen_consent_that_does_not_cover_is_refused(
    consent_kind, caseworker, case_for
):
    case = case_for()
    service = ServiceFactory(organization__name="Harbor Food Pantry")
    consent = NOT_COVERING[consent_kind](case, service.organization, caseworker)
    referral = unsent_referral(case, by=caseworker, service=service)

    with pytest.raises(InvalidTransition) as refused:
        services.send_referral(referral=referral, by=caseworker, consent=consent)

    assert str(refused.value) == (
        "No valid release of information covers Harbor Food Pantry: record the client's signed "
        "consent naming it before anything is shared."
    )


@pytest.mark.parametrize("consent_kind", NOT_COVERING)
def test_a_refused_draft_stays_a_draft_with_no_event_and_no_link(
    consent_kind, caseworker, case_for
):
    case = case_for()
    service = ServiceFactory()
    consent = NOT_COVERING[consent_kind](case, service.organization, caseworker)
    referral = unsent_referral(case, by=caseworker, service=service)

    with pytest.raises(InvalidTransition):
        services.send_referral(referral=referral, by=caseworker, consent=consent)

    referral.refresh_from_db()
    assert (referral.status, referral.consent, referral.sent_at) == (
        Referral.Status.DRAFT,
        None,
        None,
    )
    assert not referral.events.exists()
    assert not PartnerLink.objects.filter(referral=referral).exists()


# ---------------------------------------------------------------------------------------------
# Allowed


def test_a_valid_release_naming_the_organization_lets_it_be_sent(caseworker, case_for):
    case = case_for()
    service = ServiceFactory()
    consent = consent_naming(case, service.organization, by=caseworker)
    referral = unsent_referral(case, by=caseworker, service=service)

    services.send_referral(referral=referral, by=caseworker)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    assert referral.consent == consent


def test_a_release_naming_the_organization_only_by_name_covers_it_whatever_the_case(
    caseworker, case_for
):
    case = case_for()
    service = ServiceFactory(organization__name="Harbor Food Pantry")
    consent = consent_naming(case, None, by=caseworker, organization_name="HARBOR food pantry")
    referral = unsent_referral(case, by=caseworker, service=service)

    services.send_referral(referral=referral, by=caseworker)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    assert referral.consent == consent


def test_a_release_whose_directory_entry_is_another_organization_does_not_cover_by_name(
    caseworker, case_for
):
    case = case_for()
    service = ServiceFactory(organization__name="Harbor Food Pantry")
    consent_naming(
        case,
        OrganizationFactory(name="Riverside Shelter"),
        by=caseworker,
        organization_name="Harbor Food Pantry",
    )
    referral = unsent_referral(case, by=caseworker, service=service)

    with pytest.raises(InvalidTransition):
        services.send_referral(referral=referral, by=caseworker)


def test_the_referral_records_the_consent_it_was_sent_under(caseworker, case_for):
    case = case_for()
    service = ServiceFactory()
    older = consent_naming(case, service.organization, by=caseworker, signed_on=_days(-60))
    newer = consent_naming(case, service.organization, by=caseworker)
    referral = unsent_referral(case, by=caseworker, service=service)

    services.send_referral(referral=referral, by=caseworker, consent=older)

    referral.refresh_from_db()
    assert referral.consent == older
    assert referral.consent != newer


def test_without_a_chosen_consent_the_newest_covering_one_is_used(caseworker, case_for):
    case = case_for()
    service = ServiceFactory()
    consent_naming(case, service.organization, by=caseworker, signed_on=_days(-60))
    newer = consent_naming(case, service.organization, by=caseworker)
    referral = unsent_referral(case, by=caseworker, service=service)

    services.send_referral(referral=referral, by=caseworker)

    referral.refresh_from_db()
    assert referral.consent == newer


# ---------------------------------------------------------------------------------------------
# Revoking


def test_after_revoking_a_consent_a_new_referral_under_it_is_refused(caseworker, case_for):
    case = case_for()
    first, _ = sent_referral(case, by=caseworker)
    first.consent.revoke(by=caseworker, reason="Client withdrew consent")
    second = unsent_referral(case, by=caseworker, service=first.service)

    with pytest.raises(InvalidTransition) as refused:
        services.send_referral(referral=second, by=caseworker, consent=first.consent)

    assert str(first.organization) in str(refused.value)
    second.refresh_from_db()
    assert second.status == Referral.Status.DRAFT


def test_after_revoking_a_consent_the_referral_sent_under_it_no_longer_may_share(
    caseworker, case_for
):
    referral, _ = sent_referral(case_for(), by=caseworker)
    assert referral.consent_is_valid() is True

    referral.consent.revoke(by=caseworker, reason="Client withdrew consent")

    assert Referral.objects.get(pk=referral.pk).consent_is_valid() is False


def test_a_referral_whose_consent_expired_no_longer_may_share(caseworker, case_for):
    referral, _ = sent_referral(case_for(), by=caseworker)

    Consent.objects.filter(pk=referral.consent_id).update(
        signed_on=_days(-400), expires_on=_days(-1)
    )

    assert Referral.objects.get(pk=referral.pk).consent_is_valid() is False

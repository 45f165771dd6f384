"""Re-routing an overdue or declined referral to another service, in the service and the view."""

import pytest
from django.urls import reverse

from casemgmt.transitions import InvalidTransition
from cases.tests.factories import CaseFactory
from referrals import services
from referrals.models import Referral
from referrals.tests.referral_factories import ServiceFactory, covering_consent, sent_referral
from referrals.tests.referral_helpers import (
    errors,
    overdue_referral,
    put_in,
    successes,
    warnings,
)

pytestmark = pytest.mark.django_db


def url(referral: Referral) -> str:
    return reverse("referrals:reroute", args=[referral.pk])


# ---------------------------------------------------------------------------------------------
# The service


def test_rerouting_an_overdue_referral_cancels_it_with_a_note(caseworker, case_for):
    old, _ = overdue_referral(case_for(), by=caseworker)
    elsewhere = ServiceFactory(organization__name="Eastside Pantry")

    services.reroute_referral(referral=old, to=elsewhere, by=caseworker)

    old.refresh_from_db()
    assert old.status == Referral.Status.CANCELLED
    event = old.events.get(kind="cancel")
    assert event.note == "Re-routed to Eastside Pantry: no answer in time."
    assert event.actor == caseworker


def test_the_rerouted_referral_keeps_the_need_and_links_back(caseworker, case_for):
    old, _ = overdue_referral(
        case_for(),
        by=caseworker,
        reason="Food insecure after job loss",
        urgency=Referral.Urgency.SOON,
        sections=("need", "identity", "contact"),
    )
    elsewhere = ServiceFactory()

    new = services.reroute_referral(referral=old, to=elsewhere, by=caseworker)

    assert new.pk != old.pk
    assert new.rerouted_from == old
    assert (new.case, new.service, new.organization) == (
        old.case,
        elsewhere,
        elsewhere.organization,
    )
    assert new.reason == "Food insecure after job loss"
    assert new.urgency == Referral.Urgency.SOON
    assert new.shared_sections == ["need", "identity", "contact"]
    assert old.rerouted_to == new


def test_the_rerouted_referral_is_sent_at_once_when_a_consent_names_the_new_organization(
    caseworker, case_for
):
    case = case_for()
    old, _ = overdue_referral(case, by=caseworker)
    elsewhere = ServiceFactory()
    consent = covering_consent(case, elsewhere.organization, by=caseworker)

    new = services.reroute_referral(referral=old, to=elsewhere, by=caseworker)

    new.refresh_from_db()
    assert new.status == Referral.Status.SENT
    assert new.consent == consent
    assert new.links.usable().count() == 1


def test_the_rerouted_referral_stays_a_draft_without_a_consent_naming_the_new_organization(
    caseworker, case_for
):
    old, _ = overdue_referral(case_for(), by=caseworker)
    elsewhere = ServiceFactory()

    new = services.reroute_referral(referral=old, to=elsewhere, by=caseworker)

    new.refresh_from_db()
    assert new.status == Referral.Status.DRAFT
    assert new.consent is None
    assert not new.events.exists()


def test_a_declined_referral_can_be_rerouted_and_stays_declined(caseworker, case_for):
    old, _ = sent_referral(case_for(), by=caseworker)
    old.decline(by=caseworker, reason=Referral.DeclineReason.NO_CAPACITY)
    elsewhere = ServiceFactory()

    new = services.reroute_referral(referral=old, to=elsewhere, by=caseworker)

    old.refresh_from_db()
    assert old.status == Referral.Status.DECLINED
    assert not old.events.filter(kind="cancel").exists()
    assert new.rerouted_from == old


def test_a_sent_referral_still_within_its_deadline_cannot_be_rerouted(caseworker, case_for):
    fresh, _ = sent_referral(case_for(), by=caseworker)

    with pytest.raises(InvalidTransition) as refused:
        services.reroute_referral(referral=fresh, to=ServiceFactory(), by=caseworker)

    assert str(refused.value) == "Only an overdue or declined referral can be re-routed."
    fresh.refresh_from_db()
    assert fresh.status == Referral.Status.SENT
    assert not Referral.objects.filter(rerouted_from=fresh).exists()


@pytest.mark.parametrize("status", ["draft", "accepted", "waitlisted", "completed", "cancelled"])
def test_a_referral_neither_overdue_nor_declined_cannot_be_rerouted(status, caseworker, case_for):
    referral = put_in(overdue_referral(case_for(), by=caseworker)[0], status)

    with pytest.raises(InvalidTransition):
        services.reroute_referral(referral=referral, to=ServiceFactory(), by=caseworker)


def test_rerouting_to_the_same_service_is_refused(caseworker, case_for):
    old, _ = overdue_referral(case_for(), by=caseworker)

    with pytest.raises(InvalidTransition) as refused:
        services.reroute_referral(referral=old, to=old.service, by=caseworker)

    assert str(refused.value) == "Choose a different service to re-route to."
    old.refresh_from_db()
    assert old.status == Referral.Status.SENT


# ---------------------------------------------------------------------------------------------
# The view


def test_the_reroute_page_offers_other_services_of_the_same_category(client, caseworker, case_for):
    old, _ = overdue_referral(case_for(), by=caseworker)
    same_kind = ServiceFactory(name="Hot meals")
    other_kind = ServiceFactory(name="Rent help", category="housing")
    client.force_login(caseworker)

    response = client.get(url(old))

    assert response.status_code == 200
    offered = list(response.context["form"].fields["service"].queryset)
    assert same_kind in offered
    assert other_kind not in offered
    assert old.service not in offered


def test_posting_a_service_reroutes_and_sends_it_when_a_consent_names_it(
    client, caseworker, case_for
):
    case = case_for()
    old, _ = overdue_referral(case, by=caseworker)
    elsewhere = ServiceFactory(organization__name="Eastside Pantry")
    covering_consent(case, elsewhere.organization, by=caseworker)
    client.force_login(caseworker)

    response = client.post(url(old), {"service": elsewhere.pk})

    new = Referral.objects.get(rerouted_from=old)
    assert response.status_code == 302
    assert response.url == new.get_absolute_url()
    assert new.status == Referral.Status.SENT
    assert successes(response) == ["Re-routed and sent to Eastside Pantry."]


def test_posting_a_service_without_a_consent_keeps_the_new_referral_as_a_draft(
    client, caseworker, case_for
):
    old, _ = overdue_referral(case_for(), by=caseworker)
    elsewhere = ServiceFactory(organization__name="Eastside Pantry")
    client.force_login(caseworker)

    response = client.post(url(old), {"service": elsewhere.pk})

    new = Referral.objects.get(rerouted_from=old)
    assert response.url == new.get_absolute_url()
    assert new.status == Referral.Status.DRAFT
    assert warnings(response) == ["Kept as a draft: no consent names Eastside Pantry."]


def test_the_view_refuses_a_fresh_referral(client, caseworker, case_for):
    fresh, _ = sent_referral(case_for(), by=caseworker)
    client.force_login(caseworker)

    response = client.post(url(fresh), {"service": ServiceFactory().pk})

    assert response.status_code == 302
    assert response.url == fresh.get_absolute_url()
    assert errors(response) == ["Only an overdue or declined referral can be re-routed."]
    assert not Referral.objects.filter(rerouted_from=fresh).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_teams_referral_cannot_be_rerouted(method, client, caseworker, outsider):
    theirs, _ = overdue_referral(CaseFactory(), by=outsider)
    client.force_login(caseworker)

    response = getattr(client, method)(url(theirs), {"service": ServiceFactory().pk})

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Referral.Status.SENT

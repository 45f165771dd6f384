"""Directory factories and a referral sent the way the app sends one (through the services)."""

import datetime

import factory
from django.utils import timezone

from clients.tests.factories import ConsentFactory
from referrals import services
from referrals.models import Organization, PartnerLink, Referral, Service


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Harbor Community Services {n}")
    kind = Organization.Kind.FOOD_BANK
    phone = "(555) 010-2000"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Weekly grocery box {n}")
    category = Service.Category.FOOD


def covering_consent(case, organization: Organization, *, by):
    """A release of information naming the organization, valid for a year."""
    today = timezone.localdate()
    return ConsentFactory(
        client=case.client,
        recorded_by=by,
        kind="roi",
        scope="organization",
        organization=organization,
        organization_name=organization.name,
        signed_on=today - datetime.timedelta(days=1),
        expires_on=today + datetime.timedelta(days=365),
    )


def draft_referral(case, *, by, sections=("need", "identity"), service=None, **fields) -> Referral:
    service = service or ServiceFactory()
    covering_consent(case, service.organization, by=by)
    fields.setdefault("reason", "Needs groceries while waiting for benefits")
    return services.new_referral(
        case=case, service=service, by=by, shared_sections=list(sections), **fields
    )


def sent_referral(case, *, by, **kwargs) -> tuple[Referral, PartnerLink]:
    """A referral sent under a covering consent, and the partner link that went with it."""
    referral = draft_referral(case, by=by, **kwargs)
    link = services.send_referral(referral=referral, by=by)
    return referral, link

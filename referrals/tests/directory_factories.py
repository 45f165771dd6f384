import factory

from referrals.models import Organization, Service


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = Organization.Kind.OTHER
    city = "Riverbend"
    county = "Lane County"
    zip_code = "97401"
    phone = factory.Sequence(lambda n: f"(541) 555-{n % 100 + 100:04d}")
    languages = "English"
    payers = "Medicare, Medicaid"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    category = Service.Category.OTHER
    capacity = Service.Capacity.ACCEPTING

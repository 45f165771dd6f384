import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import ProgramFactory, TeamFactory, UserFactory
from clients.models import Client, ClientFlag, Consent, Contact, Coverage


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    client_number = factory.Sequence(lambda n: f"T{n:06d}")
    legal_first_name = factory.Faker("first_name")
    legal_last_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=95)
    phone = factory.Faker("numerify", text="(555) ###-####")
    registered_team = factory.SubFactory(TeamFactory)
    registered_by = factory.SubFactory(UserFactory)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    client = factory.SubFactory(ClientFactory)
    name = factory.Faker("name")
    relationship = Contact.Relationship.SIBLING
    phone = factory.Faker("numerify", text="(555) ###-####")


class CoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coverage

    client = factory.SubFactory(ClientFactory)
    payer = Coverage.Payer.MEDICAID
    plan_name = "Community Care Plan"
    member_id = factory.Sequence(lambda n: f"M{n:08d}")
    effective_on = datetime.date(2025, 1, 1)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    client = factory.SubFactory(ClientFactory)
    kind = Consent.Kind.RELEASE
    scope = Consent.Scope.ORGANIZATION
    organization_name = "County Food Bank"
    purpose = "Food assistance referral"
    signed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=355))
    recorded_by = factory.SubFactory(UserFactory)


class ClientFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientFlag

    client = factory.SubFactory(ClientFactory)
    kind = ClientFlag.Kind.SAFETY_RISK
    reason = "Aggressive dog at the home"
    created_by = factory.SubFactory(UserFactory)


__all__ = [
    "ClientFactory",
    "ClientFlagFactory",
    "ConsentFactory",
    "ContactFactory",
    "CoverageFactory",
    "ProgramFactory",
]

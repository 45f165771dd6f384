import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import ProgramFactory, TeamFactory, UserFactory
from clients.models import (
    Case,
    CaseNote,
    Client,
    ClientFlag,
    Consent,
    Contact,
    Coverage,
)


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


class CaseFactory(factory.django.DjangoModelFactory):
    """A case on `team` (default: a new team) whose primary case manager is on that team."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    program = factory.SelfAttribute("team.program")
    client = factory.SubFactory(ClientFactory, registered_team=factory.SelfAttribute("..team"))
    primary_case_manager = factory.SubFactory(UserFactory)
    status = Case.Status.ACTIVE
    opened_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    closed_on = factory.LazyAttribute(
        lambda c: timezone.localdate() if c.status == Case.Status.CLOSED else None
    )
    closure_reason = factory.LazyAttribute(
        lambda c: Case.ClosureReason.GOALS_MET if c.status == Case.Status.CLOSED else ""
    )

    @factory.post_generation
    def care_team(case, create, extracted, **kwargs):
        if create and extracted:
            case.care_team.add(*extracted)


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    case = factory.SubFactory(CaseFactory)
    author = factory.SelfAttribute("case.primary_case_manager")
    contact_type = CaseNote.ContactType.PHONE
    occurred_at = factory.LazyFunction(timezone.now)
    duration_minutes = 15
    narrative = factory.Faker("paragraph")

    class Params:
        signed = factory.Trait(
            status=CaseNote.Status.SIGNED,
            signed_at=factory.LazyFunction(timezone.now),
            signed_by=factory.SelfAttribute("author"),
        )


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
    "CaseFactory",
    "CaseNoteFactory",
    "ClientFactory",
    "ClientFlagFactory",
    "ConsentFactory",
    "ContactFactory",
    "CoverageFactory",
    "ProgramFactory",
]

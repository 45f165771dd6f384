import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import TeamFactory, UserFactory
from cases.models import Case, CaseNote
from clients.tests.factories import ClientFactory


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

import factory

from careplans.models import Task
from cases.tests.factories import CaseFactory


class TaskFactory(factory.django.DjangoModelFactory):
    """An open task on a case, created and carried by the case's primary case manager."""

    class Meta:
        model = Task

    case = factory.SubFactory(CaseFactory)
    description = factory.Sequence(lambda n: f"Call the housing authority ({n})")
    assignee = factory.SelfAttribute("case.primary_case_manager")
    created_by = factory.SelfAttribute("case.primary_case_manager")

import factory
from django.contrib.auth.models import Group

from accounts.models import Program, Role, Team, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        """UserFactory(role=Role.SUPERVISOR) puts the user in that role's group."""
        if create and extracted:
            user.groups.add(Group.objects.get(name=extracted))


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Program {n}")
    sector = Program.Sector.SOCIAL


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Team {n}")
    program = factory.SubFactory(ProgramFactory)

    @factory.post_generation
    def members(team, create, extracted, **kwargs):
        if create and extracted:
            team.members.add(*extracted)

    @factory.post_generation
    def supervisors(team, create, extracted, **kwargs):
        if create and extracted:
            team.supervisors.add(*extracted)


__all__ = ["ProgramFactory", "Role", "TeamFactory", "UserFactory"]

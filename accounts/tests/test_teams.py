"""Team membership is defined once (Team.objects.of), and so are a team's people."""

import pytest

from accounts.models import Role, Team, User
from accounts.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_works_in_the_teams_they_are_a_member_of_and_those_they_supervise():
    member_of, supervises, elsewhere = TeamFactory(), TeamFactory(), TeamFactory()
    user = UserFactory()
    member_of.members.add(user)
    supervises.supervisors.add(user)

    assert set(Team.objects.of(user)) == {member_of, supervises}
    assert user.team_ids == {member_of.pk, supervises.pk}
    assert elsewhere.pk not in user.team_ids


def test_a_teams_people_are_its_members_and_supervisors():
    team, other = TeamFactory(), TeamFactory()
    member, supervisor, outsider = UserFactory(), UserFactory(), UserFactory()
    team.members.add(member)
    team.supervisors.add(supervisor)
    other.members.add(outsider)

    assert set(team.people()) == {member, supervisor}


def test_someone_on_two_teams_is_listed_once():
    first, second = TeamFactory(), TeamFactory()
    user = UserFactory()
    first.members.add(user)
    second.supervisors.add(user)

    assert list(Team.objects.filter(pk__in=[first.pk, second.pk]).people()) == [user]


def test_a_user_loaded_with_their_scope_has_the_same_roles_and_teams():
    member_of, supervises = TeamFactory(), TeamFactory()
    user = UserFactory(role=Role.SUPERVISOR)
    member_of.members.add(user)
    supervises.supervisors.add(user)

    loaded = User.objects.with_scope().get(pk=user.pk)

    assert (loaded.role_names, loaded.team_ids, loaded.supervised_team_ids) == (
        user.role_names,
        user.team_ids,
        user.supervised_team_ids,
    )
    assert loaded.member_team_ids == {member_of.pk}

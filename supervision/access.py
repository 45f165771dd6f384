"""Which teams a user may supervise from the dashboard: the teams they supervise, every team for
an admin. Another team's dashboard is 404 (never leak that it exists)."""

from django.shortcuts import get_object_or_404

from accounts.models import Team


def teams_supervised_by(user):
    teams = Team.objects.select_related("program").order_by("name")
    if user.is_admin:
        return teams
    return teams.filter(pk__in=user.supervised_team_ids)


def get_team_for_user(user, pk) -> Team:
    return get_object_or_404(teams_supervised_by(user), pk=pk)

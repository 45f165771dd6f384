"""The supervisor's screens: the teams they supervise, a team's dashboard, and the list behind
each of its figures."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from casemgmt.decorators import read_only

from . import dashboard
from .access import get_team_for_user, teams_supervised_by


@read_only
@login_required
def index(request):
    """The teams the user supervises (every team for an admin); straight to the only one."""
    teams = list(teams_supervised_by(request.user))
    if len(teams) == 1:
        return redirect("supervision:team", teams[0].pk)
    return render(request, "supervision/index.html", {"teams": teams})


@read_only
@login_required
def team(request, pk):
    team = get_team_for_user(request.user, pk)
    rows = dashboard.rows_of(team, request.user)
    overdue = dashboard.overdue_by_manager(team, request.user)
    context = {
        "team": team,
        "metrics": dashboard.METRICS,
        "rows": rows,
        "overdue": [(row, overdue[row.manager.pk]) for row in rows if overdue.get(row.manager.pk)],
        "load_chart": dashboard.load_chart(rows, team),
        "weekly_chart": dashboard.weekly_chart(dashboard.weekly(team)),
    }
    return render(request, "supervision/team.html", context)


@read_only
@login_required
def figure(request, pk, key):
    """The items behind one figure of the dashboard: the team's, or one case manager's."""
    team = get_team_for_user(request.user, pk)
    metric = dashboard.METRIC_KEYS.get(key)
    if metric is None:
        raise Http404("No such figure.")
    manager = request.GET.get("manager")
    manager_ids = [int(manager)] if manager and manager.isdigit() else None
    rows = dashboard.items(team, request.user, key, manager_ids)
    context = {"team": team, "metric": metric, "items": rows, "shown": dashboard.OVERDUE_SHOWN}
    return render(request, "supervision/figure.html", context)

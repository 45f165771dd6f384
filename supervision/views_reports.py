"""The outcome reports' pages (issue 15): the list of reports, one report of a team with its
filters, chart, definition and table, and its CSV and XLSX downloads. The figures are
supervision.reports'; another team's reports are 404, as its dashboard is."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from casemgmt.decorators import read_only

from . import exports, reports
from .access import get_team_for_user, teams_supervised_by
from .forms_reports import ReportFilterForm
from .models import ReportExport


@read_only
@login_required
def index(request):
    """The reports and their definitions, for each team the user supervises."""
    context = {"teams": list(teams_supervised_by(request.user)), "reports": reports.REPORTS}
    return render(request, "supervision/reports.html", context)


def _report_and_scope(request, pk, key):
    team = get_team_for_user(request.user, pk)
    report = reports.REPORT_KEYS.get(key)
    if report is None:
        raise Http404("No such report.")
    first, last = reports.default_range()
    # The form always shows the range in effect: the default dates fill what is not given.
    data = {"date_from": first, "date_to": last} | {k: v for k, v in request.GET.items() if v}
    form = ReportFilterForm(data, team=team, default_range=(first, last))
    # Filters that do not validate (an unknown case manager, a range back to front) are shown
    # with their errors, and the report falls back to the whole team over the default range.
    values = form.cleaned_data if form.is_valid() else {}
    scope = reports.Scope(
        team=team,
        user=request.user,
        date_from=values.get("date_from", first),
        date_to=values.get("date_to", last),
        manager=values.get("manager"),
    )
    return report, scope, form


@read_only
@login_required
def report(request, pk, key):
    report, scope, form = _report_and_scope(request, pk, key)
    table = report.run(scope)
    context = {
        "team": scope.team,
        "report": report,
        "reports": reports.REPORTS,
        "scope": scope,
        "form": form,
        "table": table,
        "chart": report.chart(table),
        "query": request.GET.urlencode(),
    }
    return render(request, "supervision/report.html", context)


@require_safe
@login_required
def export(request, pk, key, fmt):
    if fmt not in ReportExport.Format.values:
        raise Http404("No such format.")
    report, scope, _form = _report_and_scope(request, pk, key)
    return exports.export(report, scope, fmt)

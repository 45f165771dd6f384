"""The supervisor's screens: the teams they supervise, a team's dashboard, the list behind each
of its figures, and moving cases between case managers; and the receiver's transfers inbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from casemgmt.decorators import read_only
from casemgmt.transitions import InvalidTransition
from cases import services as case_services
from cases.models import ClosureRequest

from . import approvals as approvals_queue
from . import dashboard, services
from .access import get_team_for_user, teams_supervised_by
from .forms import DeclineForm, ReassignForm, SupervisionNoteForm
from .models import SupervisionNote, Transfer


@read_only
@login_required
def index(request):
    """The agency view: the teams the user supervises (every team for an admin) with their
    headline figures; straight to the dashboard of the only one."""
    teams = list(teams_supervised_by(request.user))
    if len(teams) == 1:
        return redirect("supervision:team", teams[0].pk)
    context = {
        "teams": teams,
        "rows": dashboard.agency_rows(teams, request.user),
        "metrics": [dashboard.METRIC_KEYS[key] for key in dashboard.AGENCY_METRICS],
    }
    return render(request, "supervision/index.html", context)


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
        "overdue": [
            (row, late[: dashboard.OVERDUE_PER_MANAGER], len(late))
            for row in rows
            if (late := overdue.get(row.manager.pk))
        ],
        "load_chart": dashboard.load_chart(rows, team),
        "weekly_chart": dashboard.weekly_chart(dashboard.weekly(team)),
        "pending_transfers": Transfer.objects.visible_to(request.user)
        .filter(case__team=team)
        .pending()
        .for_list(),
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


@login_required
def reassign(request, pk):
    """Move some or all of one case manager's open cases on the team to others, in one go."""
    team = get_team_for_user(request.user, pk)
    source_id = request.GET.get("from", "")
    people = (
        {row.manager.pk: row for row in dashboard.rows_of(team, request.user)}
        if source_id.isdigit()
        else {}
    )
    source = people.get(int(source_id or 0))
    if source is None:
        messages.error(request, _("Choose whose cases to move."))
        return redirect("supervision:team", team.pk)
    cases = (
        dashboard.team_cases(team, request.user)
        .filter(primary_case_manager=source.manager)
        .select_related("client", "program", "primary_case_manager")
        .order_by("-acuity", "client__legal_last_name", "pk")
    )
    receivers = [(r.manager, r.load) for r in people.values() if r is not source]
    form = ReassignForm(request.POST or None, cases=cases, receivers=receivers)
    if form.is_valid():
        try:
            transfers = services.request_transfers(
                assignments=form.assignments(),
                reason=form.cleaned_data["reason"],
                override_reason=form.cleaned_data["override_reason"],
                by=request.user,
            )
        except (ValidationError, InvalidTransition) as e:
            form.add_error(None, e.messages if isinstance(e, ValidationError) else str(e))
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s transfer awaits acceptance.",
                    "%(n)s transfers await acceptance.",
                    len(transfers),
                )
                % {"n": len(transfers)},
            )
            return redirect("supervision:team", team.pk)
    context = {"team": team, "source": source, "form": form, "receivers": receivers}
    return render(request, "supervision/reassign.html", context)


@read_only
@login_required
def transfers(request):
    """Transfers offered to the user, to accept or decline; and those awaiting others that the
    user asked for."""
    visible = Transfer.objects.visible_to(request.user).pending().for_list()
    context = {
        "offered": [t for t in visible if t.to_manager_id == request.user.pk],
        "asked": [t for t in visible if t.requested_by_id == request.user.pk],
        "decline_form": DeclineForm(),
    }
    return render(request, "supervision/transfers.html", context)


@login_required
@require_POST
def transfer_answer(request, pk, answer):
    transfer = get_object_or_404(
        Transfer.objects.visible_to(request.user).select_related("case__team"), pk=pk
    )
    form = DeclineForm(request.POST)
    try:
        if answer == "accept":
            services.accept_transfer(transfer=transfer, by=request.user)
            messages.success(request, _("The case is yours now."))
            return redirect(transfer.case)
        if answer != "decline":
            raise Http404("No such answer.")
        if not form.is_valid():
            messages.error(request, _("Say why you decline the case."))
        else:
            services.decline_transfer(
                transfer=transfer, by=request.user, reason=form.cleaned_data["decline_reason"]
            )
            messages.success(request, _("Transfer declined; the case stays where it was."))
    except InvalidTransition as e:
        messages.error(request, str(e))
    return redirect("supervision:transfers")


@read_only
@login_required
def approvals(request):
    return render(request, "supervision/approvals.html", approvals_queue.queue(request.user))


@login_required
@require_POST
def closure_decide(request, pk, answer):
    closure = get_object_or_404(
        ClosureRequest.objects.awaiting_sign_off_by(request.user).select_related("case__team"),
        pk=pk,
    )
    comment = request.POST.get("comment", "")
    try:
        if answer == "sign_off":
            case = case_services.sign_off_closure(request=closure, by=request.user, comment=comment)
            messages.success(request, _("Closure signed off: the case is closed."))
            return redirect(case)
        if answer != "return":
            raise Http404("No such answer.")
        case_services.return_closure(request=closure, by=request.user, comment=comment)
        messages.success(request, _("Closure returned to %(who)s.") % {"who": closure.requested_by})
    except InvalidTransition as e:
        messages.error(request, str(e))
    return redirect("supervision:approvals")


@login_required
@require_POST
def review_mark(request, kind, pk):
    reviewable = approvals_queue.reviewable(kind, request.user)
    if reviewable is None:
        raise Http404("Nothing of that kind is reviewed.")
    thing = get_object_or_404(reviewable, pk=pk)
    try:
        approvals_queue.mark_reviewed(
            thing=thing, by=request.user, comment=request.POST.get("comment", "")
        )
    except InvalidTransition as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Marked reviewed."))
    return redirect("supervision:approvals")


@login_required
def person_notes(request, pk, user_pk):
    """A supervisor's notes on one case manager of the team, and the form to add one."""
    team = get_team_for_user(request.user, pk)
    person = get_object_or_404(dashboard.people_of(team, request.user), pk=user_pk)
    cases = (
        dashboard.team_cases(team, request.user)
        .filter(primary_case_manager=person)
        .select_related("client")
        .order_by("client__legal_last_name", "pk")
    )
    form = SupervisionNoteForm(request.POST or None, cases=cases)
    if form.is_valid():
        try:
            services.add_supervision_note(
                team=team, about=person, by=request.user, **form.cleaned_data
            )
        except (ValidationError, InvalidTransition) as e:
            form.add_error(None, e.messages if isinstance(e, ValidationError) else str(e))
        else:
            messages.success(request, _("Note saved; %(who)s is told.") % {"who": person})
            return redirect("supervision:person_notes", team.pk, person.pk)
    notes = SupervisionNote.objects.visible_to(request.user).filter(team=team, about=person)
    context = {"team": team, "person": person, "notes": notes.for_list(), "form": form}
    return render(request, "supervision/person_notes.html", context)


@read_only
@login_required
def my_notes(request):
    """The supervision notes about the user's own work."""
    notes = SupervisionNote.objects.visible_to(request.user).filter(about=request.user)
    return render(request, "supervision/my_notes.html", {"notes": notes.for_list()})

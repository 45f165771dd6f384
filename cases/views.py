"""Case pages: my caseload, opening a case, the case page, editing, status moves, and notes."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from casemgmt import pagination, panels
from casemgmt.decorators import read_only
from casemgmt.transitions import InvalidTransition
from clients.access import get_client_for_user

from . import caps, closure, services
from .access import get_case_for_user, get_note_for_user
from .forms import (
    AddendumForm,
    CaseEditForm,
    CaseloadFilter,
    EmergencyAccessForm,
    NoteForm,
    OpenCaseForm,
    TransitionForm,
)
from .models import Case, CaseNote

CASELOAD_PAGE_SIZE = 25
# The case page shows the newest notes; older ones a page at a time (casemgmt/pagination.py).
NOTES_PAGE_SIZE = 20

# ---------------------------------------------------------------------------------------------
# Cases


@read_only
@login_required
def caseload(request):
    cases = Case.objects.visible_to(request.user).caseload_of(request.user)
    filterset = CaseloadFilter(request.GET, queryset=cases.for_list().with_contact_due())
    page = Paginator(filterset.qs, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "page": page,
        "summary": cases.caseload_summary(),
        "contact_due_days": Case.contact_due_days(),
    }
    return render(request, "cases/caseload.html", context)


@login_required
def open_case(request, client_pk):
    person = get_client_for_user(request.user, client_pk)
    if person.is_archived:
        messages.error(request, "This client is archived: restore the record to open a case.")
        return redirect(person)
    form = OpenCaseForm(request.POST or None, user=request.user, instance=Case(client=person))
    if form.is_valid():
        case = services.open_case(
            case=form.save(commit=False), by=request.user, care_team=form.cleaned_data["care_team"]
        )
        messages.success(request, "Case opened.")
        _settle_caps(request, case, form)
        return redirect(case)
    return render(request, "cases/open.html", {"person": person, "form": form})


@read_only
@login_required
def detail(request, pk):
    try:
        case = get_case_for_user(request.user, pk, for_page=True)
    except Http404:
        return emergency_access(request, pk)
    grants = case.emergency_accesses_shown
    notes_page = pagination.page_of(
        CaseNote.objects.visible_to(request.user).filter(case=case).for_timeline(),
        request.GET.get(pagination.PARAMETER),
        size=NOTES_PAGE_SIZE,
    )
    events = case.events_shown
    context = {
        "case": case,
        "emergency_accesses": grants,
        "my_emergency_access": next(
            (g for g in grants if g.user_id == request.user.pk and g.is_current), None
        ),
        "flags": case.client_flags_shown,
        "care_team": case.care_team_shown,
        "notes": notes_page.object_list,
        "notes_page": notes_page,
        "hidden_restricted_notes": case.hidden_note_count,
        "events": events,
        "last_closure": next((e for e in events if e.kind == "close"), None),
        "last_reopening": next((e for e in events if e.kind == "reopen"), None),
        "form": NoteForm() if case.is_open else None,
        "panels": panels.render(request, "case", case=case),
    }
    return render(request, "cases/detail.html", context)


@login_required
def emergency_access(request, pk):
    """Break the glass (DESIGN.md §3) on a restricted case of the user's team, or on a case
    whose restricted notes the user cannot see. Whoever has nothing to open is sent to the case;
    anyone who could not see it at all gets 404, so other teams never learn it exists."""
    case = Case.objects.breakable_by(request.user).for_list().filter(pk=pk).first()
    if case is None:
        get_case_for_user(request.user, pk)
        return redirect("cases:detail", pk)
    form = EmergencyAccessForm(request.POST or None)
    if form.is_valid():
        grant = services.grant_emergency_access(
            case=case, by=request.user, reason=form.cleaned_data["reason"]
        )
        until = formats.date_format(timezone.localtime(grant.expires_at), "g:i A")
        messages.warning(
            request,
            f"Emergency access granted until {until}: the team's supervisors have been told, "
            "and your reason is kept with the case.",
        )
        return redirect(case)
    context = {"case": case, "form": form, "hours": settings.EMERGENCY_ACCESS_HOURS}
    return render(request, "cases/emergency_access.html", context, status=403)


@login_required
def edit(request, pk):
    case = get_case_for_user(request.user, pk)
    if not case.is_open:
        messages.info(request, "This case is closed, so it is read-only. Reopen it to edit it.")
        return redirect(case)
    form = CaseEditForm(request.POST or None, instance=case, user=request.user)
    if form.is_valid() and form.save_if_current(by=request.user):
        messages.success(request, "Case updated.")
        _settle_caps(request, case, form)
        return redirect(case)
    return render(request, "cases/edit.html", {"case": case, "form": form})


def _settle_caps(request, case: Case, form) -> None:
    reason = form.cleaned_data.get("cap_override_reason", "")
    if text := caps.settle(case=case, load=form.load, reason=reason, by=request.user):
        messages.warning(request, text)


@login_required
def transition(request, pk, move):
    case = get_case_for_user(request.user, pk)
    if move not in Case.MOVES:
        raise Http404("No such status move.")
    label = Case.MOVES[move].label
    if request.method == "GET" and move not in dict(case.available_moves()):
        messages.error(
            request, f"Cannot {label.lower()}: the case is {case.get_status_display().lower()}."
        )
        return redirect(case)
    open_items = closure.open_items(case) if move == "close" else []
    needs_safety_reason = any(item.needs_reason for item in open_items)
    form = TransitionForm(request.POST or None, move=move, needs_safety_reason=needs_safety_reason)
    if form.is_valid():
        try:
            if move == "close" and case.closure_needs_sign_off_by(request.user):
                services.request_closure(case=case, by=request.user, **form.cleaned_data)
                messages.success(
                    request, _("The closure awaits the sign-off of a supervisor of the team.")
                )
            else:
                getattr(case, move)(by=request.user, **form.cleaned_data)
                messages.success(request, f"Case is now {case.get_status_display().lower()}.")
        except InvalidTransition as e:
            messages.error(request, str(e))
        return redirect(case)
    context = {
        "case": case,
        "form": form,
        "label": label,
        "open_items": open_items,
        "needs_sign_off": move == "close" and case.closure_needs_sign_off_by(request.user),
    }
    return render(request, "cases/transition.html", context)


# ---------------------------------------------------------------------------------------------
# Notes


@login_required
def note_add(request, pk):
    case = get_case_for_user(request.user, pk)
    form = NoteForm(request.POST or None)
    if form.is_valid():
        try:
            note = case.add_note(form.save(commit=False), by=request.user, sign=form.sign_requested)
        except InvalidTransition as e:
            form.add_error(None, str(e))
        else:
            if request.htmx:
                context = {"case": case, "note": note, "form": NoteForm()}
                return render(request, "cases/_note_added.html", context)
            messages.success(request, "Note saved.")
            return redirect(note)
    if request.htmx:
        response = render(request, "cases/_note_form.html", {"case": case, "form": form})
        return reswap(retarget(response, "#note-form"), "outerHTML")
    return render(request, "cases/note_add.html", {"case": case, "form": form})


@login_required
def note_edit(request, pk):
    note = get_note_for_user(request.user, pk)
    if note.is_signed:
        messages.error(request, "Signed notes cannot be changed; add an addendum.")
        return redirect(note)
    if not note.can_edit(request.user):
        return render(request, "cases/note_not_yours.html", {"note": note}, status=403)
    form = NoteForm(request.POST or None, instance=note)
    if form.is_valid():
        form.save()
        if form.sign_requested:
            note.sign(by=request.user)
        messages.success(request, "Note signed." if note.is_signed else "Draft saved.")
        return redirect(note)
    return render(request, "cases/note_edit.html", {"note": note, "form": form})


@login_required
@require_POST
def note_sign(request, pk):
    note = get_note_for_user(request.user, pk)
    try:
        note.sign(by=request.user)
    except InvalidTransition as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "Note signed.")
    return redirect(note)


@login_required
def addendum_add(request, pk):
    note = get_note_for_user(request.user, pk)
    if note.addendum_to_id:
        return redirect("cases:addendum_add", note.addendum_to_id)
    if not note.is_signed:
        messages.error(request, "Only signed notes take addenda: edit or sign the draft instead.")
        return redirect(note)
    form = AddendumForm(request.POST or None)
    if form.is_valid():
        services.add_addendum(note=note, by=request.user, narrative=form.cleaned_data["narrative"])
        messages.success(request, "Addendum added.")
        return redirect(note)
    return render(request, "cases/addendum_add.html", {"note": note, "form": form})

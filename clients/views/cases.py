"""Case pages: my caseload, opening a case, the case page, editing, status moves, and notes."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from assessments.models import Assessment, IdentifiedNeed, Instrument
from careplans.models import Task
from clients import services
from clients.case_forms import (
    AddendumForm,
    CaseEditForm,
    CaseloadFilter,
    EmergencyAccessForm,
    NoteForm,
    OpenCaseForm,
    TransitionForm,
)
from clients.models import Case, CaseNote, InvalidTransition
from clients.views.clients import get_client_for_user

CASELOAD_PAGE_SIZE = 25
EMERGENCY_LOG_SIZE = 10
ASSESSMENT_LIST_SIZE = 10
REFERRAL_LIST_SIZE = 10

# ---------------------------------------------------------------------------------------------
# Access helpers: the object if the user may see it, 404 otherwise (never leak that it exists).


def get_case_for_user(user, pk) -> Case:
    """The case if the user may see it; 404 otherwise."""
    return get_object_or_404(Case.objects.visible_to(user).for_list(), pk=pk)


def get_note_for_user(user, pk) -> CaseNote:
    """The note if the user may see it (restricted notes: the case's inner circle); else 404."""
    notes = CaseNote.objects.visible_to(user).select_related("case__client", "author")
    return get_object_or_404(notes, pk=pk)


# ---------------------------------------------------------------------------------------------
# Cases


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
        return redirect(case)
    return render(request, "cases/open.html", {"person": person, "form": form})


@login_required
def detail(request, pk):
    try:
        case = get_case_for_user(request.user, pk)
    except Http404:
        return emergency_access(request, pk)
    grants = list(case.emergency_accesses.select_related("user")[:EMERGENCY_LOG_SIZE])
    context = {
        "case": case,
        "emergency_accesses": grants,
        "my_emergency_access": next(
            (g for g in grants if g.user_id == request.user.pk and g.is_current), None
        ),
        "flags": case.client.flags.filter(cleared_at=None),
        "care_team": case.care_team_members.select_related("user"),
        "notes": CaseNote.objects.visible_to(request.user).filter(case=case).for_timeline(),
        "events": case.events.select_related("actor"),
        "form": NoteForm() if case.is_open else None,
        "assessments": Assessment.objects.visible_to(request.user)
        .filter(case=case)
        .for_list()[:ASSESSMENT_LIST_SIZE],
        "instruments": Instrument.objects.published().order_by("name") if case.is_open else (),
        "needs": IdentifiedNeed.objects.visible_to(request.user)
        .open()
        .filter(case=case)
        .for_list(),
        "tasks": Task.objects.filter(case=case).open().in_force().for_list(),
        "referrals": case.referrals.select_related("service__organization").order_by("-created_at")[
            :REFERRAL_LIST_SIZE
        ],
        "plans": list(case.care_plans.only("number", "status", "title", "review_due_on", "case")),
    }
    return render(request, "cases/detail.html", context)


@login_required
def emergency_access(request, pk):
    """Break the glass on a restricted case of the user's team (DESIGN.md §3); 404 for anyone
    who could not, so other teams never learn the case exists."""
    if Case.objects.visible_to(request.user).filter(pk=pk).exists():
        return redirect("cases:detail", pk)
    cases = Case.objects.open_to_emergency_access_by(request.user).for_list()
    case = get_object_or_404(cases, pk=pk)
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
    form = CaseEditForm(request.POST or None, instance=case)
    if form.is_valid() and form.save_if_current(by=request.user):
        messages.success(request, "Case updated.")
        return redirect(case)
    return render(request, "cases/edit.html", {"case": case, "form": form})


@login_required
def transition(request, pk, move):
    case = get_case_for_user(request.user, pk)
    if move not in Case.MOVES:
        raise Http404("No such status move.")
    label = Case.MOVES[move][0]
    if request.method == "GET" and move not in dict(case.available_moves()):
        messages.error(
            request, f"Cannot {label.lower()}: the case is {case.get_status_display().lower()}."
        )
        return redirect(case)
    form = TransitionForm(request.POST or None, move=move)
    if form.is_valid():
        try:
            getattr(case, move)(by=request.user, **form.cleaned_data)
        except InvalidTransition as e:
            messages.error(request, str(e))
        else:
            messages.success(request, f"Case is now {case.get_status_display().lower()}.")
        return redirect(case)
    return render(request, "cases/transition.html", {"case": case, "form": form, "label": label})


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

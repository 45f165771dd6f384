"""Client pages: find, intake, the client record and what hangs off it (contacts, coverage,
consents, flags), edit, history, archive and restore."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.views.decorators.http import require_POST

from clients import services
from clients.forms import (
    ClientEditForm,
    ConsentForm,
    ContactForm,
    CoverageForm,
    FlagForm,
    IntakeForm,
    ReasonForm,
    SearchForm,
)
from clients.models import (
    Case,
    CaseNote,
    Client,
    ClientFlag,
    Consent,
    Contact,
    Coverage,
    InvalidTransition,
)

PAGE_SIZE = 25
TIMELINE_SIZE = 30

# ---------------------------------------------------------------------------------------------
# Access helpers: the object if the user may see it, 404 otherwise (never leak that it exists).


def get_client_for_user(user, pk, *, for_page: bool = False) -> Client:
    """The client if the user may see them; `for_page` prefetches what the client page shows."""
    clients = Client.objects.visible_to(user)
    if for_page:
        clients = clients.for_detail(user)
    return get_object_or_404(clients, pk=pk)


def get_contact_for_user(user, pk) -> Contact:
    return get_object_or_404(Contact.objects.visible_to(user).select_related("client"), pk=pk)


def get_coverage_for_user(user, pk) -> Coverage:
    return get_object_or_404(Coverage.objects.visible_to(user).select_related("client"), pk=pk)


def get_consent_for_user(user, pk) -> Consent:
    return get_object_or_404(Consent.objects.visible_to(user).select_related("client"), pk=pk)


def get_flag_for_user(user, pk) -> ClientFlag:
    return get_object_or_404(ClientFlag.objects.visible_to(user).select_related("client"), pk=pk)


def _refuse_if_archived(request, person: Client):
    """Archived records are read-only: explain, and send the user back to the client page."""
    if person.is_archived:
        messages.error(request, "This client is archived: restore the record before changing it.")
        return redirect(person)
    return None


def _section(person: Client, anchor: str) -> str:
    return f"{person.get_absolute_url()}#{anchor}"


# ---------------------------------------------------------------------------------------------
# Find, register, view


@login_required
def search(request):
    form = SearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    results = Client.objects.findable_by(request.user).search(q).with_open_case_count(request.user)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    partial = request.htmx and not request.htmx.history_restore_request
    template = "clients/_search_results.html" if partial else "clients/search.html"
    return render(request, template, {"form": form, "q": q, "page": page})


@login_required
def intake(request):
    form = IntakeForm(request.POST or None, user=request.user)
    if form.is_valid():
        person = services.register_client(
            client=form.save(commit=False),
            by=request.user,
            team=form.cleaned_data["team"],
            duplicate_reason=form.cleaned_data["duplicate_reason"] if form.duplicates else "",
        )
        messages.success(
            request,
            f"{person.display_name} is registered as {person.client_number}. "
            "Next: open a case to start working with them.",
        )
        return redirect(person)
    return render(request, "clients/intake.html", {"form": form})


@login_required
def detail(request, pk):
    behind_glass = Case.objects.open_to_emergency_access_by(request.user).filter(client_id=pk)
    behind_glass = list(behind_glass.for_list())
    try:
        person = get_client_for_user(request.user, pk, for_page=True)
    except Http404:
        if not behind_glass:
            raise
        context = {"person": behind_glass[0].client, "cases": behind_glass}
        return render(request, "clients/restricted.html", context, status=403)
    notes = (
        CaseNote.objects.visible_to(request.user)
        .filter(case__client=person)
        .for_timeline()[:TIMELINE_SIZE]
    )
    return render(
        request,
        "clients/detail.html",
        {
            "person": person,
            "notes": notes,
            "behind_glass": behind_glass,
            "today": timezone.localdate(),
        },
    )


@login_required
def edit(request, pk):
    person = get_client_for_user(request.user, pk)
    if refusal := _refuse_if_archived(request, person):
        return refusal
    form = ClientEditForm(request.POST or None, instance=person)
    if form.is_valid() and form.save_if_current(by=request.user):
        messages.success(request, "Client details saved.")
        return redirect(person)
    return render(request, "clients/edit.html", {"person": person, "form": form})


@login_required
def history(request, pk):
    person = get_client_for_user(request.user, pk)
    page = Paginator(person.record_history(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "clients/history.html",
        {"person": person, "page": page, "rows": _history_rows(page.object_list)},
    )


# Bookkeeping columns that say nothing a reader of the history needs.
_HIDDEN_HISTORY_FIELDS = {"version", "updated_at", "created_at"}


def _history_rows(events) -> list[dict]:
    """Events → when, who, what, and each changed field as (label, before, after).

    Who is resolved for the whole page in one query.
    """
    events = list(events)
    user_ids = {e.pgh_context["user"] for e in events if e.pgh_context and "user" in e.pgh_context}
    users = get_user_model().objects.in_bulk(user_ids)
    rows = []
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        fields = {
            f.attname: f
            for f in model._meta.concrete_fields
            if not (f.primary_key or f.is_relation or f.generated)
            and f.name not in _HIDDEN_HISTORY_FIELDS
        }
        obj = model(**{name: event.pgh_data.get(name) for name in fields})
        created = event.pgh_label == "insert"
        if created:
            changes = [
                (f.verbose_name, None, _shown(f, event.pgh_data.get(name)))
                for name, f in fields.items()
                if event.pgh_data.get(name) not in (None, "")
            ]
        else:
            changes = [
                (fields[k].verbose_name, _shown(fields[k], old), _shown(fields[k], new))
                for k, (old, new) in (event.pgh_diff or {}).items()
                if k in fields
            ]
            if not changes:
                continue
        user_id = (event.pgh_context or {}).get("user")
        rows.append(
            {
                "event": event,
                "who": users.get(user_id),
                "what": f"{model._meta.verbose_name.capitalize()}: {obj}",
                "created": created,
                "changes": changes,
            }
        )
    return rows


def _shown(field, value) -> str:
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DateTimeField):
        return formats.date_format(timezone.localtime(field.to_python(value)), "DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return formats.date_format(field.to_python(value), "DATE_FORMAT")
    return str(value)


# ---------------------------------------------------------------------------------------------
# Archive and restore


@login_required
def archive(request, pk):
    person = get_client_for_user(request.user, pk)
    form = ReasonForm(request.POST or None)
    if form.is_valid():
        try:
            person.archive(by=request.user, reason=form.cleaned_data["reason"])
        except InvalidTransition as e:
            messages.error(request, str(e))
        else:
            messages.success(request, f"{person.display_name} is archived. Restore them any time.")
        return redirect(person)
    return render(request, "clients/archive.html", {"person": person, "form": form})


@login_required
@require_POST
def restore(request, pk):
    person = get_client_for_user(request.user, pk)
    try:
        person.unarchive(by=request.user)
    except InvalidTransition as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"{person.display_name}'s record is restored.")
    return redirect(person)


# ---------------------------------------------------------------------------------------------
# Contacts, coverage, consents, flags


def _record_form(request, person, form, *, title: str, submit: str, cancel: str):
    context = {"person": person, "form": form, "title": title, "submit": submit}
    return render(request, "clients/record_form.html", {**context, "cancel": cancel})


@login_required
def contact_add(request, client_pk):
    person = get_client_for_user(request.user, client_pk)
    if refusal := _refuse_if_archived(request, person):
        return refusal
    form = ContactForm(request.POST or None, instance=Contact(client=person))
    if form.is_valid():
        contact = form.save()
        messages.success(request, f"{contact.name} is added to the contacts.")
        return redirect(_section(person, "contacts"))
    return _record_form(
        request, person, form, title="Add a contact", submit="Add contact", cancel="contacts"
    )


@login_required
def contact_edit(request, pk):
    contact = get_contact_for_user(request.user, pk)
    person = contact.client
    if refusal := _refuse_if_archived(request, person):
        return refusal
    form = ContactForm(request.POST or None, instance=contact)
    if form.is_valid():
        form.save()
        messages.success(request, f"{contact.name}'s details are saved.")
        return redirect(_section(person, "contacts"))
    return _record_form(
        request, person, form, title=f"Edit {contact.name}", submit="Save", cancel="contacts"
    )


@login_required
def coverage_add(request, client_pk):
    person = get_client_for_user(request.user, client_pk)
    if refusal := _refuse_if_archived(request, person):
        return refusal
    form = CoverageForm(request.POST or None, instance=Coverage(client=person))
    if form.is_valid():
        form.save()
        messages.success(request, "Coverage added.")
        return redirect(_section(person, "coverage"))
    return _record_form(
        request, person, form, title="Add coverage", submit="Add coverage", cancel="coverage"
    )


@login_required
def coverage_edit(request, pk):
    coverage = get_coverage_for_user(request.user, pk)
    person = coverage.client
    if refusal := _refuse_if_archived(request, person):
        return refusal
    form = CoverageForm(request.POST or None, instance=coverage)
    if form.is_valid():
        form.save()
        messages.success(request, "Coverage saved.")
        return redirect(_section(person, "coverage"))
    return _record_form(
        request, person, form, title="Edit coverage", submit="Save", cancel="coverage"
    )


@login_required
def consent_add(request, client_pk):
    person = get_client_for_user(request.user, client_pk)
    if refusal := _refuse_if_archived(request, person):
        return refusal
    consent = Consent(client=person, recorded_by=request.user)
    form = ConsentForm(request.POST or None, instance=consent)
    if form.is_valid():
        form.save()
        messages.success(request, "Consent recorded.")
        return redirect(_section(person, "consents"))
    return _record_form(
        request, person, form, title="Record a consent", submit="Record consent", cancel="consents"
    )


@login_required
def consent_revoke(request, pk):
    consent = get_consent_for_user(request.user, pk)
    person = consent.client
    if refusal := _refuse_if_archived(request, person):
        return refusal
    form = ReasonForm(request.POST or None)
    if form.is_valid():
        try:
            consent.revoke(by=request.user, reason=form.cleaned_data["reason"])
        except InvalidTransition as e:
            messages.error(request, str(e))
        else:
            messages.success(request, f"Consent revoked: {consent}.")
        return redirect(_section(person, "consents"))
    return _record_form(
        request, person, form, title=f"Revoke {consent}", submit="Revoke", cancel="consents"
    )


@login_required
def flag_add(request, client_pk):
    person = get_client_for_user(request.user, client_pk)
    if refusal := _refuse_if_archived(request, person):
        return refusal
    form = FlagForm(
        request.POST or None, instance=ClientFlag(client=person, created_by=request.user)
    )
    if form.is_valid():
        flag = form.save()
        messages.success(request, f"Flag added: {flag}.")
        return redirect(person)
    return _record_form(request, person, form, title="Add a flag", submit="Add flag", cancel="")


@login_required
@require_POST
def flag_clear(request, pk):
    flag = get_flag_for_user(request.user, pk)
    if refusal := _refuse_if_archived(request, flag.client):
        return refusal
    try:
        flag.clear(by=request.user)
    except InvalidTransition as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"Flag cleared: {flag}.")
    return redirect(flag.client)

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

from casemgmt import panels
from casemgmt.decorators import read_only
from casemgmt.redirects import local_next
from casemgmt.transitions import InvalidTransition

from . import services
from .access import (
    get_client_for_user,
    get_consent_for_user,
    get_contact_for_user,
    get_coverage_for_user,
    get_flag_for_user,
)
from .forms import (
    ClientEditForm,
    ConsentForm,
    ContactForm,
    CoverageForm,
    FlagForm,
    IntakeForm,
    ReasonForm,
    SearchForm,
)
from .models import SEARCH_LIMIT, Client, ClientFlag, Consent, Contact, Coverage

PAGE_SIZE = 25


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


@read_only
@login_required
def search(request):
    form = SearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    found = Client.objects.findable_by(request.user).search(q).with_open_case_count(request.user)
    # Bounded, never counted: past SEARCH_LIMIT matches the user is asked to narrow it down.
    found = list(found[: SEARCH_LIMIT + 1])
    page = Paginator(found[:SEARCH_LIMIT], PAGE_SIZE).get_page(request.GET.get("page"))
    partial = request.htmx and not request.htmx.history_restore_request
    template = "clients/_search_results.html" if partial else "clients/search.html"
    context = {"form": form, "q": q, "page": page, "more": len(found) > SEARCH_LIMIT}
    return render(request, template, context)


@login_required
def intake(request):
    form = IntakeForm(request.POST or None, user=request.user)
    if form.is_valid():
        try:
            person = services.register_client(
                client=form.save(commit=False),
                by=request.user,
                team=form.cleaned_data["team"],
                duplicate_reason=form.cleaned_data["duplicate_reason"] if form.duplicates else "",
            )
        except services.ProbableDuplicate as e:
            form.add_error("duplicate_reason", str(e))
        else:
            messages.success(
                request,
                f"{person.display_name} is registered as {person.client_number}. "
                "Next: open a case to start working with them.",
            )
            return redirect(person)
    return render(request, "clients/intake.html", {"form": form})


@read_only
@login_required
def detail(request, pk):
    try:
        person = get_client_for_user(request.user, pk, for_page=True)
    except Http404:
        # Hidden only behind a restricted case of the user's team: say so, and offer the way in.
        person = get_object_or_404(Client.objects.findable_by(request.user), pk=pk)
        context = {
            "person": person,
            "panels": panels.render(request, "restricted_client", person=person),
        }
        return render(request, "clients/restricted.html", context, status=403)
    context = {
        "person": person,
        "today": timezone.localdate(),
        "panels": panels.render(request, "client", person=person),
    }
    return render(request, "clients/detail.html", context)


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


@read_only
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


def _record_form(request, person, form, *, title: str, submit: str, cancel: str, back: str = ""):
    """`cancel` is the client page's section to return to, unless `back` names another page."""
    context = {"person": person, "form": form, "title": title, "submit": submit}
    return render(request, "clients/record_form.html", {**context, "cancel": cancel, "back": back})


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
    """A page that needs a consent (a referral naming an organization) links here with the
    consent's fields filled in (`?kind=roi&organization=3&organization_name=…`) and itself as
    `next`, where saving or cancelling returns."""
    person = get_client_for_user(request.user, client_pk)
    if refusal := _refuse_if_archived(request, person):
        return refusal
    back = local_next(request)
    consent = Consent(client=person, recorded_by=request.user)
    form = ConsentForm(request.POST or None, instance=consent, initial=request.GET.dict())
    if form.is_valid():
        form.save()
        messages.success(request, "Consent recorded.")
        return redirect(back or _section(person, "consents"))
    return _record_form(
        request,
        person,
        form,
        title="Record a consent",
        submit="Record consent",
        cancel="consents",
        back=back,
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

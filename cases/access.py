"""Access helpers of the case pages: the object if the user may see it (Case.objects.visible_to
and the records hanging off a case), 404 otherwise (never leak that it exists)."""

from django.shortcuts import get_object_or_404

from .models import Case, CaseNote


def get_case_for_user(user, pk, *, for_page: bool = False) -> Case:
    """The case if the user may see it; 404 otherwise. `for_page` brings what the case page
    shows beside it (CaseQuerySet.for_page)."""
    cases = Case.objects.visible_to(user).for_list()
    if for_page:
        cases = cases.for_page(user)
    return get_object_or_404(cases, pk=pk)


def get_note_for_user(user, pk) -> CaseNote:
    """The note if the user may see it (restricted notes: the case's inner circle); else 404."""
    notes = CaseNote.objects.visible_to(user).select_related("case__client", "author")
    return get_object_or_404(notes, pk=pk)

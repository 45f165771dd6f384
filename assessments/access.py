"""Access helpers of the assessment pages: the object if the user may see it, 404 otherwise
(never leak that it exists)."""

from django.shortcuts import get_object_or_404

from .models import Assessment, IdentifiedNeed


def get_assessment_for_user(user, pk) -> Assessment:
    """The assessment if the user may see it (restricted ones: the case's inner circle); 404
    otherwise."""
    assessments = Assessment.objects.visible_to(user).select_related(
        "instrument", "assessor", "completed_by", "case__client", "case__program", "case__team"
    )
    return get_object_or_404(assessments, pk=pk)


def open_needs_seen(request, case) -> list[IdentifiedNeed]:
    """The case's open needs that the user may see, read once per request: the case page's
    panels of three apps show them (the needs, a plan started from them, the directory filtered
    by them)."""
    memo = request.__dict__.setdefault("_open_needs_seen", {})
    if case.pk not in memo:
        needs = IdentifiedNeed.objects.visible_to(request.user).open().filter(case=case)
        memo[case.pk] = list(needs.for_list())
    return memo[case.pk]

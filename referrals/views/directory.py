"""The resource directory: organizations' services, searched and filtered; from a case, a
"Refer" button on each, and the case's needs as filters the user can remove."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from casemgmt.decorators import read_only
from cases.access import get_case_for_user
from referrals.filters import DirectoryFilter
from referrals.models import Service

DIRECTORY_PAGE_SIZE = 25


@read_only
@login_required
def directory(request):
    case_pk = request.GET.get("case", "")
    if case_pk and not case_pk.isdigit():
        raise Http404("No such case.")
    case = get_case_for_user(request.user, int(case_pk)) if case_pk else None
    filterset = DirectoryFilter(request.GET, queryset=Service.objects.listed().for_directory())
    page = Paginator(filterset.qs, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "page": page,
        "case": case,
        "needs": [(need, _without_need(request, need.code)) for need in filterset.needs()],
        "stale_after_days": Service.STALE_AFTER_DAYS,
    }
    return render(request, "referrals/directory.html", context)


def _without_need(request, code: str) -> str:
    """The same search without one of its needs, from the first page."""
    query = request.GET.copy()
    query.setlist("need", [c for c in query.getlist("need") if c != code])
    query.pop("page", None)
    return f"?{query.urlencode()}"

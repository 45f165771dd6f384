"""View decorators every app's pages share."""

from django.db import transaction
from django.views.decorators.http import require_safe


def read_only(view):
    """A page that only reads: GET and HEAD only (anything else gets 405), run outside the
    request's transaction (ATOMIC_REQUESTS). Under READ COMMITTED each statement reads its own
    snapshot anyway, so the transaction bought a page nothing and cost it two round trips
    (BEGIN and COMMIT) on every view (issue 13)."""
    return transaction.non_atomic_requests(require_safe(view))

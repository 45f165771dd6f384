from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _


@login_required
def minimal(request):
    """The least a logged-in page does (issue 13): the full middleware stack, the session and
    the user loaded, and a few bytes back. Pages are measured against it."""
    return HttpResponse(
        _("Signed in as %(user)s") % {"user": request.user}, content_type="text/plain"
    )

"""Where a page sends the user back to once its form is saved."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_next(request: HttpRequest) -> str:
    """The `next` parameter when it is a path on this site, else "". A page that linked here
    names itself in it; anything else (another site, a scheme, a relative path) is ignored, or
    the site would lend its name to a redirect elsewhere."""
    path = request.GET.get("next", "")
    if path.startswith("/") and url_has_allowed_host_and_scheme(path, allowed_hosts=None):
        return path
    return ""

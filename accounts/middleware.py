"""Sessions that end when the person leaves, even with a page left open (DESIGN.md §4: records
this sensitive must not stay on an unattended screen)."""

import functools

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.middleware import SessionMiddleware
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect


def passive(view):
    """For requests a page makes by itself (the bell's poll every minute): they are not the
    person's activity, so they must not extend the idle session."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        request.passive = True
        return view(request, *args, **kwargs)

    return wrapped


class IdleSessionMiddleware(SessionMiddleware):
    """Django's session middleware, whose SESSION_SAVE_EVERY_REQUEST slides the idle timeout
    (SESSION_IDLE_MINUTES) with every request, except passive ones."""

    def process_response(self, request, response):
        if getattr(request, "passive", False) and not request.session.modified:
            return response
        return super().process_response(request, response)


class HtmxLoginRedirectMiddleware:
    """An htmx request made after the session ended is sent to the login page, which htmx would
    swap into a fragment (the bell, a note form) with the record still on screen around it. Send
    the whole page to the login instead, coming back to the page afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        login_url = resolve_url(settings.LOGIN_URL)
        if (
            request.htmx
            and response.status_code == 302
            and response.url.startswith(login_url)
            and not request.user.is_authenticated
        ):
            back_to = request.htmx.current_url_abs_path or "/"
            return HttpResponseClientRedirect(redirect_to_login(back_to, login_url).url)
        return response

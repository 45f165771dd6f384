"""Sessions that end when the person leaves, even with a page left open (DESIGN.md §4: records
this sensitive must not stay on an unattended screen)."""

import functools
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.middleware import SessionMiddleware
from django.dispatch import receiver
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
    """Django's session middleware, sliding the idle timeout (SESSION_IDLE_MINUTES) with the
    person's requests, passive ones aside. Saving the session on every request would cost three
    queries on every page; the expiry is moved on at most once per SESSION_REFRESH_SECONDS
    instead, so a session ends between that long before and exactly SESSION_IDLE_MINUTES after
    the person's last request."""

    REFRESHED_AT = "_idle_refreshed_at"

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if (
            session is not None
            and not getattr(request, "passive", False)
            and not session.is_empty()
        ):
            now = int(time.time())
            if now - session.get(self.REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.REFRESHED_AT] = now  # modified: saved with a new expiry
        return super().process_response(request, response)


@receiver(user_logged_in)
def note_the_sessions_start(sender, request, **kwargs):
    """Signing in saves the session with a fresh expiry: the next refresh is due a while later."""
    if getattr(request, "session", None) is not None:
        request.session[IdleSessionMiddleware.REFRESHED_AT] = int(time.time())


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

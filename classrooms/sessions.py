"""Students' sessions end when the browser closes and after STUDENT_SESSION_IDLE_MINUTES
without a request: classroom computers are shared. Teachers and admins keep Django's usual
sessions."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

LAST_SEEN_KEY = "student_last_seen"
# Writing the time on every request would save the session on every request.
_REFRESH_EVERY_SECONDS = 60


def start_student_session(sender: object, request: HttpRequest, user: Any, **_: Any) -> None:
    """user_logged_in: a student's session cookie lasts until the browser closes."""
    if getattr(user, "is_student", False):
        request.session.set_expiry(0)
        request.session[LAST_SEEN_KEY] = int(time.time())


class StudentSessionMiddleware:
    """Signs a student out once they have been idle too long (checked on the server, so a
    browser kept open on a shared computer does not keep the child signed in)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and getattr(user, "is_student", False):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.STUDENT_SESSION_IDLE_SECONDS:
                logout(request)
            else:
                if last_seen is None or now - last_seen >= _REFRESH_EVERY_SECONDS:
                    request.session[LAST_SEEN_KEY] = now
                # Sessions begun before this rule existed end with the browser too.
                if not request.session.get_expire_at_browser_close():
                    request.session.set_expiry(0)
        return self.get_response(request)

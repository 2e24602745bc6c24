"""The CSRF-failure page: Edu4All's own, kind, with the site's header and a way back."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Usually a form left open past its session (a shared computer, a long lesson); the
    # reason is for developers and never shown.
    return render(request, "403_csrf.html", status=403)

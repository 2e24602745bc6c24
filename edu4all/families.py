"""The page for families and schools: what Edu4All keeps about a child, and for how long.

Read by parents without an account, so it needs no sign-in. Its figures come from the
settings in force, so the page never promises what the site does not do.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def families(request: HttpRequest) -> HttpResponse:
    # Which image service, and whether it is AI, come from the image_provider context
    # processor every page has (generation/context_processors.py).
    return render(
        request,
        "families.html",
        {
            "retention_days": settings.RETENTION_DAYS,
            "idle_minutes": settings.STUDENT_SESSION_IDLE_MINUTES,
        },
    )

"""The page for families and schools: what Edu4All keeps about a child, and for how long.

Read by parents without an account, so it needs no sign-in. Its figures come from the
settings in force, so the page never promises what the site does not do.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from generation.providers import get_provider


@require_GET
def families(request: HttpRequest) -> HttpResponse:
    provider = get_provider()
    return render(
        request,
        "families.html",
        {
            "retention_days": settings.RETENTION_DAYS,
            "idle_minutes": settings.STUDENT_SESSION_IDLE_MINUTES,
            "provider_label": provider.label,
            "provider_makes_ai_pictures": provider.makes_ai_pictures,
        },
    )

"""`/healthz` for load balancers and container runtimes: can we reach what we need?

Anyone gets the overall answer (200 or 503, `{"status": "ok"}` or `"error"`); staff and
callers with `HEALTHZ_TOKEN` also get each part's "ok" or "error". The reason goes to
the log (exceptions can carry hosts, user names or bucket names), never into the answer.
The storage check writes a file, so a success is remembered for a while rather than
written on every probe.
"""

import logging
import secrets
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker() -> None:
    from edu4all.celery import app

    # One short attempt: a health check that waits for the broker is itself a problem.
    with app.connection_for_write() as conn:
        conn.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS
        )


STORAGE_OK_CACHE_KEY = "healthz:storage-ok"


def check_storage() -> None:
    # A write and a delete prove the credentials can do what the worker needs. Only a
    # success is remembered: a failing store is tried again on the next probe.
    if cache.get(STORAGE_OK_CACHE_KEY):
        return
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)
    cache.set(STORAGE_OK_CACHE_KEY, True, timeout=settings.HEALTHZ_STORAGE_CHECK_SECONDS)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "broker": check_broker,
    "storage": check_storage,
}


def may_see_detail(request: HttpRequest, *, database_up: bool) -> bool:
    """A caller with `Authorization: Bearer <HEALTHZ_TOKEN>` (monitoring), or staff.

    Who is signed in is read from the database, so only while it answers.
    """
    token = settings.HEALTHZ_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and secrets.compare_digest(given.strip(), token):
        return True
    return database_up and request.user.is_staff


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    for part, check in CHECKS.items():
        try:
            check()
        except Exception:
            # Any failure is an answer here, not a crash: the probe needs a 503.
            logger.exception("health check failed: %s", part)
            results[part] = "error"
        else:
            results[part] = "ok"
    healthy = all(value == "ok" for value in results.values())
    detail = may_see_detail(request, database_up=results["database"] == "ok")
    body = results if detail else {"status": "ok" if healthy else "error"}
    return JsonResponse(body, status=200 if healthy else 503)

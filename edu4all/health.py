"""`/healthz` for load balancers and container runtimes: can we reach what we need?

The answer names each part and says only "ok" or "error": the reason goes to the log
(exceptions can carry hosts, user names or bucket names) and never into the response.
"""

import logging
import uuid
from collections.abc import Callable

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


def check_storage() -> None:
    # A write and a delete prove the credentials can do what the worker needs.
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "broker": check_broker,
    "storage": check_storage,
}


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
    return JsonResponse(results, status=200 if healthy else 503)

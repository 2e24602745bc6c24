"""What a failed drawing becomes: filtered, failed for good, or back in line after a backoff."""

import logging
import random
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone

from generation import lifecycle, messages
from generation.models import Generation
from generation.providers import FailureKind, ProviderError
from generation.services.outcome import DONE, RunOutcome

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 2.0
RETRY_CAP_SECONDS = 60.0


def provider_error_handle(*, generation: Generation, error: ProviderError) -> RunOutcome:
    """Filtered and permanent errors finish the picture; transient ones retry it, N times."""
    if error.is_filtered:
        message = (
            messages.GENERATION_IMAGE_FILTERED
            if error.kind is FailureKind.IMAGE_FILTERED
            else messages.GENERATION_FILTERED
        )
        lifecycle.filter_out(
            generation,
            message=str(message),
            detail=error.detail,
            layer=Generation.SafetyLayer.PROVIDER_FILTER,
            rule=error.detail.split(":", 1)[0],
        )
        return DONE
    if error.is_permanent or generation.attempts >= settings.GENERATION_MAX_ATTEMPTS:
        lifecycle.fail(generation, detail=error.detail, message=str(messages.GENERATION_FAILED))
        return DONE
    delay = retry_delay(generation.attempts, error.retry_after)
    generation_requeue(generation=generation, detail=error.detail, delay=delay)
    return RunOutcome(retry_in=delay)


def unexpected_error_handle(*, generation: Generation, error: Exception) -> RunOutcome:
    """A bug or an outage nobody sorted: failed, with a message a child can read."""
    logger.error("generation %s failed unexpectedly", generation.pk, exc_info=error)
    message = (
        messages.GENERATION_TIMED_OUT
        if isinstance(error, SoftTimeLimitExceeded)
        else messages.GENERATION_FAILED
    )
    lifecycle.fail(generation, detail=f"{type(error).__name__}: {error}", message=str(message))
    return DONE


def generation_requeue(*, generation: Generation, detail: str, delay: float = 0.0) -> bool:
    """Back in the line, not to be drawn for `delay` seconds (the provider's backoff)."""
    now = timezone.now()
    return lifecycle.transition(
        generation,
        Generation.Status.QUEUED,
        queued_at=now,
        not_before=now + timedelta(seconds=delay),
        error_detail=detail,
    )


def retry_delay(attempt: int, retry_after: float | None) -> float:
    """Exponential backoff with full jitter, never sooner than the provider asked."""
    backoff = min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0))
    delay = random.uniform(0, backoff)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return min(delay, RETRY_CAP_SECONDS)

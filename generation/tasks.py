"""Celery tasks: thin shells around services, passing ids only."""

import logging

from celery import shared_task

from generation.models import Generation
from generation.safety.notify import notify_if_student_keeps_trying
from generation.services import generation_run, generations_sweep_stale
from generation.services.retention import expired_images_delete

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=None)
def generate_image(self, generation_id: int) -> None:  # type: ignore[no-untyped-def]
    outcome = generation_run(generation_id=generation_id)
    if outcome.retry_in is not None:
        # The record is queued again; this re-delivers the same id after the delay.
        raise self.retry(countdown=outcome.retry_in)


@shared_task
def sweep_stale_generations() -> dict[str, int]:
    counts = generations_sweep_stale()
    if counts["requeued"] or counts["failed"]:
        logger.info("stale sweep: %s", counts)
    return counts


@shared_task
def notify_blocked_attempt(generation_id: int) -> None:
    generation = Generation.objects.filter(pk=generation_id).first()
    if generation is None:
        logger.info("generation %s is gone; no notification", generation_id)
        return
    notify_if_student_keeps_trying(generation=generation)


@shared_task
def delete_expired_images() -> int:
    return expired_images_delete()

"""Celery tasks: thin shells around services, passing ids only."""

import logging
from typing import Any

from celery import Task, shared_task

from generation.models import Generation
from generation.safety.notify import notify_if_student_keeps_trying
from generation.services import generation_draw_next, generations_sweep_stale
from generation.services.budget_mail import budget_refusal_notify
from generation.services.exports import export_build, exports_delete_old, exports_sweep_stale
from generation.services.retention import expired_images_delete

logger = logging.getLogger(__name__)


def _draw_next_picture(task: Task, generation_id: int) -> None:
    outcome = generation_draw_next(generation_id=generation_id)
    if outcome.retry_in is not None:
        # The record is queued again; this re-delivers the same id after the delay.
        raise task.retry(countdown=outcome.retry_in)


@shared_task(bind=True, acks_late=True, max_retries=None)
def draw_next_picture(self: Task, generation_id: int) -> None:
    """Draw the fairest waiting picture; `generation_id` is the one this message was for."""
    _draw_next_picture(self, generation_id)


# Messages queued before the task had its honest name still ask for the old one; kept so
# that an upgrade with pictures in the line loses none. Remove a release later.
generate_image: Any = shared_task(
    name="generation.tasks.generate_image", bind=True, acks_late=True, max_retries=None
)(_draw_next_picture)


@shared_task
def sweep_stale_generations() -> dict[str, int]:
    counts = generations_sweep_stale()
    counts["exports_failed"] = exports_sweep_stale()
    if counts["requeued"] or counts["failed"] or counts["exports_failed"]:
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
def notify_budget_refusal(refusal_id: int) -> int:
    return budget_refusal_notify(refusal_id=refusal_id)


@shared_task
def delete_expired_images() -> int:
    return expired_images_delete()


# A book of a big class may take minutes: its own limits, under the stale sweep's 20.
@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def build_export(export_id: int) -> None:
    """Make an assignment's ZIP of originals or its class book (services/exports.py)."""
    export_build(export_id=export_id)


@shared_task
def delete_old_exports() -> int:
    return exports_delete_old()

"""The stale sweep: what the queue lost is put back in line, or failed after N tries.

The queue can lose messages (a killed worker, a restarted broker); the database cannot,
so this periodic sweep is what guarantees nothing stays in progress forever.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from generation import lifecycle, messages, queue
from generation.models import Generation


def generations_sweep_stale() -> dict[str, int]:
    """Re-enqueue generations stuck in the queue or mid-drawing; fail them after N tries."""
    deadline = timezone.now() - timedelta(seconds=settings.GENERATION_STALE_AFTER_SECONDS)
    # Queued ones count from when they were queued, drawing ones from when drawing began,
    # so a picture that waited in line is never taken from a worker still drawing it.
    stale = Q(status=Generation.Status.QUEUED, queued_at__lt=deadline) | Q(
        status=Generation.Status.GENERATING, started_at__lt=deadline
    )
    counts = {"requeued": 0, "failed": 0}
    for generation in Generation.objects.filter(stale).only("pk", "status", "attempts"):
        if generation.attempts >= settings.GENERATION_MAX_ATTEMPTS:
            counts["failed"] += lifecycle.transition(
                generation,
                Generation.Status.FAILED,
                where=stale,
                error_message=str(messages.GENERATION_TIMED_OUT),
                error_detail="Still unfinished after every attempt; failed by the stale sweep.",
                finished_at=timezone.now(),
            )
            continue
        if lifecycle.transition(
            generation, Generation.Status.QUEUED, where=stale, queued_at=timezone.now()
        ):
            queue.draw_now(generation.pk)
            counts["requeued"] += 1
    return counts

"""Pictures nobody will see again are deleted after RETENTION_DAYS; records stay.

Rejected, failed, filtered and blocked generations keep their row (prompt, status,
safety layer and rule) for the teacher's safety log, but their image files go.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from generation import lifecycle
from generation.models import Generation

logger = logging.getLogger(__name__)

EXPIRING_STATUSES = (
    Generation.Status.REJECTED,
    Generation.Status.FAILED,
    Generation.Status.FILTERED,
    Generation.Status.BLOCKED,
)


def expired_images_delete(*, days: int | None = None) -> int:
    """Delete the image files of generations decided more than `days` ago; return how many."""
    days = settings.RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    expiring = Generation.objects.annotate(
        decided_at=Coalesce("reviewed_at", "finished_at", "created_at")
    ).filter(
        ~Q(image="") | ~Q(thumbnail=""),
        status__in=EXPIRING_STATUSES,
        decided_at__lt=cutoff,
    )
    deleted = 0
    for pk in expiring.values_list("pk", flat=True).iterator():
        names = _detach_files(pk)
        if names is None:
            continue
        # After the row lets go of them, so a failed delete leaves a stray file, never
        # a record pointing at a missing one.
        for name in names:
            try:
                default_storage.delete(name)
            except Exception:
                # One unreachable file must not stop the sweep; the log says which record.
                logger.exception("retention: could not delete a file of generation %s", pk)
        deleted += 1
    if deleted:
        logger.info("retention: deleted the images of %s generations", deleted)
    return deleted


def _detach_files(pk: int) -> list[str] | None:
    """Clear the file fields, only while the row is as read: a concurrent change wins."""
    generation = (
        Generation.objects.filter(pk=pk, status__in=EXPIRING_STATUSES)
        .only("pk", "status", "attempts", "image", "thumbnail")
        .first()
    )
    if generation is None:
        return None
    names = [name for name in (generation.image.name, generation.thumbnail.name) if name]
    if not lifecycle.update_unless_moved_on(generation, image="", thumbnail=""):
        return None
    return names

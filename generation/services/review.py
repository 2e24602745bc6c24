"""A teacher approves or rejects a picture waiting for review."""

import logging

from django.core.exceptions import ValidationError

from classrooms.models import User
from generation import lifecycle, messages
from generation.models import Generation

logger = logging.getLogger(__name__)


def image_review(*, generation: Generation, teacher: User, approve: bool, reason: str = "") -> None:
    """Approve or reject a picture waiting for review; rejection needs a reason.

    Two teachers (or a double click) deciding at once both read "awaiting review"; the
    move is conditional on it, so only the first decision is kept and the second is told.
    """
    if generation.status != Generation.Status.AWAITING_REVIEW:
        raise ValidationError(messages.REVIEW_NOT_PENDING, code="not_pending")
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(messages.REVIEW_REASON_NEEDED, code="reason")
    if approve:
        decided = lifecycle.approve(generation, by=teacher)
    else:
        decided = lifecycle.reject(generation, by=teacher, reason=reason)
    if not decided:
        raise ValidationError(messages.REVIEW_NOT_PENDING, code="not_pending")
    logger.info("generation %s %s by teacher %s", generation.pk, generation.status, teacher.pk)

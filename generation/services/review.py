"""A teacher approves or rejects a picture waiting for review."""

import logging

from django.core.exceptions import ValidationError

from classrooms.models import User
from generation import messages
from generation.models import Generation

logger = logging.getLogger(__name__)


def image_review(*, generation: Generation, teacher: User, approve: bool, reason: str = "") -> None:
    """Approve or reject a picture waiting for review; rejection needs a reason."""
    if generation.status != Generation.Status.AWAITING_REVIEW:
        raise ValidationError(messages.REVIEW_NOT_PENDING, code="not_pending")
    if approve:
        generation.approve(by=teacher)
        return
    reason = reason.strip()
    if not reason:
        raise ValidationError(messages.REVIEW_REASON_NEEDED, code="reason")
    generation.reject(by=teacher, reason=reason)

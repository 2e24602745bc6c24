"""A teacher approves or rejects a picture waiting for review."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from classrooms.models import User
from generation import messages
from generation.models import Generation

logger = logging.getLogger(__name__)


@transaction.atomic
def image_review(*, generation: Generation, teacher: User, approve: bool, reason: str = "") -> None:
    """Approve or reject a picture waiting for review; rejection needs a reason."""
    # Lock and re-read the row: two teachers (or a double click) deciding at once would
    # otherwise both see "awaiting review" and the later save would silently win.
    locked = Generation.objects.select_for_update().get(pk=generation.pk)
    if locked.status != Generation.Status.AWAITING_REVIEW:
        raise ValidationError(messages.REVIEW_NOT_PENDING, code="not_pending")
    if approve:
        locked.approve(by=teacher)
    else:
        reason = reason.strip()
        if not reason:
            raise ValidationError(messages.REVIEW_REASON_NEEDED, code="reason")
        locked.reject(by=teacher, reason=reason)
    for field in ("status", "reviewed_by", "reviewed_at", "rejection_reason", "safety_layer"):
        setattr(generation, field, getattr(locked, field))

"""A student turns a picture in for an assignment, with a caption, or takes one back.

Turning in is its own row (TurnIn), never a status: the picture stays as it is.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from classrooms.access import attends
from classrooms.models import User
from generation import messages
from generation.models import TURN_IN_CAPTION_MAX_LENGTH, Generation, TurnIn
from generation.safety.normalise import is_blank
from generation.services.submission import assignment_submission_problem

logger = logging.getLogger(__name__)


def turn_in_add(*, student: User, generation: Generation, caption: str) -> TurnIn:
    """Turn in one of the student's own drawn pictures for its assignment.

    Raises ValidationError with a kind message, saving nothing, when the picture may not
    be turned in. A picture already turned in is returned as it is: a second post of
    the same form (a double click) changes nothing.
    """
    caption = (caption or "").strip()
    with transaction.atomic():
        # The student's row is the lock: two quick posts of two pictures cannot both
        # pass the limit (the same lock generation_submit takes).
        User.objects.select_for_update().filter(pk=student.pk).first()
        existing = TurnIn.objects.filter(student=student, generation_id=generation.pk).first()
        if existing is not None:
            return existing
        # Read again under the lock: a teacher may have changed their mind meanwhile.
        current = Generation.objects.select_related("assignment__classroom").get(pk=generation.pk)
        _check_picture(student=student, generation=current)
        _check_caption(caption)
        assignment = current.assignment
        already = TurnIn.objects.filter(student=student, assignment=assignment).count()
        if already >= assignment.turn_in_limit:
            raise ValidationError(
                messages.TURN_IN_LIMIT_REACHED,
                code="limit",
                params={"limit": assignment.turn_in_limit},
            )
        try:
            with transaction.atomic():
                turn_in = TurnIn.objects.create(
                    student=student, assignment=assignment, generation=current, caption=caption
                )
        except IntegrityError:
            # Another post of the same picture won a race the lock did not cover.
            return TurnIn.objects.get(student=student, generation=current)
    logger.info("student %s turned in generation %s", student.pk, current.pk)
    return turn_in


def turn_in_remove(*, student: User, turn_in: TurnIn) -> None:
    """Take a turned-in picture back while its assignment is open. Taking back one that
    is already gone (a double click) does nothing."""
    if turn_in.student_id != student.pk:
        raise ValidationError(messages.TURN_IN_NOT_YOURS, code="not_yours")
    if assignment_submission_problem(assignment=turn_in.assignment):
        raise ValidationError(messages.TURN_IN_CLOSED, code="closed")
    deleted, _rows = TurnIn.objects.filter(pk=turn_in.pk, student=student).delete()
    if deleted:
        logger.info("student %s took back generation %s", student.pk, turn_in.generation_id)


def _check_picture(*, student: User, generation: Generation) -> None:
    """The rules about the picture and its assignment, in the order a child meets them."""
    assignment = generation.assignment
    if generation.student_id != student.pk or not attends(student, assignment.classroom):
        raise ValidationError(messages.TURN_IN_NOT_YOURS, code="not_yours")
    if not assignment.turn_in_limit:
        raise ValidationError(messages.TURN_IN_NOT_ASKED, code="not_asked")
    if assignment_submission_problem(assignment=assignment):
        raise ValidationError(messages.TURN_IN_CLOSED, code="closed")
    if generation.status in TurnIn.statuses_for(assignment) and generation.has_image:
        return
    if generation.status == Generation.Status.AWAITING_REVIEW:
        raise ValidationError(messages.TURN_IN_NEEDS_APPROVAL, code="needs_approval")
    if generation.status == Generation.Status.REJECTED:
        raise ValidationError(messages.TURN_IN_REJECTED, code="rejected")
    raise ValidationError(messages.TURN_IN_NOT_DRAWN, code="not_drawn")


def _check_caption(caption: str) -> None:
    if is_blank(caption):
        raise ValidationError(messages.TURN_IN_CAPTION_EMPTY, code="caption_empty")
    if len(caption) > TURN_IN_CAPTION_MAX_LENGTH:
        raise ValidationError(
            messages.TURN_IN_CAPTION_TOO_LONG,
            code="caption_too_long",
            params={"limit": TURN_IN_CAPTION_MAX_LENGTH},
        )


def turn_ins_withdraw(*, generation: Generation) -> int:
    """A picture whose approval its teacher took back is no longer turned in: it must not
    stay in the class's work (or its class book). The student may turn in another."""
    deleted, _rows = TurnIn.objects.filter(generation_id=generation.pk).delete()
    if deleted:
        logger.info("generation %s no longer turned in: its approval was taken back", generation.pk)
    return deleted

"""A teacher approves or rejects pictures, one or a page at a time, and may change a
decision later; every decision and change is kept (ReviewDecision)."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from classrooms.models import Assignment, User
from generation import lifecycle, messages
from generation.models import ExtraPictures, Generation, PresetReason, ReviewDecision
from generation.services.turn_in import turn_ins_withdraw

logger = logging.getLogger(__name__)


def image_review(
    *,
    generation: Generation,
    teacher: User,
    approve: bool,
    reason: str = "",
    give_try_back: bool = False,
    expected_status: str = "",
) -> None:
    """Approve or reject a picture waiting for review, or change an earlier decision;
    rejection needs a reason. `give_try_back` (rejecting only) returns the picture to the
    student's allowance. `expected_status` is the status the teacher's page showed.

    Two teachers (or a double click) deciding at once both read the same status; the move
    is conditional on it, so only the first decision is kept and the second is told. A
    decision that is already the picture's changes nothing, so a double click on "Reject,
    give the try back" gives back once.
    """
    if generation.status not in lifecycle.DECIDABLE:
        raise ValidationError(messages.REVIEW_NOT_PENDING, code="not_pending")
    if expected_status and expected_status != generation.status:
        raise ValidationError(messages.REVIEW_CHANGED_MEANWHILE, code="changed")
    to = Generation.Status.APPROVED if approve else Generation.Status.REJECTED
    if generation.status == to:
        raise ValidationError(messages.REVIEW_ALREADY_DECIDED, code="same")
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(messages.REVIEW_REASON_NEEDED, code="reason")
    was = generation.status
    with transaction.atomic():
        if approve:
            decided = lifecycle.approve(generation, by=teacher)
        else:
            decided = lifecycle.reject(
                generation, by=teacher, reason=reason, give_try_back=give_try_back
            )
        if not decided:
            raise ValidationError(messages.REVIEW_CHANGED_MEANWHILE, code="changed")
        if was == Generation.Status.APPROVED:
            turn_ins_withdraw(generation=generation)
        ReviewDecision.objects.create(
            generation=generation,
            teacher=teacher,
            from_status=was,
            to_status=to,
            reason="" if approve else reason,
            gave_try_back=give_try_back and not approve,
        )
    logger.info("generation %s %s by teacher %s", generation.pk, generation.status, teacher.pk)


def images_approve_many(*, generations: QuerySet[Generation], teacher: User) -> int:
    """Approve every picture of `generations` (already limited to the teacher's classes)
    that still waits for review, in one transaction and a constant number of queries
    however many there are; pictures decided meanwhile are left as they are."""
    with transaction.atomic():
        approved = lifecycle.approve_waiting(generations, by=teacher)
        ReviewDecision.objects.bulk_create(
            ReviewDecision(
                generation_id=generation.pk,
                teacher=teacher,
                from_status=Generation.Status.AWAITING_REVIEW,
                to_status=Generation.Status.APPROVED,
            )
            for generation in approved
        )
    logger.info("%s generations approved at once by teacher %s", len(approved), teacher.pk)
    return len(approved)


def decisions_mark_seen(*, generations: list[Generation]) -> None:
    """The student has seen these pictures' new decisions (their "New" marks go). The
    caller passes the student's own pictures, already read for the page."""
    unseen = [generation.pk for generation in generations if generation.decision_unseen]
    if unseen:
        Generation.objects.filter(pk__in=unseen).update(decision_unseen=False)


def preset_reasons_save(*, teacher: User, texts: list[str]) -> None:
    """The teacher's preset reasons become `texts`, in that order (none: the defaults)."""
    with transaction.atomic():
        PresetReason.objects.filter(teacher=teacher).delete()
        PresetReason.objects.bulk_create(
            PresetReason(teacher=teacher, text=text, position=position)
            for position, text in enumerate(texts)
        )


def extra_pictures_set(
    *, assignment: Assignment, student: User, count: int, teacher: User
) -> ExtraPictures:
    """This student may make `count` pictures more than the assignment's limit. A number
    set, not added, so the same form sent twice gives the same allowance."""
    extra, _created = ExtraPictures.objects.update_or_create(
        assignment=assignment,
        student=student,
        defaults={"count": count, "given_by": teacher, "updated_at": timezone.now()},
    )
    logger.info(
        "teacher %s set %s extra pictures for student %s, assignment %s",
        teacher.pk,
        count,
        student.pk,
        assignment.pk,
    )
    return extra

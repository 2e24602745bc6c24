"""The one place a picture's status changes: the legal moves, and the function that makes one.

Every move is a conditional update of the row as it was read (status and attempt, see
`Generation.as_read`): a worker that hung past the stale sweep, a second teacher, or an
admin's out-of-date page changes nothing about a record someone else has moved on since,
and is told so (`False`). New behaviour is a new row in `TRANSITIONS`, never a new
`.update(status=...)` elsewhere (tests/generation/test_lifecycle.py checks that).
"""

import logging
from typing import Any

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.dispatch import Signal
from django.utils import timezone

from generation.models import Generation, GenerationStatus

logger = logging.getLogger(__name__)

S = GenerationStatus

# (from, to) -> why. `None` is "not yet a row": the two ways a picture starts its life.
TRANSITIONS: dict[tuple[GenerationStatus | None, GenerationStatus], str] = {
    (None, S.QUEUED): "submitted",
    (None, S.BLOCKED): "stopped at submission (lists, or asked too often)",
    (S.QUEUED, S.GENERATING): "claimed by a worker",
    (S.QUEUED, S.QUEUED): "put back in the line by the stale sweep (a lost message)",
    (S.QUEUED, S.FAILED): "still waiting after every attempt (sweep, or an admin)",
    (S.GENERATING, S.QUEUED): "back in the line: a retry, or a worker lost mid-drawing",
    (S.GENERATING, S.AWAITING_REVIEW): "drawn, for a teacher to review",
    (S.GENERATING, S.APPROVED): "drawn, in an assignment that needs no review",
    (S.GENERATING, S.BLOCKED): "stopped in the worker (lists as they are now, moderation)",
    (S.GENERATING, S.FILTERED): "the provider's filter or picture moderation stopped it",
    (S.GENERATING, S.FAILED): "an error that is not worth retrying, or the last attempt",
    (S.AWAITING_REVIEW, S.APPROVED): "a teacher approved it",
    (S.AWAITING_REVIEW, S.REJECTED): "a teacher did not approve it",
    # A decision can be changed later (issue 14); un-approving takes it out of the gallery.
    (S.APPROVED, S.REJECTED): "a teacher took back an approval",
    (S.REJECTED, S.APPROVED): "a teacher approved it after all",
}

# The statuses a teacher's decision can move a picture from.
DECIDABLE = (S.AWAITING_REVIEW, S.APPROVED, S.REJECTED)


# Sent (generation=...) after a move out of "generating": whatever the drawing left
# behind, such as a partial picture, can go (generation/services/partials.py listens).
drawing_ended = Signal()


class IllegalTransition(Exception):
    """A move the table does not have: a programming error, never a race."""


def can_move(current: str | None, to: GenerationStatus) -> bool:
    known = S(current) if current is not None else None
    return (known, to) in TRANSITIONS


def generation_create(*, status: GenerationStatus = S.QUEUED, **fields: Any) -> Generation:
    """A new picture request, queued or already stopped."""
    if not can_move(None, status):
        raise IllegalTransition(f"a picture cannot start as {status}")
    if status != S.QUEUED:
        fields.setdefault("finished_at", timezone.now())
    return Generation.objects.create(status=status, **fields)


def transition(
    generation: Generation, to: GenerationStatus, *, where: Q | None = None, **fields: Any
) -> bool:
    """Move `generation` from the status it was read with to `to`, writing `fields` too.

    One conditional UPDATE (plus `where`, if given); True, with the object brought up to
    date, if it happened; False, changing nothing, if the row had moved on meanwhile.
    """
    if not can_move(generation.status, to):
        raise IllegalTransition(f"{generation.status} -> {to} (generation {generation.pk})")
    changes: dict[str, Any] = {"status": to, **fields}
    was_drawing = generation.status == S.GENERATING
    rows = generation.as_read()
    if where is not None:
        rows = rows.filter(where)
    if not rows.update(**changes):
        return False
    expressions = [name for name, value in changes.items() if hasattr(value, "resolve_expression")]
    for name, value in changes.items():
        if name not in expressions:
            setattr(generation, name, value)
    if expressions:
        generation.refresh_from_db(fields=expressions)
    if was_drawing:
        drawing_ended.send(sender=Generation, generation=generation)
    return True


def claim(*, generation_id: int) -> bool:
    """Queued -> generating for one id, whoever read it last; False if someone else has it."""
    return bool(
        Generation.objects.filter(pk=generation_id, status=S.QUEUED).update(
            status=S.GENERATING, started_at=timezone.now(), attempts=F("attempts") + 1
        )
    )


def update_unless_moved_on(generation: Generation, **fields: Any) -> bool:
    """Write fields that are not the status, only while the row is as it was read."""
    if "status" in fields:
        raise IllegalTransition("use transition() to change the status")
    if not generation.as_read().update(**fields):
        return False
    for name, value in fields.items():
        setattr(generation, name, value)
    return True


def finish_without_picture(
    generation: Generation,
    to: GenerationStatus,
    *,
    message: str,
    detail: str = "",
    layer: str = "",
    rule: str = "",
) -> bool:
    """Failed, filtered or blocked: the student's message and staff's detail, no picture."""
    fields: dict[str, Any] = {
        "error_message": message,
        "error_detail": detail,
        "finished_at": timezone.now(),
    }
    if layer:
        fields["safety_layer"] = layer
        fields["safety_rule"] = rule[:200]
    return transition(generation, to, **fields)


def fail(generation: Generation, *, message: str, detail: str) -> bool:
    moved = finish_without_picture(generation, S.FAILED, message=message, detail=detail)
    if moved:
        logger.info("generation %s failed: %s", generation.pk, detail[:200])
    return moved


def block(generation: Generation, *, message: str, layer: str, rule: str) -> bool:
    """Stopped in the worker before any picture was asked for (lists or moderation)."""
    return finish_without_picture(generation, S.BLOCKED, message=message, layer=layer, rule=rule)


def filter_out(generation: Generation, *, message: str, detail: str, layer: str, rule: str) -> bool:
    return finish_without_picture(
        generation, S.FILTERED, message=message, detail=detail, layer=layer, rule=rule
    )


def _approval_fields(by: Any) -> dict[str, Any]:
    # Approved after a rejection, it counts against the allowance again: it is in the gallery.
    return {
        "reviewed_by": by,
        "reviewed_at": timezone.now(),
        "rejection_reason": "",
        # A teacher's own rejection is undone; any other layer's record stays.
        "safety_layer": Case(
            When(safety_layer=Generation.SafetyLayer.TEACHER, then=Value("")),
            default=F("safety_layer"),
        ),
        "try_given_back": False,
        "decision_unseen": True,
    }


def approve(generation: Generation, *, by: Any) -> bool:
    return transition(generation, S.APPROVED, **_approval_fields(by))


def reject(generation: Generation, *, by: Any, reason: str, give_try_back: bool = False) -> bool:
    return transition(
        generation,
        S.REJECTED,
        reviewed_by=by,
        reviewed_at=timezone.now(),
        rejection_reason=reason,
        safety_layer=Generation.SafetyLayer.TEACHER,
        try_given_back=give_try_back,
        decision_unseen=True,
    )


def approve_waiting(rows: QuerySet[Generation], *, by: Any) -> list[Generation]:
    """Approve every picture of `rows` still waiting for review, in two queries whatever
    their number: the waiting ones are read and locked, then moved in one UPDATE. The
    caller holds a transaction. Returns the pictures moved, as they were read."""
    waiting = list(
        rows.filter(status=S.AWAITING_REVIEW)
        .select_for_update(of=("self",))
        .only("pk", "status", "attempts", "student_id", "assignment_id")
    )
    if waiting:
        Generation.objects.filter(
            pk__in=[generation.pk for generation in waiting], status=S.AWAITING_REVIEW
        ).update(status=S.APPROVED, **_approval_fields(by))
    return waiting

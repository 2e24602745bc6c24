"""Another version: a student asks for one more picture of a prompt they already used.

It is a new request like any other, so it goes through `generation_submit` and every
rule there: the assignment open, the limits, the lists again (a term added since stops
it), the one-time form token; then the worker's layers as for any picture.
"""

from django.core.exceptions import PermissionDenied, ValidationError

from classrooms.models import User
from generation import messages
from generation.models import Generation
from generation.services.submission import EditOf, generation_submit

# Pictures worth another go: drawn ones, and those that failed for reasons of our own.
# Not blocked ones (the prompt must be rephrased), nor those the image service's filter
# stopped (it would most likely stop the same prompt again, on the school's account),
# nor those still on their way (wait and see first).
AGAIN_STATUSES = frozenset(
    {
        Generation.Status.AWAITING_REVIEW,
        Generation.Status.APPROVED,
        Generation.Status.REJECTED,
        Generation.Status.FAILED,
    }
)


def can_draw_again(generation: Generation) -> bool:
    """Whether a picture offers "Another version"."""
    return generation.status in AGAIN_STATUSES


def generation_submit_again(
    *, student: User, source: Generation, form_token: str | None = None
) -> Generation:
    """One more picture of the source's prompt and options, for the same assignment.

    Raises PermissionDenied for someone else's picture, ValidationError with a kind
    message when the source may not be drawn again or the request is refused (closed,
    limits, options no longer allowed), and RepeatedSubmission for a form sent twice.
    The new picture may come back blocked, if the lists stop the prompt now.
    """
    if source.student_id != student.pk:
        raise PermissionDenied
    if not can_draw_again(source):
        raise ValidationError(messages.AGAIN_NOT_POSSIBLE, code="again")
    [generation] = generation_submit(
        student=student,
        assignment=source.assignment,
        prompt=source.prompt,
        options=dict(source.options),
        count=1,
        form_token=form_token,
        edit_of=_same_edit(source),
        art_style_of=source,
    )
    return generation


def _same_edit(source: Generation) -> EditOf | None:
    """Another version of an edit changes the same picture in the same area again."""
    if not source.is_edit:
        return None
    if source.parent is None or not source.parent.image:
        raise ValidationError(messages.EDIT_PARENT_GONE, code="again")
    return EditOf(
        parent=source.parent,
        size=source.size,
        mask=bytes(source.edit_mask),
        keeps_outside=source.keeps_outside,
    )

"""Changing part of a picture: a student paints the area, says what should change, and a
new picture linked to the old one goes through every safety layer like any other.

Only pictures the site drew for this student can be edited (no uploads). The server
builds the mask itself from what was painted; the worker sends it with the picture to
the provider's edit endpoint (services/drawing.py).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from classrooms.models import Assignment, User
from generation import messages
from generation.capabilities import editing_available
from generation.editing.masks import MaskError, mask_from_painting
from generation.models import Generation
from generation.services.submission import EditOf, generation_submit

# Drawn pictures: the student's own, whatever the teacher decided (a rejected picture is
# one a child may well want to fix).
EDITABLE_STATUSES = frozenset(
    {
        Generation.Status.AWAITING_REVIEW,
        Generation.Status.APPROVED,
        Generation.Status.REJECTED,
    }
)


def can_be_edited(generation: Generation, *, assignment: Assignment | None = None) -> bool:
    """Whether a picture offers "Change part of this picture" (to its owner); a page of
    cards passes its own assignment, so asking costs no query per card."""
    return not edit_problem(generation, assignment=assignment)


def edit_problem(generation: Generation, *, assignment: Assignment | None = None) -> str:
    """Why a picture cannot be edited now, in a child's words; "" if it can."""
    # Drawn: its files are stored (and removed) together, and the live card reads only
    # the thumbnail's name.
    if generation.status not in EDITABLE_STATUSES or not generation.thumbnail:
        return str(messages.EDIT_NOT_POSSIBLE)
    if not (assignment or generation.assignment).editing_allowed:
        return str(messages.EDIT_NOT_OFFERED)
    if not editing_available():
        return str(messages.EDIT_NOT_SUPPORTED_NOW)
    return ""


def generation_edit_submit(
    *,
    student: User,
    parent: Generation,
    instruction: str,
    painted_area: str,
    keeps_outside: bool = True,
    form_token: str | None = None,
) -> Generation:
    """A new picture that changes the painted area of `parent` as `instruction` says.

    Raises PermissionDenied for someone else's picture, ValidationError with a kind
    message when the picture cannot be edited, the painting is unusable or the request
    is refused (closed, limits, lists), and RepeatedSubmission for a form sent twice.
    """
    if parent.student_id != student.pk:
        raise PermissionDenied
    problem = edit_problem(parent)
    if problem:
        raise ValidationError(problem, code="edit")
    size = picture_size(parent)
    if size is None:
        raise ValidationError(messages.EDIT_PARENT_GONE, code="edit")
    try:
        mask = mask_from_painting(painted_area or "", size)
    except MaskError as error:
        raise ValidationError(str(error.message), code="mask") from error
    width, height = size
    [generation] = generation_submit(
        student=student,
        assignment=parent.assignment,
        prompt=instruction,
        options=dict(parent.options),
        form_token=form_token,
        edit_of=EditOf(
            parent=parent, size=f"{width}x{height}", mask=mask, keeps_outside=keeps_outside
        ),
    )
    return generation


def picture_size(generation: Generation) -> tuple[int, int] | None:
    """The stored picture's own (width, height), or None if its file is gone."""
    name = generation.image.name
    if not name or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stored, Image.open(stored) as picture:
        return picture.size

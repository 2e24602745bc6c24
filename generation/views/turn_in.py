"""A student turns a picture in, or takes it back: POST only, then back to the page they
came from. The rules are services/turn_in.py's; what the pages show is the selectors'."""

from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from classrooms.access import SignedInRequest, student_required
from classrooms.models import Assignment
from generation import access, messages
from generation.forms import TurnInForm
from generation.models import Generation
from generation.selectors.turn_ins import picture_turn_in
from generation.services.submission import assignment_submission_problem
from generation.services.turn_in import turn_in_add, turn_in_remove


@student_required
@require_POST
def turn_in(request: SignedInRequest, generation_id: int) -> HttpResponse:
    # Any picture the student may see (a classmate's approved one too) gets an answer
    # from the service; one they may not see is a 404.
    generation = access.generation_for_viewer(request.user, generation_id)
    form = TurnInForm(request.POST)
    form.is_valid()  # nothing in it can be invalid; the service decides
    try:
        turn_in_add(
            student=request.user,
            generation=generation,
            caption=form.cleaned_data.get("caption", ""),
        )
    except ValidationError as error:
        flash.error(request, error.messages[0])
    else:
        flash.success(request, messages.TURN_IN_DONE)
    return _back(request, generation.assignment)


@student_required
@require_POST
def take_back(request: SignedInRequest, turn_in_id: int) -> HttpResponse:
    found = access.turn_in_for_student(request.user, turn_in_id)
    if found is None:  # taken back already (a double click), or never theirs
        flash.info(request, messages.TURN_IN_GONE)
        return _back(request, None)
    try:
        turn_in_remove(student=request.user, turn_in=found)
    except ValidationError as error:
        flash.error(request, error.messages[0])
    else:
        flash.success(request, messages.TURN_IN_TAKEN_BACK)
    return _back(request, found.assignment)


def _back(request: SignedInRequest, assignment: Assignment | None) -> HttpResponse:
    """To the page the form was on, if it is ours; else the assignment's page."""
    target = str(request.POST.get("next", ""))
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    if assignment is None:
        return redirect("student_classes")
    return redirect(reverse("student_assignment", args=[assignment.pk]))


def picture_turn_in_context(generation: Generation, *, is_owner: bool) -> dict[str, Any]:
    """What a picture's page shows about turning it in (the picture came through
    selectors.turn_ins.with_turn_in): to its author, whether it is turned in and whether
    it may be; to its class's teachers, the caption; to anyone else, nothing."""
    if not (is_owner or getattr(generation, "viewer_teaches", False)):
        return {}
    shown = picture_turn_in(generation)
    return {
        "picture_turn_in": shown,
        "turn_in_closed": assignment_submission_problem(assignment=generation.assignment),
        "turn_in_waiting_note": messages.TURN_IN_NEEDS_APPROVAL,
        "turn_in_full_note": messages.TURN_IN_LIMIT_REACHED % {"limit": shown.limit},
    }

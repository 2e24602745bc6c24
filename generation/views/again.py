"""The "Another version" button: the same prompt and options again, as a new picture."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_POST

from classrooms import access
from classrooms.access import SignedInRequest
from generation import messages
from generation.access import own_generation_for
from generation.models import Generation
from generation.services import RepeatedSubmission
from generation.services.again import generation_submit_again
from generation.views.student import assignment_page_from


@access.student_required
@require_POST
def another_version(request: SignedInRequest, generation_id: int) -> HttpResponse:
    """Ask for one more picture of one of the student's own; back to its assignment."""
    source = own_generation_for(request.user, generation_id)
    # Still in the class: a student who has left it makes nothing more for it.
    assignment = access.assignment_for_student(request.user, source.assignment_id)
    try:
        generation = generation_submit_again(
            student=request.user, source=source, form_token=request.POST.get("form_token", "")
        )
    except RepeatedSubmission:
        # A double click: its picture is already made.
        flash.info(request, messages.ALREADY_ON_ITS_WAY)
        return HttpResponseRedirect(assignment_page_from(assignment, None))
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
        return HttpResponseRedirect(assignment_page_from(assignment, source))
    if generation.status == Generation.Status.BLOCKED:
        flash.warning(request, messages.PROMPT_BLOCKED)
    else:
        flash.success(request, messages.ANOTHER_VERSION_QUEUED)
    return HttpResponseRedirect(assignment_page_from(assignment, generation))

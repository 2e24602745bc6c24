"""Change part of a picture: the painter, what should change, and the new picture."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from classrooms import access
from classrooms.access import SignedInRequest
from generation import messages
from generation.access import own_generation_for
from generation.forms import EditForm
from generation.models import Generation
from generation.services import RepeatedSubmission
from generation.services.editing import edit_problem, generation_edit_submit, picture_size
from generation.views.student import assignment_page_from


@access.student_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_picture(request: SignedInRequest, generation_id: int) -> HttpResponse:
    parent = own_generation_for(request.user, generation_id)
    # Still in the class: a student who has left it changes nothing more in it.
    assignment = access.assignment_for_student(request.user, parent.assignment_id)
    form = EditForm(
        request.POST if request.method == "POST" else None,
        assignment=assignment,
        student=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            generation = generation_edit_submit(
                student=request.user,
                parent=parent,
                instruction=form.cleaned_data["instruction"],
                painted_area=form.cleaned_data["painted_area"],
                keeps_outside=form.cleaned_data["keeps_outside"],
                form_token=form.sent_token,
            )
        except RepeatedSubmission:
            flash.info(request, messages.ALREADY_ON_ITS_WAY)
            return HttpResponseRedirect(assignment_page_from(assignment, None))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if generation.status == Generation.Status.BLOCKED:
                flash.warning(request, messages.PROMPT_BLOCKED)
            else:
                flash.success(request, messages.EDIT_QUEUED)
            return HttpResponseRedirect(assignment_page_from(assignment, None))
    problem = edit_problem(parent)
    size = None if problem else picture_size(parent)
    if not problem and size is None:
        problem = str(messages.EDIT_PARENT_GONE)
    return render(
        request,
        "generation/edit_picture.html",
        {
            "parent": parent,
            "assignment": assignment,
            "form": form,
            "problem": problem,
            "width": size[0] if size else 0,
            "height": size[1] if size else 0,
        },
        status=400 if form.errors else 200,
    )

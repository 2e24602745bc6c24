from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from classrooms import access
from classrooms.models import Assignment, User
from generation import messages
from generation.forms import PromptForm
from generation.models import Generation
from generation.selectors import gallery_for, images_used, student_generations
from generation.services import assignment_submission_problem, generation_submit


@access.student_required
def assignment_page(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_for_student(request.user, assignment_id)  # type: ignore[arg-type]
    return _render_assignment(request, assignment, PromptForm(assignment=assignment))


@access.student_required
@require_POST
def generate(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_for_student(request.user, assignment_id)  # type: ignore[arg-type]
    form = PromptForm(request.POST, assignment=assignment)
    if form.is_valid():
        try:
            generation = generation_submit(
                student=request.user,  # type: ignore[arg-type]
                assignment=assignment,
                prompt=form.cleaned_data["prompt"],
                options=form.options(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if generation.status == Generation.Status.BLOCKED:
                flash.warning(request, messages.PROMPT_BLOCKED)
            else:
                flash.success(request, messages.QUEUED_FOR_DRAWING)
            return redirect("student_assignment", assignment_id=assignment.pk)
    return _render_assignment(request, assignment, form, status=400)


def _render_assignment(
    request: HttpRequest, assignment: Assignment, form: PromptForm, status: int = 200
) -> HttpResponse:
    student: User = request.user  # type: ignore[assignment]
    used = images_used(student=student, assignment=assignment)
    return render(
        request,
        "generation/student_assignment.html",
        {
            "assignment": assignment,
            "classroom": assignment.classroom,
            "form": form,
            "generations": student_generations(student=student, assignment=assignment),
            "remaining": max(assignment.image_limit - used, 0),
            "closed_reason": assignment_submission_problem(assignment=assignment),
        },
        status=status,
    )


@access.student_required
def gallery(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_for_student(request.user, assignment_id)  # type: ignore[arg-type]
    return render(
        request,
        "generation/gallery.html",
        {
            "assignment": assignment,
            "classroom": assignment.classroom,
            "generations": gallery_for(assignment),
        },
    )

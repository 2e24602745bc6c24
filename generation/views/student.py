from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from classrooms import access
from classrooms.access import SignedInRequest
from classrooms.models import Assignment, User
from generation import messages
from generation.forms import PromptForm
from generation.models import Generation
from generation.selectors import (
    PICTURES_PER_PAGE,
    gallery_for,
    images_used,
    student_generations,
)
from generation.services import assignment_submission_problem, generation_submit


@access.student_required
def assignment_page(request: SignedInRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_for_student(request.user, assignment_id)
    form = PromptForm(assignment=assignment, remaining=_remaining(request.user, assignment))
    return _render_assignment(request, assignment, form)


@access.student_required
@require_POST
def generate(request: SignedInRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_for_student(request.user, assignment_id)
    form = PromptForm(
        request.POST, assignment=assignment, remaining=_remaining(request.user, assignment)
    )
    if form.is_valid():
        try:
            generations = generation_submit(
                student=request.user,
                assignment=assignment,
                prompt=form.cleaned_data["prompt"],
                options=form.options(),
                count=form.cleaned_data.get("count") or 1,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if generations[0].status == Generation.Status.BLOCKED:
                flash.warning(request, messages.PROMPT_BLOCKED)
            else:
                flash.success(request, messages.QUEUED_FOR_DRAWING)
            return redirect("student_assignment", assignment_id=assignment.pk)
    return _render_assignment(request, assignment, form, status=400)


def _remaining(student: User, assignment: Assignment) -> int:
    return max(assignment.image_limit - images_used(student=student, assignment=assignment), 0)


def _render_assignment(
    request: SignedInRequest, assignment: Assignment, form: PromptForm, status: int = 200
) -> HttpResponse:
    student = request.user
    mine = student_generations(student=student, assignment=assignment)
    page = Paginator(mine, PICTURES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "generation/student_assignment.html",
        {
            "assignment": assignment,
            "classroom": assignment.classroom,
            "form": form,
            "generations": page,
            "remaining": form.remaining,
            "closed_reason": assignment_submission_problem(assignment=assignment),
        },
        status=status,
    )


@access.student_required
def gallery(request: SignedInRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_for_student(request.user, assignment_id)
    return render(
        request,
        "generation/gallery.html",
        {
            "assignment": assignment,
            "classroom": assignment.classroom,
            "generations": Paginator(gallery_for(assignment), PICTURES_PER_PAGE).get_page(
                request.GET.get("page")
            ),
        },
    )

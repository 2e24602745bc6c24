from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from classrooms import access
from classrooms.access import SignedInRequest
from classrooms.models import Assignment, User
from generation import messages
from generation.access import own_generation_in
from generation.forms import PromptForm, reuse_initial
from generation.models import Generation
from generation.selectors import (
    PICTURES_PER_PAGE,
    gallery_for,
    pictures_left,
    student_generations,
)
from generation.selectors.budgets import budget_used_up
from generation.selectors.comparisons import comparison_rows
from generation.selectors.stopped import with_stopped_words
from generation.selectors.turn_ins import student_turn_ins
from generation.services import (
    RepeatedSubmission,
    generation_submit,
    picture_request_problem,
)
from generation.services.review import decisions_mark_seen


@access.student_required
@require_http_methods(["GET", "HEAD", "POST"])
def assignment_page(request: SignedInRequest, assignment_id: int) -> HttpResponse:
    """The assignment, the student's pictures and the prompt form, which posts here: a
    form shown again with its errors stays at an address that can be reloaded."""
    assignment = access.assignment_for_student(request.user, assignment_id)
    if request.method == "POST":
        return _submit(request, assignment)
    # ?from=<id>: start from one of the student's own pictures of this assignment (the
    # one just asked for, after a submission's redirect). Anyone else's is ignored.
    source = own_generation_in(request.user, assignment, request.GET.get("from", ""))
    form = PromptForm(
        assignment=assignment,
        student=request.user,
        remaining=_remaining(request.user, assignment),
        initial=reuse_initial(source),
    )
    return _render_assignment(request, assignment, form, source=source)


def assignment_page_from(assignment: Assignment, generation: Generation | None) -> str:
    """The assignment page with its form filled in from this picture, if there is one."""
    url = reverse("student_assignment", args=[assignment.pk])
    return f"{url}?from={generation.pk}" if generation is not None else url


@access.student_required
@require_http_methods(["GET", "HEAD", "POST"])
def generate(request: SignedInRequest, assignment_id: int) -> HttpResponse:
    """The form's old address: posts from pages still open work; anything else (such as
    reloading a page of errors it showed) goes to the assignment page."""
    assignment = access.assignment_for_student(request.user, assignment_id)
    if request.method != "POST":
        return redirect("student_assignment", assignment_id=assignment.pk)
    return _submit(request, assignment)


def _submit(request: SignedInRequest, assignment: Assignment) -> HttpResponse:
    form = PromptForm(
        request.POST,
        assignment=assignment,
        student=request.user,
        remaining=_remaining(request.user, assignment),
    )
    if form.is_valid():
        try:
            generations = generation_submit(
                student=request.user,
                assignment=assignment,
                prompt=form.cleaned_data["prompt"],
                options=form.options(),
                count=form.picture_count(),
                form_token=form.sent_token,
                art_styles=form.art_styles(),
            )
        except RepeatedSubmission:
            # A double click, or the form sent again: its pictures are already made.
            flash.info(request, messages.ALREADY_ON_ITS_WAY)
            return redirect("student_assignment", assignment_id=assignment.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if generations[0].status == Generation.Status.BLOCKED:
                flash.warning(request, messages.PROMPT_BLOCKED)
            else:
                flash.success(request, messages.QUEUED_FOR_DRAWING)
            # The prompt and options stay in the form, to change or rephrase.
            return HttpResponseRedirect(assignment_page_from(assignment, generations[0]))
    return _render_assignment(request, assignment, form, status=400)


def _remaining(student: User, assignment: Assignment) -> int:
    return pictures_left(student=student, assignment=assignment)


def _render_assignment(
    request: SignedInRequest,
    assignment: Assignment,
    form: PromptForm,
    status: int = 200,
    source: Generation | None = None,
) -> HttpResponse:
    student = request.user
    mine = student_generations(student=student, assignment=assignment)
    page = Paginator(mine, PICTURES_PER_PAGE).get_page(request.GET.get("page"))
    for generation in page:
        generation.assignment = assignment  # the cards' links and tokens need no query
    with_stopped_words([*page, *([source] if source else [])])
    closed_reason = picture_request_problem(assignment=assignment)
    if not closed_reason and budget_used_up(classroom=assignment.classroom, now=timezone.now()):
        closed_reason = str(messages.BUDGET_USED_UP)
    response = render(
        request,
        "generation/student_assignment.html",
        {
            "assignment": assignment,
            "classroom": assignment.classroom,
            "form": form,
            "generations": page,
            "rows": comparison_rows(page),
            "remaining": form.remaining,
            "closed_reason": closed_reason,
            "source": source,
            "turn_ins": student_turn_ins(student=student, assignment=assignment),
        },
        status=status,
    )
    # Drawn with their "New" marks; seen from now on.
    decisions_mark_seen(generations=list(page))
    return response


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

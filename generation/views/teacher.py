"""A teacher's review: the queue (filtered, live, a page at once), one decision or a
change of one, the teacher's preset reasons, and extra pictures for one student."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from classrooms.access import (
    SignedInRequest,
    assignment_for_teacher,
    student_for_teacher,
    teacher_required,
)
from generation import access, messages
from generation.models import Generation
from generation.review_forms import (
    ApproveManyForm,
    ExtraPicturesForm,
    PresetReasonsForm,
    QueueFilterForm,
    ReviewForm,
)
from generation.selectors import PICTURES_PER_PAGE, review_queue_for
from generation.selectors.review import arrived_since, preset_reasons_for
from generation.services import image_review
from generation.services.review import (
    extra_pictures_set,
    images_approve_many,
    preset_reasons_save,
)


def _filtered_queue(request: SignedInRequest) -> tuple[QueueFilterForm, QuerySet[Generation]]:
    """The queue as the GET filters ask; a class, assignment or student that is not the
    teacher's is not a choice of the form, so it is a 404, never someone else's pictures."""
    form = QueueFilterForm(request.GET, teacher=request.user)
    if not form.is_valid():
        raise Http404
    return form, review_queue_for(request.user, **form.filters())


@teacher_required
@require_GET
def review_queue(request: SignedInRequest) -> HttpResponse:
    form, queue = _filtered_queue(request)
    page = Paginator(queue, PICTURES_PER_PAGE).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "generation/review_queue.html",
        {
            "generations": page,
            "filter_form": form,
            "filter_query": filters.urlencode(),
            "presets": preset_reasons_for(request.user),
            # The live queue adds pictures newer than any in the queue now, on any page.
            "newest": queue.aggregate(newest=Max("pk"))["newest"] or 0,
        },
    )


@teacher_required
@require_GET
@never_cache
def review_arrived(request: SignedInRequest) -> HttpResponse:
    """The cards of pictures that arrived since the queue page was drawn, polled by
    static/js/review-queue.js: one query for the pictures."""
    after = request.GET.get("after", "")
    if not (after.isascii() and after.isdigit() and len(after) < 19):
        raise Http404
    _form, queue = _filtered_queue(request)
    generations = arrived_since(queue, after=int(after))
    return render(
        request,
        "generation/_review_cards.html",
        {"generations": generations, "next": request.GET.get("next", "")},
    )


@teacher_required
@require_POST
def review(request: SignedInRequest, generation_id: int) -> HttpResponse:
    generation = access.generation_for_reviewer(request.user, generation_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        flash.error(request, messages.REVIEW_REASON_NEEDED)
    else:
        approve = form.cleaned_data["decision"] == "approve"
        give_back = not approve and form.cleaned_data["give_try_back"]
        try:
            image_review(
                generation=generation,
                teacher=request.user,
                approve=approve,
                reason=form.reason_given(),
                give_try_back=give_back,
                expected_status=form.cleaned_data["expected"],
            )
        except ValidationError as error:
            flash.error(request, " ".join(error.messages))
        else:
            flash.success(
                request, messages.REVIEW_APPROVED if approve else messages.REVIEW_REJECTED
            )
            if give_back:
                flash.info(request, messages.REVIEW_TRY_GIVEN_BACK)
    return _back(request)


@teacher_required
@require_POST
def review_many(request: SignedInRequest) -> HttpResponse:
    """Approve the ticked pictures, or every picture on the page, in one request."""
    form = ApproveManyForm(request.POST)
    ids = form.generation_ids() if form.is_valid() else []
    if not ids:
        flash.error(request, messages.REVIEW_NOTHING_PICKED)
        return _back(request)
    # Only the teacher's own classes' pictures, whatever ids were sent.
    generations = access.generations_taught_by(request.user).filter(pk__in=ids)
    approved = images_approve_many(generations=generations, teacher=request.user)
    flash.success(request, messages.REVIEW_APPROVED_MANY % {"count": approved})
    return _back(request)


@teacher_required
def preset_reasons(request: SignedInRequest) -> HttpResponse:
    """The teacher's own preset reasons for rejecting, one on each line."""
    initial = {"reasons": "\n".join(preset_reasons_for(request.user))}
    form = PresetReasonsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        preset_reasons_save(teacher=request.user, texts=form.texts())
        flash.success(request, messages.PRESET_REASONS_SAVED)
        return redirect("preset_reasons")
    return render(request, "generation/preset_reasons.html", {"form": form})


@teacher_required
@require_POST
def extra_pictures(request: SignedInRequest, assignment_id: int) -> HttpResponse:
    """Give one student of the class extra pictures for this assignment."""
    assignment = assignment_for_teacher(request.user, assignment_id)
    form = ExtraPicturesForm(request.POST, assignment=assignment)
    if not form.is_valid():
        for errors in form.errors.values():
            flash.error(request, " ".join(str(error) for error in errors))
    else:
        student = student_for_teacher(
            request.user, assignment.classroom, form.cleaned_data["student"].pk
        )
        count = form.cleaned_data["count"]
        extra_pictures_set(
            assignment=assignment, student=student, count=count, teacher=request.user
        )
        flash.success(
            request,
            messages.EXTRA_PICTURES_SAVED % {"student": student, "count": count},
        )
    return redirect("teacher_assignment", assignment_id=assignment.pk)


def _back(request: SignedInRequest) -> HttpResponse:
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("review_queue")

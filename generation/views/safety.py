"""A class's safety log and its own disallow list, for the class's teachers only."""

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from classrooms import access
from classrooms.access import SignedInRequest
from classrooms.models import Classroom
from generation import messages
from generation.forms import ClassCategoryForm, ClassTermForm, RemoveClassTermForm
from generation.safety.categories import BY_SLUG
from generation.safety.category_switches import category_switch
from generation.safety.lists import class_terms
from generation.safety.notify import highlight_threshold
from generation.safety.terms import disallowed_term_add, disallowed_term_remove
from generation.selectors import (
    SUMMARY_DAYS,
    safety_log_for,
    safety_summary_for,
    school_wide_term_count,
)
from generation.selectors.categories import category_rows

LOG_PAGE_SIZE = 50


@access.teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def safety_log(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    """The log, and the form that adds a class's word, which posts here: a word refused
    with a message stays at an address that can be reloaded."""
    classroom = access.classroom_for_teacher(request.user, classroom_id)
    if request.method == "POST":
        return _class_term_add(request, classroom)
    return _render_safety_page(request, classroom, ClassTermForm())


def _render_safety_page(
    request: SignedInRequest, classroom: Classroom, term_form: ClassTermForm, status: int = 200
) -> HttpResponse:
    page = Paginator(safety_log_for(classroom), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "generation/safety_log.html",
        {
            "classroom": classroom,
            "page": page,
            "summary": safety_summary_for(classroom, now=timezone.now()),
            "summary_days": SUMMARY_DAYS,
            "threshold": highlight_threshold(),
            "class_terms": class_terms(classroom),
            "school_term_count": school_wide_term_count(),
            "term_form": term_form,
            "category_rows": category_rows(classroom),
        },
        status=status,
    )


def _back_to_terms(classroom: Classroom) -> HttpResponse:
    return redirect(reverse("teacher_safety_log", args=[classroom.pk]) + "#class-terms")


@access.teacher_required
@require_POST
def class_term_add(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    """The add form's old address, for pages still open from before it posted to the log."""
    classroom = access.classroom_for_teacher(request.user, classroom_id)
    return _class_term_add(request, classroom)


def _class_term_add(request: SignedInRequest, classroom: Classroom) -> HttpResponse:
    form = ClassTermForm(request.POST)
    if not form.is_valid():
        return _render_safety_page(request, classroom, form, status=400)
    term, created = disallowed_term_add(
        actor=request.user, term=form.cleaned_data["term"], classroom=classroom
    )
    if created:
        flash.success(request, messages.CLASS_TERM_ADDED % {"term": term.term})
    else:
        flash.info(request, messages.CLASS_TERM_ALREADY_THERE % {"term": term.term})
    return _back_to_terms(classroom)


@access.teacher_required
@require_POST
def class_term_remove(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_for_teacher(request.user, classroom_id)
    form = RemoveClassTermForm(request.POST, classroom=classroom)
    if not form.is_valid():
        flash.error(request, messages.CLASS_TERM_NOT_FOUND)
        return _back_to_terms(classroom)
    term = form.cleaned_data["term"]
    disallowed_term_remove(actor=request.user, term=term)
    flash.success(request, messages.CLASS_TERM_REMOVED % {"term": term.term})
    return _back_to_terms(classroom)


@access.teacher_required
@require_POST
def class_category_switch(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    """Switch a default list on for this class on top of the school's, or off again; a
    list the school has on stays on (a teacher adds care, never removes the school's)."""
    classroom = access.classroom_for_teacher(request.user, classroom_id)
    form = ClassCategoryForm(request.POST)
    back = redirect(reverse("teacher_safety_log", args=[classroom.pk]) + "#default-lists")
    if not form.is_valid():
        flash.error(request, messages.CATEGORY_UNKNOWN)
        return back
    slug, on = form.cleaned_data["category"], form.cleaned_data["on"]
    label = BY_SLUG[slug].label
    row = next(row for row in category_rows(classroom) if row.slug == slug)
    if row.school_on:
        flash.info(request, messages.CATEGORY_ON_FOR_SCHOOL % {"category": label})
        return back
    category_switch(actor=request.user, category=slug, on=on, classroom=classroom)
    done = messages.CATEGORY_ON_FOR_CLASS if on else messages.CATEGORY_OFF_FOR_CLASS
    flash.success(request, done % {"category": label})
    return back

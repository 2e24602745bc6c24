"""A teacher's assignment pages: its form, which offers the picture options the active
model supports, and everything the class generated for it."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render

from classrooms import messages as class_messages
from classrooms import services
from classrooms.access import (
    SignedInRequest,
    assignment_for_teacher,
    assignment_to_change,
    classroom_to_change,
    teacher_required,
)
from classrooms.forms import AssignmentForm, PictureOptions
from classrooms.models import Assignment
from generation.capabilities import orientation_choices, quality_choices, style_choices
from generation.models import Generation
from generation.money import usd_format
from generation.pricing import highest_picture_price
from generation.review_forms import ExtraPicturesForm
from generation.selectors.listings import PICTURES_PER_PAGE, class_generations_for_teacher
from generation.selectors.review import extra_pictures_given, preset_reasons_for
from generation.selectors.turn_ins import class_turn_ins


@dataclass(frozen=True)
class MostCost:
    students: int
    per_student: int
    price: Decimal
    total: Decimal


def _picture_options() -> PictureOptions:
    return {
        "allowed_orientations": orientation_choices(),
        "allowed_qualities": quality_choices(),
        "allowed_styles": style_choices(),
    }


@teacher_required
def assignment_create(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = classroom_to_change(request.user, classroom_id)
    return _assignment_form_page(request, Assignment(classroom=classroom))


@teacher_required
def assignment_edit(request: SignedInRequest, assignment_id: int) -> HttpResponse:
    assignment = assignment_to_change(request.user, assignment_id)
    return _assignment_form_page(request, assignment)


def _assignment_form_page(request: SignedInRequest, assignment: Assignment) -> HttpResponse:
    """The new-assignment and edit pages: the same form, for an unsaved or a saved one."""
    form = AssignmentForm(
        request.POST or None, instance=assignment, picture_options=_picture_options()
    )
    if request.method == "POST" and form.is_valid():
        assignment = services.assignment_save(
            assignment=form.save(commit=False), teacher=request.user
        )
        flash.success(request, class_messages.ASSIGNMENT_SAVED)
        return redirect("teacher_assignment", assignment_id=assignment.pk)
    return render(
        request,
        "generation/assignment_form.html",
        {
            "form": form,
            "classroom": assignment.classroom,
            "assignment": assignment,
            "most_cost": most_cost_of(form, assignment),
            "money_format": usd_format(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _field_value(form: AssignmentForm, name: str) -> Any:
    """What the form shows in a field now: the teacher's input when re-shown, else initial."""
    if name not in form.fields:
        return None
    return form[name].value()


def most_cost_of(form: AssignmentForm, assignment: Assignment) -> MostCost:
    """The most this assignment can cost: students x pictures each x the dearest picture
    its allowed options make on the active model. From what the form shows, so a re-shown
    form tells what saving it would mean."""
    try:
        per_student = max(int(_field_value(form, "image_limit") or 0), 0)
    except (TypeError, ValueError):
        per_student = 0
    students = assignment.classroom.students.count()
    price = highest_picture_price(
        orientations=_field_value(form, "allowed_orientations") or [],
        qualities=_field_value(form, "allowed_qualities") or [],
    )
    return MostCost(
        students=students,
        per_student=per_student,
        price=price,
        total=students * per_student * price,
    )


@teacher_required
def assignment_page(request: SignedInRequest, assignment_id: int) -> HttpResponse:
    """Everything the class generated for one assignment, blocked attempts included."""
    assignment = assignment_for_teacher(request.user, assignment_id)
    generations = class_generations_for_teacher(teacher=request.user, assignment=assignment)
    totals = generations.aggregate(cost=Sum("estimated_cost"))
    status_filter = request.GET.get("status", "")
    if status_filter in Generation.Status.values:
        generations = generations.filter(status=status_filter)
    return render(
        request,
        "generation/teacher_assignment.html",
        {
            "assignment": assignment,
            "classroom": assignment.classroom,
            "generations": Paginator(generations, PICTURES_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "total_cost": totals["cost"] or 0,
            "statuses": Generation.Status.choices,
            "status_filter": status_filter,
            "class_turn_ins": class_turn_ins(assignment=assignment),
            "extra_form": ExtraPicturesForm(assignment=assignment),
            "presets": preset_reasons_for(request.user),
            "extras": extra_pictures_given(assignment),
        },
    )

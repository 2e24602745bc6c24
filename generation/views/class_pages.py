"""A teacher's dashboard and class page: the class pages that show picture numbers, and
the two forms on them (a new class, a new student), whose errors show on those pages."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from classrooms import lockout, services
from classrooms import messages as class_messages
from classrooms.access import (
    SignedInRequest,
    classroom_for_teacher,
    classroom_to_change,
    teacher_required,
    with_password_reset_rule,
)
from classrooms.forms import AddStudentForm, ClassroomForm, CoTeacherForm
from classrooms.models import Classroom
from classrooms.views.teacher import password_card
from generation.selectors.budgets import class_budgets
from generation.selectors.listings import (
    assignments_with_picture_numbers,
    classes_with_waiting_counts,
)


@teacher_required
def dashboard(request: SignedInRequest) -> HttpResponse:
    return _render_dashboard(request, ClassroomForm())


def _render_dashboard(
    request: SignedInRequest, form: ClassroomForm, status: int = 200
) -> HttpResponse:
    classrooms = list(classes_with_waiting_counts(request.user))
    return render(
        request,
        "generation/teacher_dashboard.html",
        {
            "classrooms": [c for c in classrooms if not c.is_archived],
            "archived_classrooms": [c for c in classrooms if c.is_archived],
            "form": form,
            # The review queue holds exactly the waiting pictures of these classes.
            "review_count": sum(classroom.waiting for classroom in classrooms),
        },
        status=status,
    )


@teacher_required
def classroom_create(request: SignedInRequest) -> HttpResponse:
    if request.method != "POST":
        # The form lives on the dashboard; reloading its error page lands back there.
        return redirect("teacher_dashboard")
    form = ClassroomForm(request.POST)
    if not form.is_valid():
        return _render_dashboard(request, form, status=400)
    classroom = services.classroom_create(teacher=request.user, name=form.cleaned_data["name"])
    flash.success(request, class_messages.CLASS_CREATED % {"name": classroom.name})
    return redirect("teacher_class", classroom_id=classroom.pk)


@teacher_required
def class_page(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = classroom_for_teacher(request.user, classroom_id)
    return _render_class_page(request, classroom, AddStudentForm())


def _render_class_page(
    request: SignedInRequest, classroom: Classroom, add_form: AddStudentForm, status: int = 200
) -> HttpResponse:
    assignments = list(assignments_with_picture_numbers(classroom))
    students = list(with_password_reset_rule(classroom.students.order_by("username"), request.user))
    return render(
        request,
        "generation/teacher_class.html",
        {
            "classroom": classroom,
            "students": students,
            "teachers": classroom.teachers.order_by("display_name", "username"),
            "locked_usernames": lockout.sign_in_locked_usernames(s.username for s in students),
            "assignments": [a for a in assignments if a.archived_at is None],
            "archived_assignments": [a for a in assignments if a.archived_at is not None],
            "add_form": add_form,
            "co_teacher_form": CoTeacherForm(),
            "total_cost": sum((a.cost or 0) for a in assignments),
            "budgets": class_budgets(classroom=classroom, now=timezone.now()),
        },
        status=status,
    )


@teacher_required
@never_cache
def add_student(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = classroom_to_change(request.user, classroom_id)
    if request.method != "POST":
        # The form lives on the class page; reloading its error page lands back there.
        return redirect("teacher_class", classroom_id=classroom.pk)
    form = AddStudentForm(request.POST)
    if form.is_valid():
        try:
            student, password = services.classroom_add_student(
                classroom=classroom, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("username", error)
        else:
            return password_card(
                request, classroom, student, password, str(class_messages.PASSWORD_CARD_ADDED)
            )
    return _render_class_page(request, classroom, form, status=400)

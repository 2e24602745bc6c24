from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from classrooms import access, messages, services
from classrooms.forms import AddStudentForm, AssignmentForm, ClassroomForm
from classrooms.models import Assignment
from generation.models import Generation
from generation.selectors import class_generations_for_teacher, review_queue_for


@access.teacher_required
def dashboard(request: HttpRequest) -> HttpResponse:
    teacher = request.user
    classrooms = teacher.teaching.annotate(  # type: ignore[union-attr]
        student_count=Count("students", distinct=True),
        waiting=Count("assignments__generations", distinct=True, filter=Q(
            assignments__generations__status=Generation.Status.AWAITING_REVIEW)),
    )
    return render(request, "classrooms/teacher_dashboard.html", {
        "classrooms": classrooms,
        "form": ClassroomForm(),
        "review_count": review_queue_for(teacher).count(),  # type: ignore[arg-type]
    })


@access.teacher_required
@require_POST
def classroom_create(request: HttpRequest) -> HttpResponse:
    form = ClassroomForm(request.POST)
    if not form.is_valid():
        flash.error(request, form.errors.as_text())
        return redirect("teacher_dashboard")
    classroom = services.classroom_create(teacher=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
    flash.success(request, messages.CLASS_CREATED % {"name": classroom.name})
    return redirect("teacher_class", classroom_id=classroom.pk)


@access.teacher_required
def class_page(request: HttpRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_for_teacher(request.user, classroom_id)  # type: ignore[arg-type]
    return _render_class_page(request, classroom, AddStudentForm())


def _render_class_page(request: HttpRequest, classroom: object, add_form: AddStudentForm,
                       status: int = 200) -> HttpResponse:
    assignments = classroom.assignments.annotate(  # type: ignore[attr-defined]
        image_count=Count("generations", filter=Q(generations__image__gt="")),
        waiting=Count("generations", filter=Q(
            generations__status=Generation.Status.AWAITING_REVIEW)),
        blocked=Count("generations", filter=Q(generations__status=Generation.Status.BLOCKED)),
        cost=Sum("generations__estimated_cost"),
    )
    return render(request, "classrooms/teacher_class.html", {
        "classroom": classroom,
        "students": classroom.students.order_by("username"),  # type: ignore[attr-defined]
        "assignments": assignments,
        "add_form": add_form,
        "total_cost": sum((a.cost or 0) for a in assignments),
    }, status=status)


@access.teacher_required
@require_POST
def rotate_join_code(request: HttpRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_for_teacher(request.user, classroom_id)  # type: ignore[arg-type]
    classroom.rotate_join_code()
    flash.success(request, messages.JOIN_CODE_ROTATED % {"code": classroom.join_code})
    return redirect("teacher_class", classroom_id=classroom.pk)


@access.teacher_required
@require_POST
def add_student(request: HttpRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_for_teacher(request.user, classroom_id)  # type: ignore[arg-type]
    form = AddStudentForm(request.POST)
    if form.is_valid():
        try:
            student, password = services.classroom_add_student(
                classroom=classroom, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("username", error)
        else:
            if password:
                flash.success(request, messages.STUDENT_ADDED % {
                    "username": student.username, "password": password})
            else:
                flash.success(request, messages.STUDENT_ADDED_TO_CLASS % {
                    "username": student.username})
            return redirect("teacher_class", classroom_id=classroom.pk)
    return _render_class_page(request, classroom, form, status=400)


@access.teacher_required
@require_POST
def reset_student_password(request: HttpRequest, classroom_id: int, student_id: int) -> HttpResponse:
    classroom = access.classroom_for_teacher(request.user, classroom_id)  # type: ignore[arg-type]
    student = access.student_for_teacher(request.user, classroom, student_id)  # type: ignore[arg-type]
    password = services.student_reset_password(student=student)
    flash.success(request, messages.PASSWORD_RESET % {
        "username": student.username, "password": password})
    return redirect("teacher_class", classroom_id=classroom.pk)


@access.teacher_required
def assignment_create(request: HttpRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_for_teacher(request.user, classroom_id)  # type: ignore[arg-type]
    form = AssignmentForm(request.POST or None, instance=Assignment(classroom=classroom))
    if request.method == "POST" and form.is_valid():
        assignment = services.assignment_save(assignment=form.save(commit=False),
                                              teacher=request.user)  # type: ignore[arg-type]
        flash.success(request, messages.ASSIGNMENT_SAVED)
        return redirect("teacher_assignment", assignment_id=assignment.pk)
    return render(request, "classrooms/assignment_form.html",
                  {"form": form, "classroom": classroom},
                  status=400 if request.method == "POST" else 200)


@access.teacher_required
def assignment_edit(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_for_teacher(request.user, assignment_id)  # type: ignore[arg-type]
    form = AssignmentForm(request.POST or None, instance=assignment)
    if request.method == "POST" and form.is_valid():
        services.assignment_save(assignment=form.save(commit=False), teacher=request.user)  # type: ignore[arg-type]
        flash.success(request, messages.ASSIGNMENT_SAVED)
        return redirect("teacher_assignment", assignment_id=assignment.pk)
    return render(request, "classrooms/assignment_form.html",
                  {"form": form, "classroom": assignment.classroom, "assignment": assignment},
                  status=400 if request.method == "POST" else 200)


@access.teacher_required
@require_POST
def assignment_toggle_open(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_for_teacher(request.user, assignment_id)  # type: ignore[arg-type]
    if assignment.is_open:
        assignment.close()
        flash.success(request, messages.ASSIGNMENT_CLOSED)
    else:
        assignment.reopen()
        flash.success(request, messages.ASSIGNMENT_REOPENED)
    return redirect("teacher_assignment", assignment_id=assignment.pk)


@access.teacher_required
def assignment_page(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """Everything the class generated for one assignment, blocked attempts included."""
    assignment = access.assignment_for_teacher(request.user, assignment_id)  # type: ignore[arg-type]
    generations = class_generations_for_teacher(teacher=request.user, assignment=assignment)  # type: ignore[arg-type]
    totals = generations.aggregate(cost=Sum("estimated_cost"))
    status_filter = request.GET.get("status", "")
    if status_filter in Generation.Status.values:
        generations = generations.filter(status=status_filter)
    return render(request, "classrooms/teacher_assignment.html", {
        "assignment": assignment,
        "classroom": assignment.classroom,
        "generations": generations,
        "total_cost": totals["cost"] or 0,
        "statuses": Generation.Status.choices,
        "status_filter": status_filter,
    })

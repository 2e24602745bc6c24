from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from classrooms import access, lockout, messages, services
from classrooms.access import SignedInRequest
from classrooms.forms import AddStudentForm, AssignmentForm, ClassroomForm
from classrooms.models import Assignment, Classroom, User
from generation.models import Generation
from generation.selectors import PICTURES_PER_PAGE, class_generations_for_teacher


@access.teacher_required
def dashboard(request: SignedInRequest) -> HttpResponse:
    return _render_dashboard(request, ClassroomForm())


def _render_dashboard(
    request: SignedInRequest, form: ClassroomForm, status: int = 200
) -> HttpResponse:
    # A subquery, not a second join: counting students and pictures over one join would
    # group students x pictures rows for every class.
    waiting = (
        Generation.objects.filter(
            assignment__classroom=OuterRef("pk"), status=Generation.Status.AWAITING_REVIEW
        )
        .order_by()
        .values("assignment__classroom")
        .annotate(count=Count("pk"))
        .values("count")
    )
    classrooms = request.user.teaching.annotate(
        student_count=Count("students"), waiting=Coalesce(Subquery(waiting), 0)
    )
    return render(
        request,
        "classrooms/teacher_dashboard.html",
        {
            "classrooms": classrooms,
            "form": form,
            # The review queue holds exactly the waiting pictures of these classes.
            "review_count": sum(classroom.waiting for classroom in classrooms),
        },
        status=status,
    )


@access.teacher_required
def classroom_create(request: SignedInRequest) -> HttpResponse:
    if request.method != "POST":
        # The form lives on the dashboard; reloading its error page lands back there.
        return redirect("teacher_dashboard")
    form = ClassroomForm(request.POST)
    if not form.is_valid():
        return _render_dashboard(request, form, status=400)
    classroom = services.classroom_create(teacher=request.user, name=form.cleaned_data["name"])
    flash.success(request, messages.CLASS_CREATED % {"name": classroom.name})
    return redirect("teacher_class", classroom_id=classroom.pk)


@access.teacher_required
def class_page(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_for_teacher(request.user, classroom_id)
    return _render_class_page(request, classroom, AddStudentForm())


def _render_class_page(
    request: SignedInRequest, classroom: Classroom, add_form: AddStudentForm, status: int = 200
) -> HttpResponse:
    assignments = classroom.assignments.annotate(
        image_count=Count("generations", filter=Q(generations__image__gt="")),
        waiting=Count(
            "generations", filter=Q(generations__status=Generation.Status.AWAITING_REVIEW)
        ),
        blocked=Count("generations", filter=Q(generations__status=Generation.Status.BLOCKED)),
        cost=Sum("generations__estimated_cost"),
    )
    students = list(
        access.with_password_reset_rule(classroom.students.order_by("username"), request.user)
    )
    return render(
        request,
        "classrooms/teacher_class.html",
        {
            "classroom": classroom,
            "students": students,
            "locked_usernames": lockout.sign_in_locked_usernames(s.username for s in students),
            "assignments": assignments,
            "add_form": add_form,
            "total_cost": sum((a.cost or 0) for a in assignments),
        },
        status=status,
    )


@access.teacher_required
@require_POST
def rotate_join_code(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_for_teacher(request.user, classroom_id)
    classroom.rotate_join_code()
    flash.success(request, messages.JOIN_CODE_ROTATED % {"code": classroom.join_code})
    return redirect("teacher_class", classroom_id=classroom.pk)


@access.teacher_required
@never_cache
def add_student(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_for_teacher(request.user, classroom_id)
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
            return _password_card(
                request, classroom, student, password, str(messages.PASSWORD_CARD_ADDED)
            )
    return _render_class_page(request, classroom, form, status=400)


@access.teacher_required
@never_cache
def reset_student_password(
    request: SignedInRequest, classroom_id: int, student_id: int
) -> HttpResponse:
    classroom = access.classroom_for_teacher(request.user, classroom_id)
    student = access.student_for_password_reset(request.user, classroom, student_id)
    if request.method != "POST":
        return redirect("teacher_class", classroom_id=classroom.pk)
    password = services.student_reset_password(student=student)
    return _password_card(request, classroom, student, password, str(messages.PASSWORD_CARD_RESET))


def _password_card(
    request: SignedInRequest, classroom: Classroom, student: User, password: str, title: str
) -> HttpResponse:
    """The new password on a printable page, never in a flash message or a cookie; the
    view's never_cache keeps it out of the browser's cache (Cache-Control: no-store)."""
    return render(
        request,
        "classrooms/password_card.html",
        {
            "classroom": classroom,
            "student": student,
            "password": password,
            "title": title % {"username": student.username},
        },
    )


@access.teacher_required
@require_POST
def unlock_student_sign_in(
    request: SignedInRequest, classroom_id: int, student_id: int
) -> HttpResponse:
    classroom = access.classroom_for_teacher(request.user, classroom_id)
    student = access.student_for_teacher(request.user, classroom, student_id)
    lockout.sign_in_unlock(username=student.username)
    flash.success(request, messages.SIGN_IN_UNLOCKED % {"username": student.username})
    return redirect("teacher_class", classroom_id=classroom.pk)


@access.teacher_required
def assignment_create(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_for_teacher(request.user, classroom_id)
    return _assignment_form_page(request, Assignment(classroom=classroom))


@access.teacher_required
def assignment_edit(request: SignedInRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_for_teacher(request.user, assignment_id)
    return _assignment_form_page(request, assignment)


def _assignment_form_page(request: SignedInRequest, assignment: Assignment) -> HttpResponse:
    """The new-assignment and edit pages: the same form, for an unsaved or a saved one."""
    form = AssignmentForm(request.POST or None, instance=assignment)
    if request.method == "POST" and form.is_valid():
        assignment = services.assignment_save(
            assignment=form.save(commit=False), teacher=request.user
        )
        flash.success(request, messages.ASSIGNMENT_SAVED)
        return redirect("teacher_assignment", assignment_id=assignment.pk)
    return render(
        request,
        "classrooms/assignment_form.html",
        {"form": form, "classroom": assignment.classroom, "assignment": assignment},
        status=400 if request.method == "POST" else 200,
    )


@access.teacher_required
@require_POST
def assignment_toggle_open(request: SignedInRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_for_teacher(request.user, assignment_id)
    if assignment.is_open:
        assignment.close()
        flash.success(request, messages.ASSIGNMENT_CLOSED)
    else:
        assignment.reopen()
        flash.success(request, messages.ASSIGNMENT_REOPENED)
    return redirect("teacher_assignment", assignment_id=assignment.pk)


@access.teacher_required
def assignment_page(request: SignedInRequest, assignment_id: int) -> HttpResponse:
    """Everything the class generated for one assignment, blocked attempts included."""
    assignment = access.assignment_for_teacher(request.user, assignment_id)
    generations = class_generations_for_teacher(teacher=request.user, assignment=assignment)
    totals = generations.aggregate(cost=Sum("estimated_cost"))
    status_filter = request.GET.get("status", "")
    if status_filter in Generation.Status.values:
        generations = generations.filter(status=status_filter)
    return render(
        request,
        "classrooms/teacher_assignment.html",
        {
            "assignment": assignment,
            "classroom": assignment.classroom,
            "generations": Paginator(generations, PICTURES_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "total_cost": totals["cost"] or 0,
            "statuses": Generation.Status.choices,
            "status_filter": status_filter,
        },
    )

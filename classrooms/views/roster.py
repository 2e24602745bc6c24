"""A teacher runs a class's roster: many students at once, login cards, removing a
student, co-teachers, archiving. Anything that acts at once asks first (confirm.html)."""

from collections.abc import Sequence

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from classrooms import access, messages, roster
from classrooms.access import SignedInRequest
from classrooms.forms import AddStudentsForm, CoTeacherForm
from classrooms.models import Classroom, User
from classrooms.qr import qr_svg


def confirm_page(
    request: SignedInRequest,
    *,
    classroom: Classroom,
    title: str,
    explanation: str,
    button: str,
    danger: bool = False,
) -> HttpResponse:
    """The step before an action that acts at once: it posts back to the same address."""
    return render(
        request,
        "classrooms/confirm.html",
        {
            "classroom": classroom,
            "title": title,
            "explanation": explanation,
            "button": button,
            "danger": danger,
        },
    )


def login_cards_page(
    request: SignedInRequest,
    classroom: Classroom,
    cards: Sequence[tuple[User, str]],
    *,
    status_text: str = "",
) -> HttpResponse:
    """Printable cards, one per (student, password); a password is "" unless just made,
    and the page is then never cached (the caller's never_cache)."""
    sign_in_url = request.build_absolute_uri(reverse("login"))
    return render(
        request,
        "classrooms/login_cards.html",
        {
            "classroom": classroom,
            "cards": cards,
            "status_text": status_text,
            "sign_in_url": sign_in_url,
            "qr": qr_svg(sign_in_url, title=_("QR code of the sign-in page")),
        },
    )


@access.teacher_required
def login_cards(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_for_teacher(request.user, classroom_id)
    students = classroom.students.order_by("display_name", "username")
    return login_cards_page(request, classroom, [(student, "") for student in students])


@access.teacher_required
@never_cache
def add_students(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_to_change(request.user, classroom_id)
    form = AddStudentsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = roster.classroom_add_students(
                classroom=classroom, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return login_cards_page(
                request,
                classroom,
                [(new.student, new.password) for new in added],
                status_text=messages.ROSTER_ADDED % {"count": len(added)},
            )
    return render(
        request,
        "classrooms/add_students.html",
        {"classroom": classroom, "form": form, "most": roster.MAX_STUDENTS_AT_ONCE},
        status=400 if request.method == "POST" else 200,
    )


@access.teacher_required
def remove_student(request: SignedInRequest, classroom_id: int, student_id: int) -> HttpResponse:
    classroom = access.classroom_to_change(request.user, classroom_id)
    student = access.student_for_teacher(request.user, classroom, student_id)
    if request.method != "POST":
        return confirm_page(
            request,
            classroom=classroom,
            title=_("Remove %(name)s from %(class)s?") % {"name": student, "class": classroom},
            explanation=_(
                "They will not see this class any more. Their account stays, and their "
                "pictures and safety record stay here for the class's teachers."
            ),
            button=_("Remove from class"),
            danger=True,
        )
    roster.classroom_remove_student(classroom=classroom, student=student)
    flash.success(request, messages.STUDENT_REMOVED % {"name": student})
    return redirect("teacher_class", classroom_id=classroom.pk)


@access.teacher_required
def add_co_teacher(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_to_change(request.user, classroom_id)
    if request.method != "POST":
        return redirect("teacher_class", classroom_id=classroom.pk)
    form = CoTeacherForm(request.POST)
    if form.is_valid():
        try:
            teacher = roster.classroom_add_teacher(
                classroom=classroom, username=form.cleaned_data["username"]
            )
        except ValidationError as error:
            flash.error(request, " ".join(error.messages))
        else:
            flash.success(request, messages.CO_TEACHER_ADDED % {"name": teacher})
    else:
        flash.error(request, messages.CO_TEACHER_NOT_FOUND)
    return redirect("teacher_class", classroom_id=classroom.pk)


@access.teacher_required
def remove_co_teacher(request: SignedInRequest, classroom_id: int, teacher_id: int) -> HttpResponse:
    classroom = access.classroom_to_change(request.user, classroom_id)
    teacher = access.co_teacher_of(classroom, teacher_id)
    leaving = teacher.pk == request.user.pk
    if request.method != "POST":
        return confirm_page(
            request,
            classroom=classroom,
            title=(
                _("Stop teaching %(class)s?") % {"class": classroom}
                if leaving
                else _("Remove %(name)s as a teacher of %(class)s?")
                % {"name": teacher, "class": classroom}
            ),
            explanation=(
                _("You will not see this class, its pictures or its safety log any more.")
                if leaving
                else _("They will not see this class, its pictures or its safety log any more.")
            ),
            button=_("Stop teaching this class") if leaving else _("Remove teacher"),
            danger=True,
        )
    try:
        roster.classroom_remove_teacher(classroom=classroom, teacher=teacher)
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
        return redirect("teacher_class", classroom_id=classroom.pk)
    flash.success(request, messages.CO_TEACHER_REMOVED % {"name": teacher})
    if leaving:
        return redirect("teacher_dashboard")
    return redirect("teacher_class", classroom_id=classroom.pk)


@access.teacher_required
def archive_class(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_to_change(request.user, classroom_id)
    if request.method != "POST":
        return confirm_page(
            request,
            classroom=classroom,
            title=_("Archive %(class)s?") % {"class": classroom},
            explanation=_(
                "The class becomes read-only: students can still see their pictures, but "
                "nobody can make new ones or change anything. You can restore it later."
            ),
            button=_("Archive class"),
        )
    classroom.archive()
    flash.success(request, messages.CLASS_ARCHIVED)
    return redirect("teacher_dashboard")


@access.teacher_required
def restore_class(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_for_teacher(request.user, classroom_id)
    if request.method == "POST" and classroom.is_archived:
        classroom.restore()
        flash.success(request, messages.CLASS_RESTORED)
    return redirect("teacher_class", classroom_id=classroom.pk)


@access.teacher_required
def archive_assignment(request: SignedInRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_to_change(request.user, assignment_id)
    if request.method != "POST":
        return confirm_page(
            request,
            classroom=assignment.classroom,
            title=_("Archive %(assignment)s?") % {"assignment": assignment},
            explanation=_(
                "The assignment becomes read-only: students can still see their pictures, "
                "but nobody can make new ones or change it. You can restore it later."
            ),
            button=_("Archive assignment"),
        )
    assignment.archive()
    flash.success(request, messages.ASSIGNMENT_ARCHIVED)
    return redirect("teacher_class", classroom_id=assignment.classroom.pk)


@access.teacher_required
def restore_assignment(request: SignedInRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_for_teacher(request.user, assignment_id)
    if assignment.classroom.is_archived:
        flash.error(request, messages.ARCHIVED_READ_ONLY)
    elif request.method == "POST" and assignment.archived_at is not None:
        assignment.restore()
        flash.success(request, messages.ASSIGNMENT_RESTORED)
    return redirect("teacher_assignment", assignment_id=assignment.pk)

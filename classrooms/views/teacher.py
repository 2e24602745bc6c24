"""A teacher's actions on a class and its roster. The pages that show pictures (the
dashboard, the class page, the assignment pages) live in generation/views/."""

from django.contrib import messages as flash
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from classrooms import access, lockout, messages, services
from classrooms.access import SignedInRequest
from classrooms.models import Classroom, User
from classrooms.qr import qr_svg
from classrooms.views.roster import confirm_page


@access.teacher_required
def rotate_join_code(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_to_change(request.user, classroom_id)
    if request.method != "POST":
        return confirm_page(
            request,
            classroom=classroom,
            title=_("Make a new join code for %(class)s?") % {"class": classroom},
            explanation=_(
                "The code %(code)s stops working at once. Students already in the class stay in it."
            )
            % {"code": classroom.join_code},
            button=_("Make a new code"),
        )
    classroom.rotate_join_code()
    flash.success(request, messages.JOIN_CODE_ROTATED % {"code": classroom.join_code})
    return redirect("teacher_class", classroom_id=classroom.pk)


@access.teacher_required
@never_cache
def reset_student_password(
    request: SignedInRequest, classroom_id: int, student_id: int
) -> HttpResponse:
    classroom = access.classroom_for_teacher(request.user, classroom_id)
    student = access.student_for_password_reset(request.user, classroom, student_id)
    if request.method != "POST":
        return confirm_page(
            request,
            classroom=classroom,
            title=_("Give %(name)s a new password?") % {"name": student},
            explanation=_(
                "Their old password stops working at once. You will see the new one on a "
                "card to print or copy."
            ),
            button=_("Make a new password"),
        )
    password = services.student_reset_password(student=student)
    return password_card(request, classroom, student, password, str(messages.PASSWORD_CARD_RESET))


def password_card(
    request: SignedInRequest, classroom: Classroom, student: User, password: str, title: str
) -> HttpResponse:
    """The new password on a printable page, never in a flash message or a cookie; the
    view's never_cache keeps it out of the browser's cache (Cache-Control: no-store)."""
    sign_in_url = request.build_absolute_uri(reverse("login"))
    return render(
        request,
        "classrooms/password_card.html",
        {
            "classroom": classroom,
            "student": student,
            "password": password,
            "title": title % {"username": student.username},
            "sign_in_url": sign_in_url,
            "qr": qr_svg(sign_in_url, title=_("QR code of the sign-in page")),
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
@require_POST
def assignment_toggle_open(request: SignedInRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_to_change(request.user, assignment_id)
    if assignment.is_open:
        assignment.close()
        flash.success(request, messages.ASSIGNMENT_CLOSED)
    else:
        assignment.reopen()
        flash.success(request, messages.ASSIGNMENT_REOPENED)
    return redirect("teacher_assignment", assignment_id=assignment.pk)

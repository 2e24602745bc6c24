"""The one place that decides what a person may act on. Views ask here first.

Anything a person may not see is a 404, so a guessed link reveals nothing.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation
from generation.selectors import (
    generation_page_for,
    generation_status_for,
    generations_visible_to,
)

View = Callable[..., HttpResponse]


class SignedInRequest(HttpRequest):
    """A request from a signed-in person; the decorators below guarantee it."""

    user: User


def _role_required(role: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.role != role:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


teacher_required = _role_required(User.Role.TEACHER)
student_required = _role_required(User.Role.STUDENT)


def classroom_for_teacher(user: User, classroom_id: int) -> Classroom:
    return get_object_or_404(Classroom, pk=classroom_id, teachers=user)


def classroom_for_student(user: User, classroom_id: int) -> Classroom:
    return get_object_or_404(Classroom, pk=classroom_id, students=user)


def assignment_for_teacher(user: User, assignment_id: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.select_related("classroom"),
        pk=assignment_id,
        classroom__teachers=user,
    )


def assignment_for_student(user: User, assignment_id: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.select_related("classroom"),
        pk=assignment_id,
        classroom__students=user,
    )


def student_for_teacher(user: User, classroom: Classroom, student_id: int) -> User:
    """A student of a class this teacher teaches (the classroom came from this module)."""
    return get_object_or_404(classroom.students.all(), pk=student_id)


def _classes_taught_without(teacher: User) -> QuerySet[Classroom]:
    return Classroom.objects.exclude(teachers=teacher)


def with_password_reset_rule(students: QuerySet[User], teacher: User) -> QuerySet[User]:
    """Annotate may_reset_password: teaches_every_class_of, as an EXISTS per row, so a
    roster stays one query however many students it lists."""
    elsewhere = _classes_taught_without(teacher).filter(students=OuterRef("pk"))
    return students.annotate(may_reset_password=~Exists(elsewhere))


def teaches_every_class_of(teacher: User, student: User) -> bool:
    """May this teacher reset the child's password? Only if no other teacher's class has
    the child: otherwise the teacher could sign in as the child and read their work there.
    """
    return not _classes_taught_without(teacher).filter(students=student).exists()


def student_for_password_reset(user: User, classroom: Classroom, student_id: int) -> User:
    """A student of this class (else 404) whose every class this teacher teaches (else 403)."""
    student = student_for_teacher(user, classroom, student_id)
    if not teaches_every_class_of(user, student):
        raise PermissionDenied
    return student


def generation_for_viewer(user: User, generation_id: int) -> Generation:
    return get_object_or_404(generations_visible_to(user), pk=generation_id)


def generation_for_page(user: User, generation_id: int) -> Generation:
    """As generation_for_viewer, with viewer_teaches and viewer_sees_details for its page."""
    return get_object_or_404(generation_page_for(user, generation_id))


def generation_status_card_for(user: User, generation_id: int) -> Generation:
    """The same people as generations_in_detail_for, in the one query a status poll makes."""
    return get_object_or_404(generation_status_for(user, generation_id))


def generation_for_reviewer(user: User, generation_id: int) -> Generation:
    return get_object_or_404(
        Generation.objects.select_related("assignment__classroom", "student"),
        pk=generation_id,
        assignment__classroom__teachers=user,
    )

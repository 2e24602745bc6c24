"""Who teaches and who attends which class, and the role decorators built on that.

These are the only membership rules; pictures compose them in generation/access.py.
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


# --- The two predicates -----------------------------------------------------------------
# Each is an EXISTS on the membership table, correlated with the outer row's classroom
# id, so it composes into any query (classes, assignments, pictures) without joins that
# repeat rows. `classroom` names the outer field holding that id: "pk" for a Classroom,
# "classroom" for an Assignment, "assignment__classroom" for a picture.


def teaching(user: User, classroom: str = "pk") -> Exists:
    """The outer row's class is taught by `user`: "teaches this class", the one statement."""
    return Exists(
        Classroom.teachers.through.objects.filter(classroom_id=OuterRef(classroom), user_id=user.pk)
    )


def attending(user: User, classroom: str = "pk") -> Exists:
    """The outer row's class has `user` among its students."""
    return Exists(
        Classroom.students.through.objects.filter(classroom_id=OuterRef(classroom), user_id=user.pk)
    )


def teaches(user: User, classroom: Classroom) -> bool:
    return Classroom.objects.filter(teaching(user), pk=classroom.pk).exists()


def attends(user: User, classroom: Classroom) -> bool:
    return Classroom.objects.filter(attending(user), pk=classroom.pk).exists()


# --- The objects a view may act on ------------------------------------------------------


def classroom_for_teacher(user: User, classroom_id: int) -> Classroom:
    return get_object_or_404(Classroom.objects.filter(teaching(user)), pk=classroom_id)


def classroom_for_student(user: User, classroom_id: int) -> Classroom:
    return get_object_or_404(Classroom.objects.filter(attending(user)), pk=classroom_id)


def assignment_for_teacher(user: User, assignment_id: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.select_related("classroom").filter(teaching(user, "classroom")),
        pk=assignment_id,
    )


def assignment_for_student(user: User, assignment_id: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.select_related("classroom").filter(attending(user, "classroom")),
        pk=assignment_id,
    )


def classroom_to_change(user: User, classroom_id: int) -> Classroom:
    """A class this teacher teaches (else 404) that is not archived (else 403): archived
    classes are read-only."""
    classroom = classroom_for_teacher(user, classroom_id)
    if classroom.is_archived:
        raise PermissionDenied
    return classroom


def assignment_to_change(user: User, assignment_id: int) -> Assignment:
    """An assignment of a class this teacher teaches (else 404), neither it nor its class
    archived (else 403)."""
    assignment = assignment_for_teacher(user, assignment_id)
    if assignment.is_archived:
        raise PermissionDenied
    return assignment


def co_teacher_of(classroom: Classroom, teacher_id: int) -> User:
    """One of the teachers of a class (the classroom came from this module)."""
    return get_object_or_404(classroom.teachers.all(), pk=teacher_id)


def student_for_teacher(user: User, classroom: Classroom, student_id: int) -> User:
    """A student of a class this teacher teaches (the classroom came from this module)."""
    return get_object_or_404(classroom.students.all(), pk=student_id)


def _classes_taught_without(teacher: User) -> QuerySet[Classroom]:
    return Classroom.objects.filter(~teaching(teacher))


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

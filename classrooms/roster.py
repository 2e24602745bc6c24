"""Running a class's roster: many students at once, removing one, co-teachers.

A list arrives as text, pasted or from a CSV file, one student a line: ``name`` or
``name,username``. Every line is checked before anything is saved, and the saving is
one transaction, so a list with one bad line adds nobody.
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from classrooms import messages
from classrooms.models import Classroom, User
from classrooms.passwords import friendly_password
from classrooms.services import user_create

# A class list, not a school's: more lines than this is a slip (a whole file pasted).
MAX_STUDENTS_AT_ONCE = 60
NAME_MAX_LENGTH = 80
USERNAME_MAX_LENGTH = 40
_HEADER_WORDS = {"name", "username", "nombre", "usuario"}


@dataclass(frozen=True)
class RosterLine:
    number: int  # the line of the list a teacher sees, from 1
    name: str
    username: str  # "" when the list gave none: one is made from the name


@dataclass(frozen=True)
class NewStudent:
    student: User
    password: str


def roster_lines(text: str) -> list[RosterLine]:
    """The students in a pasted list or a CSV file's text; blank lines and a header skipped."""
    lines = []
    for number, row in enumerate(csv.reader(io.StringIO(text.strip())), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if number == 1 and {cell.lower() for cell in cells if cell} <= _HEADER_WORDS:
            continue
        name = cells[0]
        username = cells[1] if len(cells) > 1 else ""
        lines.append(RosterLine(number=number, name=name, username=username))
    return lines


def _username_from(name: str, taken: set[str]) -> str:
    base = slugify(name).replace("-", "_")[: USERNAME_MAX_LENGTH - 4] or "student"
    candidate, suffix = base, 2
    while candidate.lower() in taken or User.objects.filter(username__iexact=candidate).exists():
        candidate, suffix = f"{base}{suffix}", suffix + 1
    return candidate


def _line_problem(line: RosterLine, username: str, taken: set[str]) -> str:
    if not line.name:
        return str(messages.ROSTER_LINE_NO_NAME)
    if len(line.name) > NAME_MAX_LENGTH:
        return str(messages.ROSTER_LINE_NAME_TOO_LONG) % {"most": NAME_MAX_LENGTH}
    try:
        User._meta.get_field("username").clean(username, None)
    except ValidationError:
        return str(messages.ROSTER_LINE_USERNAME_BAD) % {"username": username}
    if len(username) > USERNAME_MAX_LENGTH:
        return str(messages.ROSTER_LINE_USERNAME_BAD) % {"username": username}
    if username.lower() in taken or User.objects.filter(username__iexact=username).exists():
        return str(messages.ROSTER_LINE_USERNAME_TAKEN) % {"username": username}
    return ""


def classroom_add_students(*, classroom: Classroom, text: str) -> list[NewStudent]:
    """Make an account in this class for every line, each with a new password; or, if any
    line is wrong, raise one ValidationError naming every wrong line and save nothing."""
    lines = roster_lines(text)
    if not lines:
        raise ValidationError(messages.ROSTER_EMPTY, code="roster_empty")
    if len(lines) > MAX_STUDENTS_AT_ONCE:
        raise ValidationError(
            messages.ROSTER_TOO_LONG % {"most": MAX_STUDENTS_AT_ONCE}, code="roster_too_long"
        )
    taken: set[str] = set()
    planned: list[tuple[RosterLine, str]] = []
    problems = []
    for line in lines:
        username = line.username or _username_from(line.name, taken)
        problem = _line_problem(line, username, taken)
        if problem:
            problems.append(str(messages.ROSTER_LINE) % {"line": line.number, "problem": problem})
        taken.add(username.lower())
        planned.append((line, username))
    if problems:
        raise ValidationError(problems, code="roster_lines")
    added = []
    with transaction.atomic():
        for line, username in planned:
            password = friendly_password()
            student = user_create(
                username=username,
                password=password,
                role=User.Role.STUDENT,
                display_name=line.name,
            )
            added.append(NewStudent(student=student, password=password))
        classroom.students.add(*(new.student for new in added))
    return added


def classroom_remove_student(*, classroom: Classroom, student: User) -> None:
    """The student leaves the class at once (every page asks membership afresh); their
    pictures and safety record stay, and the class's teachers still see them."""
    classroom.students.remove(student)


def classroom_add_teacher(*, classroom: Classroom, username: str) -> User:
    """Another teacher of the school teaches this class too, with the same rights."""
    teacher = User.objects.filter(
        username__iexact=username.strip(), role=User.Role.TEACHER, is_active=True
    ).first()
    if teacher is None:
        raise ValidationError(messages.CO_TEACHER_NOT_FOUND, code="co_teacher_not_found")
    if classroom.teachers.filter(pk=teacher.pk).exists():
        raise ValidationError(
            messages.CO_TEACHER_ALREADY % {"name": teacher}, code="co_teacher_already"
        )
    classroom.teachers.add(teacher)
    return teacher


def classroom_remove_teacher(*, classroom: Classroom, teacher: User) -> None:
    """A teacher leaves the class; a class always keeps one teacher."""
    with transaction.atomic():
        # Locked, so two teachers removing each other at once cannot leave nobody.
        list(Classroom.objects.select_for_update().filter(pk=classroom.pk))
        if classroom.teachers.count() <= 1:
            raise ValidationError(messages.CO_TEACHER_LAST, code="co_teacher_last")
        classroom.teachers.remove(teacher)

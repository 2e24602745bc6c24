"""Workflows for accounts, classes and assignments."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from classrooms import messages
from classrooms.models import Assignment, Classroom, TeacherInviteCode, User
from classrooms.passwords import friendly_password


def user_create(*, username: str, password: str, role: str, display_name: str = "") -> User:
    username = username.strip()
    # Saving skips model validation, so check the username's characters ourselves.
    User._meta.get_field("username").clean(username, None)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(messages.USERNAME_TAKEN, code="username_taken")
    user = User(username=username, role=role, display_name=display_name.strip())
    validate_password(password, user)
    user.set_password(password)
    user.save()
    return user


def teacher_signup(
    *, username: str, password: str, invite_code: str, display_name: str = "", email: str = ""
) -> User:
    if not TeacherInviteCode.objects.filter(
        code__iexact=invite_code.strip(), is_active=True
    ).exists():
        raise ValidationError(messages.INVITE_CODE_WRONG, code="invite_code")
    with transaction.atomic():
        teacher = user_create(
            username=username, password=password, role=User.Role.TEACHER, display_name=display_name
        )
        if email:
            teacher.email = email
            teacher.save(update_fields=["email"])
    return teacher


def classroom_by_join_code(join_code: str) -> Classroom:
    code = "".join(join_code.split()).upper()
    # An archived class takes no one new, so its code works like no code.
    classroom = Classroom.objects.filter(join_code=code, archived_at__isnull=True).first()
    if classroom is None:
        raise ValidationError(messages.JOIN_CODE_WRONG, code="join_code")
    return classroom


def student_signup(*, username: str, password: str, join_code: str, display_name: str = "") -> User:
    """A student makes an account and joins a class in one step (no e-mail needed)."""
    classroom = classroom_by_join_code(join_code)
    with transaction.atomic():
        student = user_create(
            username=username, password=password, role=User.Role.STUDENT, display_name=display_name
        )
        classroom.students.add(student)
    return student


def classroom_join(*, student: User, join_code: str) -> tuple[Classroom, bool]:
    """Add the student to the class with this code; also say whether they were new to it."""
    classroom = classroom_by_join_code(join_code)
    if classroom.students.filter(pk=student.pk).exists():
        return classroom, False
    classroom.students.add(student)
    return classroom, True


def classroom_create(*, teacher: User, name: str) -> Classroom:
    with transaction.atomic():
        classroom = Classroom.objects.create(name=name.strip())
        classroom.teachers.add(teacher)
    return classroom


def classroom_add_student(
    *, classroom: Classroom, username: str, display_name: str = "", password: str = ""
) -> tuple[User, str]:
    """Create a new student account in this class; return it and its first password.

    An existing username is refused rather than added: otherwise a teacher could pull a
    child out of another class's reach and then reset their password. Students who
    already have an account join with the class code instead.
    """
    if User.objects.filter(username__iexact=username.strip()).exists():
        raise ValidationError(messages.USERNAME_TAKEN_FOR_TEACHER, code="username_taken")
    password = password or friendly_password()
    with transaction.atomic():
        student = user_create(
            username=username,
            password=password,
            role=User.Role.STUDENT,
            display_name=display_name,
        )
        classroom.students.add(student)
    return student, password


def student_reset_password(*, student: User) -> str:
    password = friendly_password()
    student.set_password(password)
    student.save(update_fields=["password"])
    return password


def assignment_save(*, assignment: Assignment, teacher: User) -> Assignment:
    if assignment.pk is None:
        assignment.created_by = teacher
    assignment.full_clean()
    assignment.save()
    return assignment

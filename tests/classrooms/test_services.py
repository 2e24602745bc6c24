import re

import pytest
from django.core.exceptions import ValidationError

from classrooms import messages, services
from classrooms.models import Assignment, Classroom, TeacherInviteCode, User
from tests.conftest import signs_in


def can_sign_in(username: str, password: str) -> bool:
    return signs_in(username, password)


@pytest.fixture
def invite_code(db: None) -> TeacherInviteCode:
    return TeacherInviteCode.objects.create(code="NORTH-SCHOOL-2025", note="North school")


# Teacher sign-up


def test_teacher_signup_with_a_valid_invite_code_creates_a_teacher_who_can_sign_in(
    invite_code: TeacherInviteCode,
) -> None:
    services.teacher_signup(
        username="mr_park",
        password="blue-harbor-77",
        invite_code=" NORTH-SCHOOL-2025 ",
        display_name="Mr Park",
        email="park@school.example",
    )

    teacher = User.objects.get(username="mr_park")
    assert teacher.role == User.Role.TEACHER
    assert teacher.display_name == "Mr Park"
    assert teacher.email == "park@school.example"
    assert can_sign_in("mr_park", "blue-harbor-77")


def test_teacher_signup_with_a_wrong_invite_code_creates_no_user(
    invite_code: TeacherInviteCode,
) -> None:
    with pytest.raises(ValidationError) as error:
        services.teacher_signup(
            username="mr_park", password="blue-harbor-77", invite_code="NORTH-SCHOOL-2024"
        )

    assert error.value.messages == [str(messages.INVITE_CODE_WRONG)]
    assert not User.objects.filter(username="mr_park").exists()


def test_teacher_signup_with_an_inactive_invite_code_creates_no_user(
    invite_code: TeacherInviteCode,
) -> None:
    invite_code.is_active = False
    invite_code.save()

    with pytest.raises(ValidationError):
        services.teacher_signup(
            username="mr_park", password="blue-harbor-77", invite_code="NORTH-SCHOOL-2025"
        )

    assert not User.objects.filter(username="mr_park").exists()


def test_teacher_signup_refuses_a_username_taken_in_another_case(
    invite_code: TeacherInviteCode, teacher: User
) -> None:
    with pytest.raises(ValidationError) as error:
        services.teacher_signup(
            username="MS_RIVERA", password="blue-harbor-77", invite_code="NORTH-SCHOOL-2025"
        )

    assert error.value.messages == [str(messages.USERNAME_TAKEN)]
    assert User.objects.filter(username__iexact="ms_rivera").count() == 1


# Student sign-up and joining


def test_student_signup_creates_a_student_in_the_class(classroom: Classroom) -> None:
    services.student_signup(
        username="carla",
        password="green-otter-12",
        join_code=classroom.join_code,
        display_name="Carla",
    )

    carla = User.objects.get(username="carla")
    assert carla.role == User.Role.STUDENT
    assert carla.display_name == "Carla"
    assert list(carla.classrooms.all()) == [classroom]
    assert can_sign_in("carla", "green-otter-12")


def test_student_signup_with_a_wrong_join_code_creates_no_user(classroom: Classroom) -> None:
    wrong_code = "ZZZZZZ" if classroom.join_code != "ZZZZZZ" else "YYYYYY"

    with pytest.raises(ValidationError) as error:
        services.student_signup(username="carla", password="green-otter-12", join_code=wrong_code)

    assert error.value.messages == [str(messages.JOIN_CODE_WRONG)]
    assert not User.objects.filter(username="carla").exists()


def test_student_signup_with_a_too_short_password_leaves_nothing_half_saved(
    classroom: Classroom,
) -> None:
    with pytest.raises(ValidationError):
        services.student_signup(username="carla", password="abc", join_code=classroom.join_code)

    assert not User.objects.filter(username="carla").exists()
    assert classroom.students.count() == 2


def test_student_signup_with_a_taken_username_does_not_touch_the_existing_account(
    classroom: Classroom, outsider: User
) -> None:
    with pytest.raises(ValidationError) as error:
        services.student_signup(
            username="Zoe", password="green-otter-12", join_code=classroom.join_code
        )

    assert error.value.messages == [str(messages.USERNAME_TAKEN)]
    assert not classroom.students.filter(pk=outsider.pk).exists()
    assert can_sign_in("zoe", "pass-word-123")


def test_classroom_join_ignores_case_and_spaces_in_the_code(
    classroom: Classroom, outsider: User
) -> None:
    typed = " " + " ".join(classroom.join_code.lower()) + " "

    joined, is_new = services.classroom_join(student=outsider, join_code=typed)

    assert joined == classroom
    assert classroom.students.filter(pk=outsider.pk).exists()


def test_classroom_join_with_a_wrong_code_adds_the_student_nowhere(
    classroom: Classroom, other_classroom: Classroom, outsider: User
) -> None:
    wrong_code = "ZZZZZZ"
    assert wrong_code not in {classroom.join_code, other_classroom.join_code}

    with pytest.raises(ValidationError):
        services.classroom_join(student=outsider, join_code=wrong_code)

    assert list(outsider.classrooms.all()) == [other_classroom]


def test_rotating_the_join_code_stops_the_old_code_from_joining(
    classroom: Classroom, outsider: User
) -> None:
    old_code = classroom.join_code

    classroom.rotate_join_code()

    classroom.refresh_from_db()
    assert classroom.join_code != old_code
    with pytest.raises(ValidationError):
        services.classroom_join(student=outsider, join_code=old_code)
    assert services.classroom_join(student=outsider, join_code=classroom.join_code) == (
        classroom,
        True,
    )


# Teachers managing their students


def test_friendly_password_is_three_words_and_a_number() -> None:
    assert re.fullmatch(r"[a-z]+-[a-z]+-[a-z]+-[1-9][0-9]", services.friendly_password())


def test_adding_a_new_student_gives_a_friendly_password_that_signs_in(
    classroom: Classroom,
) -> None:
    carla, password = services.classroom_add_student(
        classroom=classroom, username=" carla ", display_name="Carla"
    )

    carla.refresh_from_db()
    assert carla.username == "carla"
    assert carla.role == User.Role.STUDENT
    assert classroom.students.filter(pk=carla.pk).exists()
    assert re.fullmatch(r"[a-z]+-[a-z]+-[a-z]+-[0-9]{2}", password)
    assert can_sign_in("carla", password)


def test_adding_an_existing_username_is_refused_so_no_child_is_taken_from_another_class(
    classroom: Classroom, outsider: User, other_teacher: User
) -> None:
    for taken in ("ZOE", "mr_stone"):
        with pytest.raises(ValidationError) as error:
            services.classroom_add_student(classroom=classroom, username=taken)
        assert error.value.messages == [str(messages.USERNAME_TAKEN_FOR_TEACHER)]

    assert not classroom.students.filter(pk__in=[outsider.pk, other_teacher.pk]).exists()
    assert can_sign_in("zoe", "pass-word-123")


def test_joining_a_class_twice_says_so_and_changes_nothing(
    classroom: Classroom, student: User
) -> None:
    assert services.classroom_join(student=student, join_code=classroom.join_code) == (
        classroom,
        False,
    )
    assert classroom.students.filter(pk=student.pk).count() == 1


def test_adding_a_student_whose_username_has_a_space_creates_no_account(
    classroom: Classroom,
) -> None:
    with pytest.raises(ValidationError):
        services.classroom_add_student(classroom=classroom, username="carla lopez")

    assert not User.objects.filter(username__icontains="carla").exists()
    assert classroom.students.count() == 2


def test_resetting_a_password_replaces_the_old_one(student: User) -> None:
    password = services.student_reset_password(student=student)

    assert not can_sign_in("ana", "pass-word-123")
    assert can_sign_in("ana", password)


# Classes and assignments


def test_classroom_create_makes_the_teacher_its_teacher(teacher: User) -> None:
    classroom = services.classroom_create(teacher=teacher, name="  Class 3C ")

    classroom = Classroom.objects.get(pk=classroom.pk)
    assert classroom.name == "Class 3C"
    assert list(classroom.teachers.all()) == [teacher]
    assert len(classroom.join_code) == 6


def test_assignment_save_records_who_created_it(classroom: Classroom, teacher: User) -> None:
    assignment = services.assignment_save(
        assignment=Assignment(classroom=classroom, title="Animals in space", image_limit=3),
        teacher=teacher,
    )

    assert Assignment.objects.get(pk=assignment.pk).created_by == teacher


def test_assignment_save_refuses_an_image_limit_of_zero(
    classroom: Classroom, teacher: User
) -> None:
    with pytest.raises(ValidationError):
        services.assignment_save(
            assignment=Assignment(classroom=classroom, title="Animals in space", image_limit=0),
            teacher=teacher,
        )

    assert not Assignment.objects.exists()


def test_teacher_invite_codes_ignore_case(db: None) -> None:
    TeacherInviteCode.objects.create(code="NORTH-SCHOOL")
    teacher = services.teacher_signup(
        username="ms_lee", password="green-otter-12", invite_code=" north-school "
    )
    assert teacher.role == User.Role.TEACHER


def test_a_new_join_code_never_repeats_an_existing_one(
    classroom: Classroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    from classrooms import models

    codes = iter(classroom.join_code + "FRESH9")
    monkeypatch.setattr(models.secrets, "choice", lambda alphabet: next(codes))

    assert models.new_join_code() == "FRESH9"

from typing import Any

import pytest
from django.http import Http404

from classrooms import access
from classrooms.models import Assignment, Classroom, User


def test_teacher_gets_their_own_classroom(teacher: User, classroom: Classroom) -> None:
    assert access.classroom_for_teacher(teacher, classroom.pk) == classroom


def test_teacher_cannot_get_another_teachers_classroom(
    teacher: User, other_classroom: Classroom
) -> None:
    with pytest.raises(Http404):
        access.classroom_for_teacher(teacher, other_classroom.pk)


def test_co_teacher_gets_the_shared_classroom_and_its_assignments(
    other_teacher: User, classroom: Classroom, assignment: Assignment
) -> None:
    classroom.teachers.add(other_teacher)

    assert access.classroom_for_teacher(other_teacher, classroom.pk) == classroom
    assert access.assignment_for_teacher(other_teacher, assignment.pk) == assignment


def test_student_of_a_class_is_not_its_teacher(student: User, classroom: Classroom) -> None:
    with pytest.raises(Http404):
        access.classroom_for_teacher(student, classroom.pk)


def test_teacher_gets_their_own_assignment(teacher: User, assignment: Assignment) -> None:
    assert access.assignment_for_teacher(teacher, assignment.pk) == assignment


def test_teacher_cannot_get_another_teachers_assignment(
    teacher: User, other_assignment: Assignment
) -> None:
    with pytest.raises(Http404):
        access.assignment_for_teacher(teacher, other_assignment.pk)


def test_student_gets_a_class_they_are_in(student: User, classroom: Classroom) -> None:
    assert access.classroom_for_student(student, classroom.pk) == classroom


def test_student_cannot_get_a_class_they_are_not_in(
    student: User, other_classroom: Classroom
) -> None:
    with pytest.raises(Http404):
        access.classroom_for_student(student, other_classroom.pk)


def test_teacher_cannot_get_their_class_as_a_student(teacher: User, classroom: Classroom) -> None:
    with pytest.raises(Http404):
        access.classroom_for_student(teacher, classroom.pk)


def test_student_gets_an_assignment_of_their_class(student: User, assignment: Assignment) -> None:
    assert access.assignment_for_student(student, assignment.pk) == assignment


def test_student_cannot_get_an_assignment_of_another_class(
    student: User, other_assignment: Assignment
) -> None:
    with pytest.raises(Http404):
        access.assignment_for_student(student, other_assignment.pk)


def test_teacher_gets_a_student_of_their_class(
    teacher: User, classroom: Classroom, student: User
) -> None:
    own = access.classroom_for_teacher(teacher, classroom.pk)

    assert access.student_for_teacher(teacher, own, student.pk) == student


def test_teacher_cannot_get_a_student_of_another_class(
    teacher: User, classroom: Classroom, outsider: User
) -> None:
    own = access.classroom_for_teacher(teacher, classroom.pk)

    with pytest.raises(Http404):
        access.student_for_teacher(teacher, own, outsider.pk)


def test_teacher_cannot_get_themselves_as_a_student(teacher: User, classroom: Classroom) -> None:
    own = access.classroom_for_teacher(teacher, classroom.pk)

    with pytest.raises(Http404):
        access.student_for_teacher(teacher, own, teacher.pk)


def test_teaches_and_attends_say_who_is_in_a_class(
    teacher: User, other_teacher: User, student: User, outsider: User, classroom: Classroom
) -> None:
    assert access.teaches(teacher, classroom)
    assert not access.teaches(other_teacher, classroom)
    assert not access.teaches(student, classroom)
    assert access.attends(student, classroom)
    assert not access.attends(outsider, classroom)
    assert not access.attends(teacher, classroom)

    classroom.teachers.add(other_teacher)

    assert access.teaches(other_teacher, classroom)


def test_teaching_and_attending_pick_classes_and_assignments_in_one_query(
    teacher: User,
    student: User,
    classroom: Classroom,
    other_classroom: Classroom,
    assignment: Assignment,
    other_assignment: Assignment,
    django_assert_num_queries: Any,
) -> None:
    with django_assert_num_queries(4):
        taught = list(Classroom.objects.filter(access.teaching(teacher)))
        attended = list(Classroom.objects.filter(access.attending(student)))
        set_for_teacher = list(Assignment.objects.filter(access.teaching(teacher, "classroom")))
        set_for_student = list(Assignment.objects.filter(access.attending(student, "classroom")))

    assert taught == attended == [classroom]
    assert set_for_teacher == set_for_student == [assignment]

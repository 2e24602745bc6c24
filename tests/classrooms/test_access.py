import pytest
from django.http import Http404

from classrooms import access
from classrooms.models import Assignment, Classroom, User
from generation.models import Generation


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


def test_teacher_reviews_only_generations_of_their_own_classes(
    teacher: User, other_teacher: User, student: User, assignment: Assignment
) -> None:
    generation = Generation.objects.create(
        student=student,
        assignment=assignment,
        prompt="a cat on the Moon",
        size="1024x1024",
        status=Generation.Status.AWAITING_REVIEW,
    )

    assert access.generation_for_reviewer(teacher, generation.pk) == generation
    with pytest.raises(Http404):
        access.generation_for_reviewer(other_teacher, generation.pk)

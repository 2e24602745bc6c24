"""The picture rules of generation/access.py, on their own (the pages are in
test_image_access.py)."""

import pytest
from django.http import Http404

from classrooms.models import Assignment, User
from generation import access
from generation.models import Generation
from tests.support.factories import GenerationFactory, finished_generation


def test_teacher_reviews_only_generations_of_their_own_classes(
    teacher: User, other_teacher: User, student: User, assignment: Assignment
) -> None:
    generation = GenerationFactory(
        student=student, assignment=assignment, prompt="a cat on the Moon", awaiting_review=True
    )

    assert access.generation_for_reviewer(teacher, generation.pk) == generation
    with pytest.raises(Http404):
        access.generation_for_reviewer(other_teacher, generation.pk)


def test_each_person_opens_exactly_the_pictures_they_should(
    teacher: User,
    other_teacher: User,
    student: User,
    classmate: User,
    outsider: User,
    admin_user: User,
    assignment: Assignment,
) -> None:
    pending = finished_generation(student=student, assignment=assignment)
    approved = finished_generation(
        student=student, assignment=assignment, status=Generation.Status.APPROVED
    )
    allowed = {
        # person: (may open the picture, may read its detail and live status)
        "author": (student, {pending, approved}, {pending, approved}),
        "teacher": (teacher, {pending, approved}, {pending, approved}),
        "admin": (admin_user, {pending, approved}, {pending, approved}),
        "classmate": (classmate, {approved}, set()),
        "other teacher": (other_teacher, set(), set()),
        "outsider": (outsider, set(), set()),
    }

    for who, (person, opens, in_detail) in allowed.items():
        for generation in (pending, approved):
            if generation in opens:
                assert access.generation_for_viewer(person, generation.pk) == generation, who
                assert access.generation_for_page(person, generation.pk) == generation, who
            else:
                with pytest.raises(Http404):
                    access.generation_for_viewer(person, generation.pk)
            if generation in in_detail:
                card = access.generation_status_card_for(person, generation.pk)
                assert card == generation, who
            else:
                with pytest.raises(Http404):
                    access.generation_status_card_for(person, generation.pk)


def test_the_image_page_knows_who_teaches_the_class_and_who_sees_detail(
    teacher: User, other_teacher: User, classmate: User, admin_user: User, assignment: Assignment
) -> None:
    picture = finished_generation(
        student=classmate, assignment=assignment, status=Generation.Status.APPROVED
    )
    student_view = access.generation_for_page(classmate, picture.pk)
    admin_view = access.generation_for_page(admin_user, picture.pk)
    assignment.classroom.teachers.add(other_teacher)
    co_teacher_view = access.generation_for_page(other_teacher, picture.pk)

    assert (student_view.viewer_teaches, student_view.viewer_sees_details) == (False, True)
    assert (admin_view.viewer_teaches, admin_view.viewer_sees_details) == (False, True)
    assert (co_teacher_view.viewer_teaches, co_teacher_view.viewer_sees_details) == (True, True)
    assert access.generation_for_page(teacher, picture.pk).viewer_teaches


def test_a_teacher_lists_every_picture_of_the_classes_they_teach_and_no_other(
    teacher: User,
    other_teacher: User,
    student: User,
    outsider: User,
    admin_user: User,
    assignment: Assignment,
    other_assignment: Assignment,
) -> None:
    blocked = finished_generation(
        student=student, assignment=assignment, status=Generation.Status.BLOCKED
    )
    elsewhere = finished_generation(student=outsider, assignment=other_assignment)

    assert list(access.generations_taught_by(teacher)) == [blocked]
    assert list(access.generations_taught_by(other_teacher)) == [elsewhere]
    # Admins see everything through the admin, not as a class's teacher.
    assert list(access.generations_taught_by(admin_user)) == []

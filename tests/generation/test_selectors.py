"""The visibility rules, on their own."""

from classrooms.models import Assignment, User
from generation.access import generations_in_detail_for, generations_visible_to
from generation.models import Generation
from generation.selectors import class_generations_for_teacher, gallery_for, review_queue_for
from tests.support.factories import GenerationFactory, finished_generation


def test_each_person_sees_exactly_what_they_should(
    teacher: User,
    other_teacher: User,
    student: User,
    classmate: User,
    outsider: User,
    admin_user: User,
    assignment: Assignment,
    other_assignment: Assignment,
) -> None:
    pending = finished_generation(student=student, assignment=assignment)
    approved = finished_generation(
        student=classmate, assignment=assignment, status=Generation.Status.APPROVED
    )
    elsewhere = finished_generation(
        student=outsider, assignment=other_assignment, status=Generation.Status.APPROVED
    )

    assert set(generations_visible_to(student)) == {pending, approved}
    assert set(generations_visible_to(classmate)) == {approved}
    assert set(generations_visible_to(outsider)) == {elsewhere}
    assert set(generations_visible_to(teacher)) == {pending, approved}
    assert set(generations_visible_to(other_teacher)) == {elsewhere}
    assert set(generations_visible_to(admin_user)) == {pending, approved, elsewhere}

    assert set(generations_in_detail_for(student)) == {pending}
    assert set(generations_in_detail_for(teacher)) == {pending, approved}


def test_the_gallery_holds_only_approved_pictures(
    student: User, classmate: User, assignment: Assignment
) -> None:
    finished_generation(student=student, assignment=assignment)
    finished_generation(student=student, assignment=assignment, status=Generation.Status.REJECTED)
    approved = finished_generation(
        student=classmate, assignment=assignment, status=Generation.Status.APPROVED
    )
    assert list(gallery_for(assignment)) == [approved]


def test_teacher_sees_blocked_attempts_of_their_classes_only(
    teacher: User,
    student: User,
    outsider: User,
    assignment: Assignment,
    other_assignment: Assignment,
) -> None:
    blocked = GenerationFactory(student=student, assignment=assignment, prompt="gore", blocked=True)
    GenerationFactory(student=outsider, assignment=other_assignment, prompt="blood", blocked=True)
    assert list(class_generations_for_teacher(teacher=teacher)) == [blocked]
    assert list(review_queue_for(teacher)) == []

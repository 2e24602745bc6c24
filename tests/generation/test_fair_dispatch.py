"""When pictures wait for the provider, students take turns, then classes take turns."""

from datetime import timedelta

import pytest
from django.utils import timezone

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation
from generation.services import claim, dispatch, generation_draw_next
from generation.services.claim import generation_claim_fairest

pytestmark = pytest.mark.django_db


def asks_for(student: User, assignment: Assignment, count: int = 1) -> list[Generation]:
    """Pictures as generation_submit leaves them: queued, oldest first."""
    return [
        Generation.objects.create(
            student=student,
            assignment=assignment,
            prompt=f"{student.username}'s picture {number}",
            size="1024x1024",
        )
        for number in range(1, count + 1)
    ]


def drawing_order(count: int) -> list[Generation]:
    """The pictures workers take, turn by turn."""
    order = []
    for _ in range(count):
        generation = generation_claim_fairest()
        assert generation is not None
        order.append(generation)
    return order


def students_of(order: list[Generation]) -> list[str]:
    return [generation.student.username for generation in order]


def join(classroom: Classroom, *names: str) -> list[User]:
    students = [User.objects.create(username=name, role=User.Role.STUDENT) for name in names]
    classroom.students.add(*students)
    return students


def test_a_student_who_asks_for_five_cannot_push_classmates_back(
    student: User, classmate: User, classroom: Classroom, assignment: Assignment
) -> None:
    asks_for(student, assignment, count=5)  # Ana asks first, for five
    cara, dev = join(classroom, "cara", "dev")
    for late in (classmate, cara, dev):
        asks_for(late, assignment)

    order = drawing_order(8)

    assert students_of(order) == ["ana", "ben", "cara", "dev", "ana", "ana", "ana", "ana"]
    assert generation_claim_fairest() is None


def test_the_worker_holding_anas_message_draws_bens_picture_when_it_is_his_turn(
    student: User, classmate: User, assignment: Assignment
) -> None:
    anas = asks_for(student, assignment, count=2)
    [bens] = asks_for(classmate, assignment)
    Generation.objects.filter(pk=anas[0].pk).update(status=Generation.Status.GENERATING)

    generation_draw_next(generation_id=anas[1].pk)  # the message for Ana's second picture

    bens.refresh_from_db()
    anas[1].refresh_from_db()
    assert bens.status == Generation.Status.AWAITING_REVIEW
    assert anas[1].status == Generation.Status.QUEUED  # drawn by a later message


def test_a_picture_still_being_drawn_counts_as_that_students_turn(
    student: User, classmate: User, assignment: Assignment
) -> None:
    anas = asks_for(student, assignment, count=2)
    asks_for(classmate, assignment)
    Generation.objects.filter(pk=anas[0].pk).update(status=Generation.Status.GENERATING)

    assert students_of(drawing_order(2)) == ["ben", "ana"]


def test_a_picture_finished_while_classmates_wait_still_counts_as_a_turn(
    student: User, classmate: User, assignment: Assignment
) -> None:
    anas = asks_for(student, assignment, count=2)
    asks_for(classmate, assignment)
    Generation.objects.filter(pk=anas[0].pk).update(
        status=Generation.Status.AWAITING_REVIEW, started_at=timezone.now()
    )

    assert students_of(drawing_order(2)) == ["ben", "ana"]


def test_turns_from_before_the_line_formed_do_not_count(
    student: User, classmate: User, assignment: Assignment
) -> None:
    [yesterdays] = asks_for(student, assignment)
    Generation.objects.filter(pk=yesterdays.pk).update(
        status=Generation.Status.APPROVED, started_at=timezone.now() - timedelta(days=1)
    )
    asks_for(student, assignment)
    asks_for(classmate, assignment)

    assert students_of(drawing_order(2)) == ["ana", "ben"]


def test_classes_take_turns_so_a_big_class_cannot_hold_up_a_small_one(
    student: User,
    classmate: User,
    classroom: Classroom,
    assignment: Assignment,
    outsider: User,
    other_assignment: Assignment,
) -> None:
    cara, dev = join(classroom, "cara", "dev")
    for big_class_student in (student, classmate, cara, dev):
        asks_for(big_class_student, assignment)
    asks_for(outsider, other_assignment)  # Zoe, in the other class, asks last

    assert students_of(drawing_order(5)) == ["ana", "zoe", "ben", "cara", "dev"]


def test_a_picture_waiting_out_its_retry_backoff_is_passed_over_until_the_wait_ends(
    student: User, classmate: User, assignment: Assignment
) -> None:
    [anas] = asks_for(student, assignment)
    Generation.objects.filter(pk=anas.pk).update(not_before=timezone.now() + timedelta(seconds=30))
    asks_for(classmate, assignment)

    assert students_of(drawing_order(1)) == ["ben"]
    assert generation_claim_fairest() is None

    Generation.objects.filter(pk=anas.pk).update(not_before=timezone.now())
    assert students_of(drawing_order(1)) == ["ana"]


def test_finished_blocked_and_failed_pictures_are_never_taken(
    student: User, assignment: Assignment
) -> None:
    for status in (
        Generation.Status.AWAITING_REVIEW,
        Generation.Status.BLOCKED,
        Generation.Status.FAILED,
        Generation.Status.GENERATING,
    ):
        [generation] = asks_for(student, assignment)
        Generation.objects.filter(pk=generation.pk).update(status=status)

    assert generation_claim_fairest() is None


def test_a_worker_whose_view_of_the_line_was_all_taken_reads_the_line_again(
    student: User, classmate: User, assignment: Assignment, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another worker claimed Ana's picture after this one read the line, and Ben's was
    queued meanwhile: this worker must draw Ben's, or it would wait for the stale sweep."""
    [anas] = asks_for(student, assignment)
    line_as_read = dispatch.waiting_in_fair_order()
    Generation.objects.filter(pk=anas.pk).update(status=Generation.Status.GENERATING)
    [bens] = asks_for(classmate, assignment)
    reads = [line_as_read]
    monkeypatch.setattr(
        claim,
        "waiting_in_fair_order",
        lambda: reads.pop() if reads else dispatch.waiting_in_fair_order(),
    )

    claimed = generation_claim_fairest()

    assert claimed is not None and claimed.pk == bens.pk

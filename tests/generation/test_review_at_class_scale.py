"""The review queue at class scale (issue 14): filters, a page approved at once, and new
pictures taken in live, each in a number of queries that does not grow with the queue."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation, ReviewDecision
from tests.support.factories import GenerationFactory

WAITING = Generation.Status.AWAITING_REVIEW


def _waiting(count: int, *, student: User, assignment: Assignment) -> list[Generation]:
    return GenerationFactory.create_batch(
        count, student=student, assignment=assignment, awaiting_review=True
    )


def _cards(page: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'id="review-(\d+)"', page)}


@pytest.fixture
def second_class(teacher: User, outsider: User) -> Assignment:
    """Another class of the same teacher, with its own assignment and student."""
    classroom = Classroom.objects.create(name="Class 5C")
    classroom.teachers.add(teacher)
    student = User.objects.create_user(username="carla", password="x", role=User.Role.STUDENT)
    classroom.students.add(student)
    return Assignment.objects.create(classroom=classroom, title="Castles", created_by=teacher)


def test_the_queue_shows_only_the_class_assignment_or_student_asked_for(
    client, teacher: User, student: User, classmate: User, assignment: Assignment, second_class
) -> None:
    anas = _waiting(2, student=student, assignment=assignment)
    bens = _waiting(1, student=classmate, assignment=assignment)
    carla = second_class.classroom.students.get()
    castles = _waiting(2, student=carla, assignment=second_class)
    client.force_login(teacher)

    def shown(**filters: int) -> set[int]:
        return _cards(client.get(reverse("review_queue"), filters).content.decode())

    everyone = {g.pk for g in anas + bens + castles}
    assert shown() == everyone
    assert shown(classroom=second_class.classroom_id) == {g.pk for g in castles}
    assert shown(assignment=assignment.pk) == {g.pk for g in anas + bens}
    assert shown(student=classmate.pk) == {g.pk for g in bens}
    assert shown(assignment=assignment.pk, student=student.pk) == {g.pk for g in anas}


def test_the_filters_offer_only_the_teachers_own_classes_and_students(
    client, teacher: User, assignment: Assignment, other_assignment: Assignment, outsider: User
) -> None:
    client.force_login(teacher)
    page = client.get(reverse("review_queue")).content.decode()
    assert assignment.classroom.name in page and assignment.title in page
    assert other_assignment.classroom.name not in page
    assert other_assignment.title not in page
    assert outsider.username not in page


@pytest.mark.parametrize("name", ["classroom", "assignment", "student"])
def test_another_teachers_class_assignment_or_student_in_the_filters_is_not_found(
    client, teacher: User, other_assignment: Assignment, outsider: User, name: str
) -> None:
    _waiting(1, student=outsider, assignment=other_assignment)
    foreign = {
        "classroom": other_assignment.classroom_id,
        "assignment": other_assignment.pk,
        "student": outsider.pk,
    }[name]
    client.force_login(teacher)
    assert client.get(reverse("review_queue"), {name: foreign}).status_code == 404
    assert client.get(reverse("review_arrived"), {name: foreign, "after": 0}).status_code == 404


def test_approving_all_on_a_page_is_one_request_that_approves_each_with_its_trail(
    client, teacher: User, student: User, classmate: User, assignment: Assignment
) -> None:
    pictures = _waiting(3, student=student, assignment=assignment)
    left_waiting = _waiting(1, student=classmate, assignment=assignment)[0]
    client.force_login(teacher)

    response = client.post(
        reverse("review_many"),
        {"scope": "page", "on_page": [g.pk for g in pictures], "picked": [left_waiting.pk]},
    )

    assert response.status_code == 302
    statuses = dict(Generation.objects.values_list("pk", "status"))
    assert [statuses[g.pk] for g in pictures] == [Generation.Status.APPROVED] * 3
    assert statuses[left_waiting.pk] == WAITING
    trail = ReviewDecision.objects.filter(generation__in=pictures, teacher=teacher)
    assert trail.filter(from_status=WAITING, to_status=Generation.Status.APPROVED).count() == 3


def test_approving_the_ticked_pictures_leaves_the_others_waiting(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    ticked, unticked = _waiting(2, student=student, assignment=assignment)
    client.force_login(teacher)
    client.post(
        reverse("review_many"),
        {"scope": "picked", "picked": [ticked.pk], "on_page": [ticked.pk, unticked.pk]},
    )
    ticked.refresh_from_db()
    unticked.refresh_from_db()
    assert (ticked.status, unticked.status) == (Generation.Status.APPROVED, WAITING)


def test_approving_at_once_leaves_another_teachers_pictures_alone(
    client, teacher: User, outsider: User, other_assignment: Assignment
) -> None:
    theirs = _waiting(2, student=outsider, assignment=other_assignment)
    client.force_login(teacher)
    client.post(reverse("review_many"), {"scope": "page", "on_page": [g.pk for g in theirs]})
    assert set(Generation.objects.values_list("status", flat=True)) == {WAITING}
    assert not ReviewDecision.objects.exists()


def test_a_student_cannot_approve_pictures_at_once(
    client, student: User, assignment: Assignment
) -> None:
    mine = _waiting(1, student=student, assignment=assignment)
    client.force_login(student)
    response = client.post(reverse("review_many"), {"scope": "page", "on_page": [mine[0].pk]})
    assert response.status_code in (302, 403)
    assert Generation.objects.get(pk=mine[0].pk).status == WAITING


def test_approving_twice_at_once_approves_once(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    pictures = _waiting(2, student=student, assignment=assignment)
    client.force_login(teacher)
    post = {"scope": "page", "on_page": [g.pk for g in pictures]}
    client.post(reverse("review_many"), post)
    client.post(reverse("review_many"), post)
    assert ReviewDecision.objects.count() == 2


def _approve_thirty_queries(client, teacher: User, waiting: int, student: User, assignment) -> int:  # type: ignore[no-untyped-def]
    pictures = _waiting(waiting, student=student, assignment=assignment)
    client.force_login(teacher)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            reverse("review_many"), {"scope": "page", "on_page": [g.pk for g in pictures[:30]]}
        )
    assert response.status_code == 302
    assert Generation.objects.filter(status=Generation.Status.APPROVED).count() == min(30, waiting)
    return len(captured.captured_queries)


def test_approving_thirty_at_once_costs_the_same_queries_with_five_or_fifty_waiting(
    client, teacher: User, student: User, assignment: Assignment, other_assignment: Assignment
) -> None:
    # 5 waiting (all approved) against 50 waiting (30 approved): the same queries.
    with_five = _approve_thirty_queries(client, teacher, 5, student, assignment)
    Generation.objects.all().delete()
    ReviewDecision.objects.all().delete()
    with_fifty = _approve_thirty_queries(client, teacher, 50, student, assignment)
    assert with_five == with_fifty


def test_two_hundred_waiting_in_three_classes_and_thirty_approved_in_one_request(
    client, teacher: User, student: User, assignment: Assignment, second_class: Assignment
) -> None:
    third = Classroom.objects.create(name="Class 5D")
    third.teachers.add(teacher)
    third.students.add(student)
    third_assignment = Assignment.objects.create(
        classroom=third, title="Rivers", created_by=teacher
    )
    carla = second_class.classroom.students.get()
    _waiting(70, student=student, assignment=assignment)
    _waiting(70, student=carla, assignment=second_class)
    _waiting(60, student=student, assignment=third_assignment)
    client.force_login(teacher)
    first_page = _cards(client.get(reverse("review_queue")).content.decode())
    assert len(first_page) == 30

    with CaptureQueriesContext(connection) as captured:
        client.post(reverse("review_many"), {"scope": "page", "on_page": sorted(first_page)})

    assert Generation.objects.filter(status=Generation.Status.APPROVED).count() == 30
    assert Generation.objects.filter(status=WAITING).count() == 170
    # Session, user, then: begin, read and lock, update, the trail, commit (and the flash).
    assert len(captured.captured_queries) <= 10


def _poll_queries(client, teacher: User, count: int, student: User, assignment) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    Generation.objects.all().delete()
    newest = GenerationFactory(student=student, assignment=assignment, awaiting_review=True)
    _waiting(count, student=student, assignment=assignment)
    client.force_login(teacher)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("review_arrived"), {"after": newest.pk}).content.decode()
    return len(captured.captured_queries), len(_cards(page))


def test_the_live_queue_costs_one_query_per_poll_with_five_or_fifty_new(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    five = _poll_queries(client, teacher, 5, student, assignment)
    fifty = _poll_queries(client, teacher, 50, student, assignment)
    assert five[1] == 5 and fifty[1] == 30  # a page's worth at most
    # The session and the signed-in user, then one query for the pictures.
    assert five[0] == fifty[0] == 3


def test_the_live_queue_brings_only_pictures_newer_than_the_page_has(
    client, teacher: User, student: User, assignment: Assignment, outsider: User, other_assignment
) -> None:
    old = _waiting(2, student=student, assignment=assignment)
    client.force_login(teacher)
    page = client.get(reverse("review_queue")).content.decode()
    newest = int(re.search(r'data-newest="(\d+)"', page).group(1))  # type: ignore[union-attr]
    assert newest == max(g.pk for g in old)
    arrived = _waiting(1, student=student, assignment=assignment)
    _waiting(1, student=outsider, assignment=other_assignment)  # not the teacher's

    fragment = client.get(reverse("review_arrived"), {"after": newest}).content.decode()

    assert _cards(fragment) == {arrived[0].pk}


def test_a_student_cannot_poll_the_live_queue(client, student: User) -> None:
    client.force_login(student)
    assert client.get(reverse("review_arrived"), {"after": 0}).status_code in (302, 403)


def test_the_queue_page_lists_the_keyboard_shortcuts_and_loads_its_script(
    client, teacher: User
) -> None:
    client.force_login(teacher)
    page = client.get(reverse("review_queue")).content.decode()
    assert "Keyboard shortcuts" in page
    assert "js/review-queue.js" in page
    assert "<kbd>a</kbd>" in page and "<kbd>r</kbd>" in page


def _queue_page_queries(client, teacher: User, count: int, student: User, assignment) -> int:  # type: ignore[no-untyped-def]
    Generation.objects.all().delete()
    _waiting(count, student=student, assignment=assignment)
    client.force_login(teacher)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("review_queue"), {"classroom": assignment.classroom_id})
    assert page.status_code == 200
    return len(captured.captured_queries)


def test_the_queue_page_costs_the_same_queries_with_five_or_fifty_waiting(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    five = _queue_page_queries(client, teacher, 5, student, assignment)
    assert five == _queue_page_queries(client, teacher, 50, student, assignment)

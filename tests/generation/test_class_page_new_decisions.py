"""The student's class page says how many new teacher decisions each assignment has for
them ("2 new"), counted in one query, and leaves them new until the student opens the
assignment (issue 14)."""

import re
from collections.abc import Iterator

import factory
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation
from generation.selectors.new_decisions import new_decisions_by_assignment
from tests.support.factories import GenerationFactory, finished_generation

APPROVED, REJECTED = Generation.Status.APPROVED, Generation.Status.REJECTED


def _decide(client: Client, teacher: User, generation: Generation, decision: str) -> None:
    client.force_login(teacher)
    data = {"decision": decision, "reason": "Tell me more about the weather."}
    response = client.post(reverse("review", args=[generation.pk]), data)
    assert response.status_code == 302


def _class_page(client: Client, student: User, classroom: Classroom) -> str:
    client.force_login(student)
    response = client.get(reverse("student_class", args=[classroom.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _marks(page: str) -> list[str]:
    return re.findall(r'data-new-decisions="(\d+)"', page)


def _card_of(page: str, title: str) -> str:
    (card,) = [card for card in page.split('<div class="card">') if title in card]
    return card


@pytest.fixture
def second_assignment(classroom: Classroom, teacher: User) -> Assignment:
    return Assignment.objects.create(classroom=classroom, title="Castles", created_by=teacher)


def test_the_class_page_counts_each_assignments_new_decisions_for_the_student(
    client: Client,
    teacher: User,
    student: User,
    classroom: Classroom,
    assignment: Assignment,
    second_assignment: Assignment,
) -> None:
    first, second, third = (
        finished_generation(student=student, assignment=assignment) for _ in range(3)
    )
    _decide(client, teacher, first, "approve")
    _decide(client, teacher, second, "reject")
    castle = finished_generation(student=student, assignment=second_assignment)
    _decide(client, teacher, castle, "approve")

    page = _class_page(client, student, classroom)

    # The third picture still waits for the teacher: nothing new about it yet.
    assert sorted(_marks(page)) == ["1", "2"]
    assert "2 new decisions from your teacher" in page
    assert "1 new decision from your teacher" in page
    assert _marks(_card_of(page, assignment.title)) == ["2"]
    assert _marks(_card_of(page, second_assignment.title)) == ["1"]
    assert third.status == Generation.Status.AWAITING_REVIEW


def test_the_class_page_shows_no_mark_when_nothing_is_new(
    client: Client, student: User, classroom: Classroom, assignment: Assignment
) -> None:
    finished_generation(student=student, assignment=assignment, status=APPROVED)
    page = _class_page(client, student, classroom)
    assert _marks(page) == []
    assert "new decision" not in page


def test_looking_at_the_class_page_leaves_the_decisions_new(
    client: Client, teacher: User, student: User, classroom: Classroom, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    _decide(client, teacher, picture, "approve")
    assert _marks(_class_page(client, student, classroom)) == ["1"]
    assert _marks(_class_page(client, student, classroom)) == ["1"]
    assert Generation.objects.get(pk=picture.pk).decision_unseen is True


def test_the_mark_goes_once_the_student_opens_the_assignment(
    client: Client, teacher: User, student: User, classroom: Classroom, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    _decide(client, teacher, picture, "reject")
    assert _marks(_class_page(client, student, classroom)) == ["1"]

    assert client.get(reverse("student_assignment", args=[assignment.pk])).status_code == 200

    assert _marks(_class_page(client, student, classroom)) == []
    # A change of the decision is new again, on the class page too.
    _decide(client, teacher, picture, "approve")
    assert _marks(_class_page(client, student, classroom)) == ["1"]


def test_a_classmates_new_decisions_never_count_on_the_students_page(
    client: Client,
    teacher: User,
    student: User,
    classmate: User,
    classroom: Classroom,
    assignment: Assignment,
) -> None:
    theirs = finished_generation(student=classmate, assignment=assignment)
    _decide(client, teacher, theirs, "approve")

    assert _marks(_class_page(client, student, classroom)) == []
    assert _marks(_class_page(client, classmate, classroom)) == ["1"]


def test_new_decisions_in_another_class_do_not_count_on_this_one(
    client: Client,
    other_teacher: User,
    student: User,
    classroom: Classroom,
    other_classroom: Classroom,
    other_assignment: Assignment,
) -> None:
    other_classroom.students.add(student)
    elsewhere = finished_generation(student=student, assignment=other_assignment)
    _decide(client, other_teacher, elsewhere, "approve")

    assert _marks(_class_page(client, student, classroom)) == []
    assert _marks(_class_page(client, student, other_classroom)) == ["1"]


def test_a_student_of_another_class_cannot_open_the_class_page(
    client: Client, outsider: User, classroom: Classroom
) -> None:
    client.force_login(outsider)
    assert client.get(reverse("student_class", args=[classroom.pk])).status_code == 404


def test_the_teacher_is_not_shown_the_students_class_page(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)
    response = client.get(reverse("student_class", args=[classroom.pk]))
    assert response.status_code in {302, 403}


def _decided_pictures(student: User, assignments: list[Assignment], count: int) -> None:
    GenerationFactory.create_batch(
        count,
        student=student,
        assignment=factory.Iterator(assignments),
        status=REJECTED,
        decision_unseen=True,
    )


@pytest.mark.parametrize("pictures", [5, 50])
def test_the_counts_for_a_whole_class_are_one_query(
    django_assert_num_queries,  # type: ignore[no-untyped-def]
    student: User,
    classmate: User,
    assignment: Assignment,
    second_assignment: Assignment,
    pictures: int,
) -> None:
    assignments = [assignment, second_assignment]
    _decided_pictures(student, assignments, pictures)
    _decided_pictures(classmate, assignments, pictures)
    with django_assert_num_queries(1):
        counts = new_decisions_by_assignment(student=student, assignments=assignments)
    assert sum(counts.values()) == pictures
    assert set(counts) == {assignment.pk, second_assignment.pk}


def _page_queries(client: Client, classroom: Classroom) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("student_class", args=[classroom.pk]))
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_the_class_page_takes_as_many_queries_for_50_new_decisions_as_for_5(
    client: Client,
    student: User,
    classroom: Classroom,
    assignment: Assignment,
    second_assignment: Assignment,
) -> None:
    client.force_login(student)
    assignments = [assignment, second_assignment]
    _decided_pictures(student, assignments, 5)
    few, page = _page_queries(client, classroom)
    assert sorted(_marks(page)) == ["2", "3"]
    _decided_pictures(student, assignments, 45)
    many, page = _page_queries(client, classroom)
    assert sorted(_marks(page)) == ["24", "26"]  # 3 + 23 and 2 + 22
    assert few == many


def test_no_assignments_cost_no_query(django_assert_num_queries, student: User) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(0):
        assert new_decisions_by_assignment(student=student, assignments=[]) == {}


@pytest.fixture
def default_language_afterwards() -> Iterator[None]:
    """LocaleMiddleware leaves the request's language active in the thread."""
    yield
    translation.deactivate()


@pytest.mark.usefixtures("default_language_afterwards")
def test_a_student_reading_spanish_is_told_in_spanish(
    client: Client, teacher: User, student: User, classroom: Classroom, assignment: Assignment
) -> None:
    for _ in range(2):
        _decide(
            client, teacher, finished_generation(student=student, assignment=assignment), "approve"
        )
    student.language = "es"
    student.save(update_fields=["language"])
    page = _class_page(client, student, classroom)
    assert "2 novedades" in page
    assert "2 decisiones nuevas de tu profe" in page

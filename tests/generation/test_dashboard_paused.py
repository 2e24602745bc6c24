"""The teacher's dashboard marks a paused class "Paused", read with the class itself: no
query per class (issue 14)."""

import re
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from classrooms.models import Classroom, User


def _dashboard(client: Client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("teacher_dashboard"))
    assert response.status_code == 200
    return response.content.decode(), len(captured.captured_queries)


def _paused_names(page: str) -> list[str]:
    return re.findall(r"<h2>([^<]*?) <span class=\"badge\" data-paused>Paused</span></h2>", page)


def _class_of(teacher: User, name: str) -> Classroom:
    classroom = Classroom.objects.create(name=name)
    classroom.teachers.add(teacher)
    return classroom


def test_a_paused_class_shows_paused_on_the_dashboard_and_a_running_one_does_not(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    running = _class_of(teacher, "Class 5C")
    classroom.pause(by=teacher)
    client.force_login(teacher)

    page, _queries = _dashboard(client)

    assert _paused_names(page) == [classroom.name]
    assert running.name in page


def test_the_badge_goes_when_the_class_resumes(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    classroom.pause(by=teacher)
    client.force_login(teacher)
    assert _paused_names(_dashboard(client)[0]) == [classroom.name]
    assert client.post(reverse("teacher_class_resume", args=[classroom.pk])).status_code == 302
    assert _paused_names(_dashboard(client)[0]) == []


def test_a_co_teacher_sees_the_class_paused_by_the_other_teacher(
    client: Client, teacher: User, other_teacher: User, classroom: Classroom
) -> None:
    classroom.teachers.add(other_teacher)
    classroom.pause(by=teacher)
    client.force_login(other_teacher)
    assert _paused_names(_dashboard(client)[0]) == [classroom.name]


def test_another_teachers_paused_class_is_not_on_the_dashboard(
    client: Client, teacher: User, other_teacher: User, other_classroom: Classroom
) -> None:
    other_classroom.pause(by=other_teacher)
    client.force_login(teacher)
    page, _queries = _dashboard(client)
    assert other_classroom.name not in page
    assert _paused_names(page) == []


def test_a_student_cannot_open_the_dashboard(
    client: Client, student: User, classroom: Classroom, teacher: User
) -> None:
    classroom.pause(by=teacher)
    client.force_login(student)
    response = client.get(reverse("teacher_dashboard"))
    assert response.status_code in {302, 403}
    assert "data-paused" not in response.content.decode()


def test_paused_classes_cost_no_query_per_class(client: Client, teacher: User) -> None:
    client.force_login(teacher)
    for number in range(2):
        _class_of(teacher, f"Class {number}").pause(by=teacher)
    few_page, few = _dashboard(client)
    for number in range(2, 12):
        classroom = _class_of(teacher, f"Class {number}")
        if number % 2:
            classroom.pause(by=teacher)
    many_page, many = _dashboard(client)
    assert len(_paused_names(few_page)) == 2
    assert len(_paused_names(many_page)) == 7
    assert few == many


@pytest.fixture
def default_language_afterwards() -> Iterator[None]:
    """LocaleMiddleware leaves the request's language active in the thread."""
    yield
    translation.deactivate()


@pytest.mark.usefixtures("default_language_afterwards")
def test_a_teacher_reading_spanish_sees_en_pausa(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    classroom.pause(by=teacher)
    teacher.language = "es"
    teacher.save(update_fields=["language"])
    client.force_login(teacher)
    page, _queries = _dashboard(client)
    assert '<span class="badge" data-paused>En pausa</span>' in page

"""Who may give a child a new password, and how the password reaches the teacher."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from classrooms import access
from classrooms.models import Classroom, User
from tests.conftest import signs_in

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


def card_password(response: TestResponse) -> str:
    match = re.search(r'<code id="card-password">(\S+)</code>', response.content.decode())
    assert match is not None
    return match.group(1)


def reset_url(classroom: Classroom, student: User) -> str:
    return reverse("teacher_reset_password", args=[classroom.pk, student.pk])


@pytest.fixture
def shared_student(student: User, classroom: Classroom, other_classroom: Classroom) -> User:
    """Ana is in Ms Rivera's Class 5B and in Mr Stone's Class 6A."""
    other_classroom.students.add(student)
    return student


# The rule


def test_a_teacher_of_one_of_a_childs_classes_cannot_reset_their_password(
    client: Client, teacher: User, classroom: Classroom, shared_student: User
) -> None:
    client.force_login(teacher)

    response = client.post(reset_url(classroom, shared_student))

    assert response.status_code == 403
    assert signs_in("ana", "pass-word-123")


def test_the_other_teacher_cannot_reset_the_shared_childs_password_either(
    client: Client, other_teacher: User, other_classroom: Classroom, shared_student: User
) -> None:
    client.force_login(other_teacher)

    response = client.post(reset_url(other_classroom, shared_student))

    assert response.status_code == 403
    assert signs_in("ana", "pass-word-123")


def test_a_teacher_who_teaches_every_class_of_the_child_may_reset_it(
    client: Client, teacher: User, classroom: Classroom, shared_student: User
) -> None:
    Classroom.objects.get(name="Class 6A").teachers.add(teacher)
    client.force_login(teacher)

    response = client.post(reset_url(classroom, shared_student))

    assert response.status_code == 200
    assert not signs_in("ana", "pass-word-123")
    assert signs_in("ana", card_password(response))


def test_the_roster_shows_new_password_only_where_the_teacher_may_reset(
    client: Client, teacher: User, classroom: Classroom, shared_student: User, classmate: User
) -> None:
    client.force_login(teacher)

    response = client.get(reverse("teacher_class", args=[classroom.pk]))

    assertNotContains(response, f'href="{reset_url(classroom, shared_student)}"')
    assertContains(response, f'href="{reset_url(classroom, classmate)}"', count=1)
    assertContains(response, "a school admin can give a new password")


def test_the_rule_as_a_predicate(
    teacher: User, other_teacher: User, shared_student: User, classmate: User
) -> None:
    assert access.teaches_every_class_of(teacher, classmate)
    assert not access.teaches_every_class_of(teacher, shared_student)
    assert not access.teaches_every_class_of(other_teacher, shared_student)
    assert not access.teaches_every_class_of(other_teacher, classmate)


def test_an_admin_may_still_set_any_childs_password_in_the_admin(
    client: Client, admin_user: User, shared_student: User
) -> None:
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[shared_student.pk]),
        {"password1": "kite-lemon-zebra-31", "password2": "kite-lemon-zebra-31"},
    )

    assert response.status_code == 302
    assert signs_in("ana", "kite-lemon-zebra-31")


def roster_queries(client: Client, classroom: Classroom) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("teacher_class", args=[classroom.pk]))
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_class_page_takes_as_many_queries_for_50_students_as_for_5(
    client: Client, teacher: User, other_classroom: Classroom
) -> None:
    classroom = Classroom.objects.create(name="Class 4D")
    classroom.teachers.add(teacher)

    def add_students(start: int, count: int) -> None:
        for number in range(start, start + count):
            child = User.objects.create_user(
                username=f"kid{number}", password="pass-word-123", role=User.Role.STUDENT
            )
            classroom.students.add(child)
            if number % 2:  # half of them share another teacher's class
                other_classroom.students.add(child)
            if number % 3 == 0:  # and a third are locked out
                for _ in range(5):
                    Client(REMOTE_ADDR=f"10.0.{number}.1").post(
                        reverse("login"), {"username": child.username, "password": "x-x-x-00"}
                    )

    client.force_login(teacher)
    add_students(0, 5)
    five = roster_queries(client, classroom)
    add_students(5, 45)
    fifty = roster_queries(client, classroom)

    assert fifty == five
    page = client.get(reverse("teacher_class", args=[classroom.pk]))
    assert page.content.decode().count("New password</a>") == 25
    assert page.content.decode().count("Unlock sign-in</button>") == 17


# The password card


def test_adding_a_student_shows_a_printable_card_and_keeps_it_out_of_caches_and_cookies(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    response = client.post(
        reverse("teacher_add_student", args=[classroom.pk]),
        {"username": "carla", "display_name": "Carla"},
    )

    assert response.status_code == 200
    password = card_password(response)
    assertContains(response, '<code id="card-username">carla</code>', html=True)
    assertContains(response, "Carla")
    assertContains(response, classroom.join_code)
    assertContains(response, "Print this card")
    assert "no-store" in response["Cache-Control"]
    assert password not in str(response.cookies)
    assert password not in str(client.cookies)
    assert signs_in("carla", password)


def test_a_reset_shows_the_card_and_no_cookie_carries_the_password(
    client: Client, teacher: User, classroom: Classroom, student: User
) -> None:
    client.force_login(teacher)

    response = client.post(reset_url(classroom, student))

    password = card_password(response)
    assert "no-store" in response["Cache-Control"]
    assert password not in str(response.cookies)
    assert "messages" not in client.cookies
    # Nor does it wait in a flash message for the next page.
    assertNotContains(client.get(reverse("teacher_class", args=[classroom.pk])), password)


def test_flash_messages_are_kept_in_the_session_not_in_a_cookie(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    client.post(reverse("teacher_rotate_join_code", args=[classroom.pk]))

    assert "messages" not in client.cookies
    classroom.refresh_from_db()
    assertContains(client.get(reverse("teacher_class", args=[classroom.pk])), classroom.join_code)


def test_reloading_the_card_page_only_asks_again_without_a_new_password(
    client: Client, teacher: User, classroom: Classroom, student: User
) -> None:
    client.force_login(teacher)
    password = card_password(client.post(reset_url(classroom, student)))

    reload = client.get(reset_url(classroom, student))

    assertContains(reload, "Give Ana a new password?")
    assertNotContains(reload, password)
    assert signs_in("ana", password)

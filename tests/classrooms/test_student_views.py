from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from classrooms import messages
from classrooms.models import Assignment, Classroom, TeacherInviteCode, User
from tests.conftest import signs_in

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

WRONG_CODE = "ZZZZZZ"


def flashed(response: TestResponse) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def signed_in_user_id(client: Client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id is not None else None


@pytest.fixture
def invite_code(db: None) -> TeacherInviteCode:
    return TeacherInviteCode.objects.create(code="NORTH-SCHOOL-2025")


# Home


@pytest.mark.parametrize(
    ("person", "destination"),
    [
        ("teacher", "/teach/"),
        ("student", "/classes/"),
        ("admin_user", "/admin/"),
    ],
)
def test_home_sends_each_person_to_their_own_start_page(
    client: Client, request: pytest.FixtureRequest, person: str, destination: str
) -> None:
    client.force_login(request.getfixturevalue(person))

    response = client.get(reverse("home"))

    assertRedirects(response, destination, fetch_redirect_response=False)


def test_home_sends_an_anonymous_visitor_to_sign_in(client: Client, db: None) -> None:
    response = client.get(reverse("home"))

    assertRedirects(response, "/accounts/login/?next=/", fetch_redirect_response=False)


# My classes and joining


def test_classes_page_lists_only_the_students_classes(
    client: Client, student: User, classroom: Classroom, other_classroom: Classroom
) -> None:
    client.force_login(student)

    response = client.get(reverse("student_classes"))

    assert response.status_code == 200
    assert list(response.context["classrooms"]) == [classroom]
    assertContains(response, "Class 5B")
    assertContains(response, "Ms_Rivera")
    assertNotContains(response, "Class 6A")
    assertNotContains(response, classroom.join_code)


def test_student_joins_a_class_with_the_right_code(
    client: Client, outsider: User, classroom: Classroom, other_classroom: Classroom
) -> None:
    client.force_login(outsider)

    response = client.post(
        reverse("student_join"), {"join_code": f" {classroom.join_code.lower()} "}
    )

    assertRedirects(response, reverse("student_class", args=[classroom.pk]))
    assert flashed(response) == ["Welcome to Class 5B!"]
    assert set(outsider.classrooms.all()) == {classroom, other_classroom}


def test_student_with_a_wrong_code_gets_a_kind_message_and_joins_nothing(
    client: Client, outsider: User, classroom: Classroom, other_classroom: Classroom
) -> None:
    assert WRONG_CODE not in {classroom.join_code, other_classroom.join_code}
    client.force_login(outsider)

    response = client.post(reverse("student_join"), {"join_code": WRONG_CODE})

    assertContains(response, str(messages.JOIN_CODE_WRONG), status_code=400)
    assert list(outsider.classrooms.all()) == [other_classroom]


def test_a_teacher_cannot_join_a_class_as_a_student(
    client: Client, other_teacher: User, classroom: Classroom
) -> None:
    client.force_login(other_teacher)

    response = client.post(reverse("student_join"), {"join_code": classroom.join_code})

    assert response.status_code == 403
    assert not classroom.students.filter(pk=other_teacher.pk).exists()


def test_an_anonymous_visitor_cannot_join_a_class(client: Client, classroom: Classroom) -> None:
    response = client.post(reverse("student_join"), {"join_code": classroom.join_code})

    assertRedirects(response, "/accounts/login/?next=/classes/join/", fetch_redirect_response=False)
    assert classroom.students.count() == 2


# A class page


def test_student_opens_their_class_and_sees_its_assignments(
    client: Client, student: User, assignment: Assignment, other_assignment: Assignment
) -> None:
    client.force_login(student)

    response = client.get(reverse("student_class", args=[assignment.classroom_id]))

    assert response.status_code == 200
    assert list(response.context["assignments"]) == [assignment]
    assertContains(response, "A monument in a new setting")
    assertNotContains(response, "Dinosaurs at school")


def test_student_cannot_open_a_class_they_are_not_in(
    client: Client, student: User, other_classroom: Classroom
) -> None:
    client.force_login(student)

    response = client.get(reverse("student_class", args=[other_classroom.pk]))

    assert response.status_code == 404


def test_teacher_cannot_open_the_student_class_page(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    response = client.get(reverse("student_class", args=[classroom.pk]))

    assert response.status_code == 403


@pytest.mark.parametrize("name", ["student_classes", "student_class"])
def test_an_anonymous_visitor_is_sent_to_sign_in(
    client: Client, classroom: Classroom, name: str
) -> None:
    url = reverse(name, args=[classroom.pk] if name == "student_class" else [])

    response = client.get(url)

    assertRedirects(response, f"/accounts/login/?next={url}", fetch_redirect_response=False)


# Student sign-up


def test_signup_page_fills_in_the_code_from_the_link(client: Client, db: None) -> None:
    response = client.get(reverse("student_signup"), {"code": "ABC234"})

    assert response.status_code == 200
    assertContains(response, 'value="ABC234"')


def test_student_signs_up_joins_the_class_and_is_signed_in(
    client: Client, classroom: Classroom
) -> None:
    response = client.post(
        reverse("student_signup"),
        {
            "join_code": classroom.join_code.lower(),
            "username": "carla",
            "display_name": "Carla",
            "password": "green-otter-12",
        },
    )

    assertRedirects(response, reverse("student_classes"))
    carla = User.objects.get(username="carla")
    assert carla.role == User.Role.STUDENT
    assert list(carla.classrooms.all()) == [classroom]
    assert signed_in_user_id(client) == carla.pk
    assert signs_in("carla", "green-otter-12")


def test_signup_with_a_wrong_code_creates_nothing(client: Client, classroom: Classroom) -> None:
    assert classroom.join_code != WRONG_CODE

    response = client.post(
        reverse("student_signup"),
        {
            "join_code": WRONG_CODE,
            "username": "carla",
            "password": "green-otter-12",
        },
    )

    assertContains(response, str(messages.JOIN_CODE_WRONG), status_code=400)
    assert not User.objects.filter(username="carla").exists()
    assert signed_in_user_id(client) is None


def test_signup_with_a_taken_username_creates_nothing_and_says_so(
    client: Client, classroom: Classroom, outsider: User
) -> None:
    response = client.post(
        reverse("student_signup"),
        {
            "join_code": classroom.join_code,
            "username": "zoe",
            "password": "green-otter-12",
        },
    )

    assertContains(response, "That username is already taken.", status_code=400)
    assert User.objects.filter(username__iexact="zoe").count() == 1
    assert not classroom.students.filter(pk=outsider.pk).exists()
    assert signed_in_user_id(client) is None


# Teacher sign-up


def test_teacher_signs_up_with_an_invite_code_and_is_signed_in(
    client: Client, invite_code: TeacherInviteCode
) -> None:
    response = client.post(
        reverse("teacher_signup"),
        {
            "invite_code": "NORTH-SCHOOL-2025",
            "username": "mr_park",
            "display_name": "Mr Park",
            "email": "park@school.example",
            "password": "blue-harbor-77",
        },
    )

    assertRedirects(response, reverse("teacher_dashboard"))
    assert flashed(response) == [str(messages.TEACHER_WELCOME)]
    park = User.objects.get(username="mr_park")
    assert park.role == User.Role.TEACHER
    assert park.email == "park@school.example"
    assert not park.is_staff
    assert signed_in_user_id(client) == park.pk


@pytest.mark.parametrize("code", ["NORTH-SCHOOL-2024", "OLD-CODE"])
def test_teacher_signup_with_a_wrong_or_inactive_code_creates_nothing(
    client: Client, invite_code: TeacherInviteCode, code: str
) -> None:
    TeacherInviteCode.objects.create(code="OLD-CODE", is_active=False)

    response = client.post(
        reverse("teacher_signup"),
        {
            "invite_code": code,
            "username": "mr_park",
            "password": "blue-harbor-77",
        },
    )

    assertContains(response, str(messages.INVITE_CODE_WRONG), status_code=400)
    assert not User.objects.filter(username="mr_park").exists()
    assert signed_in_user_id(client) is None

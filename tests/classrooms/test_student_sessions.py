"""Shared classroom computers: students' sessions end, signing out is one click, and a
reloaded error page never answers 405."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from classrooms.models import Classroom, User
from classrooms.sessions import LAST_SEEN_KEY

SIGN_OUT_FORM = f'<form method="post" action="{reverse("logout")}">'


def sign_in_through_the_page(client: Client, username: str) -> None:
    response = client.post(reverse("login"), {"username": username, "password": "pass-word-123"})
    assert response.status_code == 302


def move_last_seen(client: Client, *, minutes_ago: float) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time() - minutes_ago * 60)
    session.save()


# Ends with the browser, and when idle


def test_a_students_session_cookie_ends_when_the_browser_closes(
    client: Client, student: User
) -> None:
    sign_in_through_the_page(client, "ana")

    cookie = client.cookies["sessionid"]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert client.session.get_expire_at_browser_close()


def test_a_teachers_session_keeps_djangos_usual_two_weeks(client: Client, teacher: User) -> None:
    sign_in_through_the_page(client, "ms_rivera")

    assert client.cookies["sessionid"]["max-age"] == 1209600
    assert not client.session.get_expire_at_browser_close()


def test_a_student_who_signs_up_also_gets_a_browser_session(
    client: Client, classroom: Classroom
) -> None:
    client.post(
        reverse("student_signup"),
        {"join_code": classroom.join_code, "username": "carla", "password": "green-otter-12"},
    )

    assert client.session.get_expire_at_browser_close()


def test_a_student_idle_for_more_than_an_hour_is_signed_out(
    client: Client, student: User, classroom: Classroom
) -> None:
    sign_in_through_the_page(client, "ana")
    move_last_seen(client, minutes_ago=61)

    response = client.get(reverse("student_classes"))

    assertRedirects(
        response,
        f"{reverse('login')}?next={reverse('student_classes')}",
        fetch_redirect_response=False,
    )
    assert "_auth_user_id" not in client.session


def test_a_student_active_within_the_hour_stays_signed_in_and_the_clock_restarts(
    client: Client, student: User, classroom: Classroom
) -> None:
    sign_in_through_the_page(client, "ana")
    move_last_seen(client, minutes_ago=59)

    assert client.get(reverse("student_classes")).status_code == 200

    assert time.time() - client.session[LAST_SEEN_KEY] < 5
    move_last_seen(client, minutes_ago=59)
    assert client.get(reverse("student_classes")).status_code == 200


def test_the_idle_limit_is_a_setting(
    client: Client, student: User, classroom: Classroom, settings: object
) -> None:
    settings.STUDENT_SESSION_IDLE_SECONDS = 10 * 60  # type: ignore[attr-defined]
    sign_in_through_the_page(client, "ana")
    move_last_seen(client, minutes_ago=11)

    assert client.get(reverse("student_classes")).status_code == 302


def test_a_teacher_idle_for_hours_stays_signed_in(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    sign_in_through_the_page(client, "ms_rivera")
    move_last_seen(client, minutes_ago=600)

    assert client.get(reverse("teacher_dashboard")).status_code == 200


def test_a_student_session_from_before_the_rule_gets_it_on_the_next_request(
    client: Client, student: User, classroom: Classroom
) -> None:
    client.force_login(student)
    session = client.session
    session.set_expiry(None)
    session.pop(LAST_SEEN_KEY, None)
    session.save()

    assert client.get(reverse("student_classes")).status_code == 200

    assert client.session.get_expire_at_browser_close()
    assert LAST_SEEN_KEY in client.session


# One click to sign out, on the main page of each role


@pytest.mark.parametrize(
    ("who", "url_name"),
    [
        ("student", "student_classes"),
        ("student", "student_class"),
        ("teacher", "teacher_dashboard"),
        ("teacher", "teacher_class"),
        ("teacher", "review_queue"),
    ],
)
def test_every_main_page_has_the_sign_out_button(
    client: Client, request: pytest.FixtureRequest, classroom: Classroom, who: str, url_name: str
) -> None:
    client.force_login(request.getfixturevalue(who))
    args = [classroom.pk] if url_name in {"student_class", "teacher_class"} else []

    response = client.get(reverse(url_name, args=args))

    assertContains(response, SIGN_OUT_FORM, count=1)
    assertContains(response, "Sign out</button>", count=1)


def test_the_admin_pages_have_a_sign_out_button(client: Client, admin_user: User) -> None:
    client.force_login(admin_user)

    response = client.get(reverse("admin:index"))

    assertContains(response, f'action="{reverse("admin:logout")}"')


def test_signing_out_is_one_post(client: Client, student: User) -> None:
    sign_in_through_the_page(client, "ana")

    client.post(reverse("logout"))

    assert "_auth_user_id" not in client.session


# Reloading a form's error page


@pytest.mark.parametrize(
    ("who", "url_name", "lands_on"),
    [
        ("student", "student_join", "student_classes"),
        ("teacher", "teacher_class_create", "teacher_dashboard"),
        ("teacher", "teacher_add_student", "teacher_class"),
    ],
)
def test_reloading_a_forms_error_page_lands_on_the_page_the_form_lives_on(
    client: Client,
    request: pytest.FixtureRequest,
    classroom: Classroom,
    who: str,
    url_name: str,
    lands_on: str,
) -> None:
    client.force_login(request.getfixturevalue(who))
    args = [classroom.pk] if url_name == "teacher_add_student" else []
    url = reverse(url_name, args=args)
    errors = client.post(url, {"join_code": "NOPE00", "name": " ", "username": " "})
    assert errors.status_code == 400

    reload = client.get(url)

    target_args = [classroom.pk] if lands_on == "teacher_class" else []
    assertRedirects(reload, reverse(lands_on, args=target_args))

"""Guessing passwords at /accounts/login/ and /admin/login/, and class join codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from classrooms.models import Classroom, TeacherInviteCode, User

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

TOO_MANY = "Too many tries. Ask your teacher, or wait 15 minutes."
SCHOOL = "203.0.113.7"  # one classroom's shared public address
HOME = "198.51.100.20"


def sign_in(
    username: str, password: str, *, address: str = SCHOOL, url: str = "login"
) -> TestResponse:
    return Client(REMOTE_ADDR=address).post(
        reverse(url), {"username": username, "password": password}
    )


def signed_in(response: TestResponse) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def fail(username: str, times: int, *, address: str = SCHOOL, url: str = "login") -> None:
    for _ in range(times):
        response = sign_in(username, "wrong-guess-00", address=address, url=url)
        assert not signed_in(response)


# One username


def test_five_wrong_passwords_lock_the_username_even_with_the_right_password(
    student: User,
) -> None:
    fail("ana", 4)
    assert signed_in(sign_in("ana", "pass-word-123"))  # four typos are fine
    fail("ana", 5)

    response = sign_in("ana", "pass-word-123")

    assertContains(response, TOO_MANY, status_code=429)
    assert not signed_in(response)


def test_the_fifth_wrong_password_already_shows_the_kind_page(student: User) -> None:
    fail("ana", 4)

    response = sign_in("ana", "wrong-guess-00")

    assertContains(response, TOO_MANY, status_code=429)


def test_a_locked_username_is_locked_from_every_address_and_in_any_case(student: User) -> None:
    fail("ana", 3, address=SCHOOL)
    fail("ANA ", 2, address=HOME)

    assertContains(sign_in("ana", "pass-word-123", address=HOME), TOO_MANY, status_code=429)


def test_one_locked_child_does_not_lock_their_classmates(student: User, classmate: User) -> None:
    fail("ana", 6)

    assert signed_in(sign_in("ben", "pass-word-123"))


def test_the_lock_ends_after_15_minutes(student: User) -> None:
    from axes.models import AccessAttempt
    from django.utils import timezone

    fail("ana", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=16))

    assert signed_in(sign_in("ana", "pass-word-123"))


def test_the_admin_sign_in_page_is_locked_the_same_way(admin_user: User) -> None:
    fail("principal", 5, url="admin:login")

    response = sign_in("principal", "pass-word-123", url="admin:login")

    assertContains(response, TOO_MANY, status_code=429)
    assert not signed_in(response)


def test_wrong_passwords_on_the_admin_page_count_for_the_sites_sign_in_too(
    admin_user: User,
) -> None:
    fail("principal", 3, url="admin:login")
    fail("principal", 2, url="login")

    assertContains(sign_in("principal", "pass-word-123"), TOO_MANY, status_code=429)


# One address


def test_five_children_with_five_typos_each_do_not_lock_the_classroom_out(
    db: None, settings: object
) -> None:
    for number in range(6):
        User.objects.create_user(
            username=f"kid{number}", password="pass-word-123", role=User.Role.STUDENT
        )
    for number in range(5):
        fail(f"kid{number}", 5)  # each of them is now locked out, by name only

    assert signed_in(sign_in("kid5", "pass-word-123"))


def test_thirty_wrong_passwords_from_one_address_refuse_it_for_any_username(
    student: User, classmate: User
) -> None:
    for number in range(30):
        fail(f"guess{number}", 1)

    assertContains(sign_in("ana", "pass-word-123"), TOO_MANY, status_code=429)
    assertContains(sign_in("ana", "pass-word-123", url="admin:login"), TOO_MANY, status_code=429)
    # Another address, and the usernames themselves, are not locked.
    assert signed_in(sign_in("ben", "pass-word-123", address=HOME))


def test_tries_refused_while_locked_do_not_count_against_the_address(
    student: User, classmate: User
) -> None:
    fail("ana", 5)
    for _ in range(40):  # a child who keeps trying while locked out
        assert sign_in("ana", "pass-word-123").status_code == 429

    assert signed_in(sign_in("ben", "pass-word-123"))


def test_behind_a_proxy_the_address_comes_from_the_configured_header(
    student: User, classmate: User, settings: object
) -> None:
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"  # type: ignore[attr-defined]
    proxy = "10.0.0.2"
    for number in range(30):
        Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP=SCHOOL).post(
            reverse("login"), {"username": f"guess{number}", "password": "x-wrong-00"}
        )

    from_school = Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP=SCHOOL).post(
        reverse("login"), {"username": "ana", "password": "pass-word-123"}
    )
    from_home = Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP=HOME).post(
        reverse("login"), {"username": "ben", "password": "pass-word-123"}
    )

    assert from_school.status_code == 429
    assert signed_in(from_home)


# Unlocking


def test_a_teacher_sees_unlock_only_for_a_locked_out_student_and_unlocks_them(
    client: Client, teacher: User, classroom: Classroom, student: User, classmate: User
) -> None:
    fail("ana", 5)
    client.force_login(teacher)

    page = client.get(reverse("teacher_class", args=[classroom.pk]))

    unlock_ana = reverse("teacher_unlock_sign_in", args=[classroom.pk, student.pk])
    unlock_ben = reverse("teacher_unlock_sign_in", args=[classroom.pk, classmate.pk])
    assertContains(page, f'action="{unlock_ana}"', count=1)
    assertContains(page, f'action="{unlock_ben}"', count=0)
    assertContains(page, "Unlock sign-in", count=1)

    response = client.post(unlock_ana)

    assertRedirects(
        response, reverse("teacher_class", args=[classroom.pk]), fetch_redirect_response=False
    )
    assert signed_in(sign_in("ana", "pass-word-123"))
    after = client.get(reverse("teacher_class", args=[classroom.pk]))
    assertContains(after, "ana can sign in again.")
    assertContains(after, "Unlock sign-in", count=0)


def test_another_teacher_cannot_unlock_a_student_of_a_class_they_do_not_teach(
    client: Client,
    other_teacher: User,
    other_classroom: Classroom,
    classroom: Classroom,
    student: User,
) -> None:
    fail("ana", 5)
    client.force_login(other_teacher)

    mine = client.post(reverse("teacher_unlock_sign_in", args=[other_classroom.pk, student.pk]))
    theirs = client.post(reverse("teacher_unlock_sign_in", args=[classroom.pk, student.pk]))

    assert (mine.status_code, theirs.status_code) == (404, 404)
    assert sign_in("ana", "pass-word-123").status_code == 429


def test_unlocking_is_only_done_by_post(
    client: Client, teacher: User, classroom: Classroom, student: User
) -> None:
    fail("ana", 5)
    client.force_login(teacher)

    response = client.get(reverse("teacher_unlock_sign_in", args=[classroom.pk, student.pk]))

    assert response.status_code == 405
    assert sign_in("ana", "pass-word-123").status_code == 429


def test_an_admin_unlocks_anyone_with_an_admin_action(
    client: Client, admin_user: User, teacher: User, student: User
) -> None:
    fail("ana", 5)
    fail("ms_rivera", 5)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:classrooms_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [student.pk, teacher.pk]},
        follow=True,
    )

    assertContains(response, "2 people can sign in again.")
    assert signed_in(sign_in("ana", "pass-word-123"))
    assert signed_in(sign_in("ms_rivera", "pass-word-123"))


def test_the_admin_has_axes_own_list_of_failed_sign_ins(client: Client, admin_user: User) -> None:
    fail("ana", 2)
    client.force_login(admin_user)

    response = client.get(reverse("admin:axes_accessattempt_changelist"))

    assertContains(response, "ana")


# Join codes


def join_at_signup(code: str, username: str, *, address: str = SCHOOL) -> TestResponse:
    return Client(REMOTE_ADDR=address).post(
        reverse("student_signup"),
        {"join_code": code, "username": username, "password": "green-otter-12"},
    )


def test_thirty_wrong_join_codes_from_one_address_refuse_even_the_right_one(
    classroom: Classroom,
) -> None:
    for number in range(30):
        assert join_at_signup(f"ZZZZ{number:02d}", f"kid{number}").status_code == 400

    response = join_at_signup(classroom.join_code, "carla")

    assertContains(response, TOO_MANY, status_code=429)
    assert not User.objects.filter(username="carla").exists()
    assert join_at_signup(classroom.join_code, "carla", address=HOME).status_code == 302


def test_a_classroom_of_children_typing_the_right_code_is_never_refused(
    classroom: Classroom,
) -> None:
    for number in range(40):
        assert join_at_signup(classroom.join_code, f"kid{number}").status_code == 302


def test_a_taken_username_is_not_counted_as_a_wrong_join_code(
    classroom: Classroom, student: User
) -> None:
    for _ in range(35):
        assert join_at_signup(classroom.join_code, "ana").status_code == 400

    assert join_at_signup(classroom.join_code, "carla").status_code == 302


def test_five_wrong_join_codes_refuse_a_signed_in_student_even_the_right_code(
    outsider: User, classroom: Classroom
) -> None:
    client = Client(REMOTE_ADDR=SCHOOL)
    client.force_login(outsider)
    for number in range(5):
        wrong = client.post(reverse("student_join"), {"join_code": f"ZZZZ{number:02d}"})
        assert wrong.status_code == 400

    response = client.post(reverse("student_join"), {"join_code": classroom.join_code})

    assertContains(response, TOO_MANY, status_code=429)
    assert not classroom.students.filter(pk=outsider.pk).exists()


def test_one_students_wrong_join_codes_do_not_refuse_a_classmate(
    outsider: User, student: User, other_classroom: Classroom
) -> None:
    guesser = Client(REMOTE_ADDR=SCHOOL)
    guesser.force_login(outsider)
    for number in range(6):
        guesser.post(reverse("student_join"), {"join_code": f"ZZZZ{number:02d}"})
    classmate = Client(REMOTE_ADDR=SCHOOL)
    classmate.force_login(student)

    response = classmate.post(reverse("student_join"), {"join_code": other_classroom.join_code})

    assertRedirects(response, reverse("student_class", args=[other_classroom.pk]))


def test_thirty_wrong_teacher_invite_codes_from_one_address_refuse_even_the_right_one(
    db: None,
) -> None:
    TeacherInviteCode.objects.create(code="ROSE-SCHOOL-2026")

    def sign_up(code: str, username: str) -> TestResponse:
        return Client(REMOTE_ADDR=SCHOOL).post(
            reverse("teacher_signup"),
            {"invite_code": code, "username": username, "password": "green-otter-12"},
        )

    for number in range(30):
        assert sign_up(f"GUESS-{number}", f"t{number}").status_code == 400

    response = sign_up("ROSE-SCHOOL-2026", "ms_new")

    assertContains(response, TOO_MANY, status_code=429)
    assert not User.objects.filter(username="ms_new").exists()

"""Running a roster: many students at once, login cards, removing a student, asking first."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from classrooms.models import Classroom, User
from classrooms.roster import MAX_STUDENTS_AT_ONCE
from tests.conftest import signs_in

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db


def add_many_url(classroom: Classroom) -> str:
    return reverse("teacher_add_students", args=[classroom.pk])


def card_passwords(response: TestResponse) -> dict[str, str]:
    """username -> password, as the printed cards show them."""
    page = response.content.decode()
    usernames = re.findall(r'<code class="card-username">([^<]+)</code>', page)
    passwords = re.findall(r'<code class="card-password">([^<]+)</code>', page)
    assert len(usernames) == len(passwords)
    return dict(zip(usernames, passwords, strict=True))


# Many students at once


def test_a_pasted_list_adds_every_student_with_a_username_and_a_password_card(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    response = client.post(
        add_many_url(classroom), {"names": "Lucía Gómez\n\nTom Li, tomli\nlucía gómez\n"}
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    cards = card_passwords(response)
    assert set(cards) == {"lucia_gomez", "tomli", "lucia_gomez2"}
    assert all(signs_in(username, password) for username, password in cards.items())
    added = classroom.students.filter(username__in=cards)
    assert added.count() == 3
    assert set(added.values_list("role", flat=True)) == {User.Role.STUDENT}
    assert User.objects.get(username="tomli").display_name == "Tom Li"
    assertContains(response, "<svg")


def test_a_csv_file_adds_its_students_and_skips_its_header(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)
    upload = SimpleUploadedFile(
        "class.csv", "name,username\r\nMía Ruiz,mia_r\r\nNoah Kim,\r\n".encode("utf-8-sig")
    )

    response = client.post(add_many_url(classroom), {"csv_file": upload})

    assert set(card_passwords(response)) == {"mia_r", "noah_kim"}
    assert classroom.students.filter(username__in=["mia_r", "noah_kim"]).count() == 2


def test_a_list_with_a_bad_line_adds_nobody_and_says_which_line(
    client: Client, teacher: User, classroom: Classroom, student: User
) -> None:
    client.force_login(teacher)
    before = User.objects.count()

    response = client.post(
        add_many_url(classroom),
        {"names": "Eva Stone\nSam, ana\nJo Park, jo park\n"},
    )

    assertContains(response, "Nobody was added", status_code=400)
    assertContains(response, "Line 2: the username ana is already taken.", status_code=400)
    assertContains(response, "Line 3: the username jo park can only have", status_code=400)
    assert User.objects.count() == before


def test_an_unreadable_file_and_an_empty_list_are_refused_kindly(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)
    before = User.objects.count()

    empty = client.post(add_many_url(classroom), {"names": "  \n \n"})
    binary = client.post(
        add_many_url(classroom), {"csv_file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x81")}
    )

    assertContains(empty, "The list is empty.", status_code=400)
    assertContains(binary, "We could not read that file.", status_code=400)
    assert User.objects.count() == before


def test_a_list_longer_than_a_class_is_refused(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)
    names = "\n".join(f"Kid {n}" for n in range(MAX_STUDENTS_AT_ONCE + 1))

    response = client.post(add_many_url(classroom), {"names": names})

    assertContains(response, f"at most {MAX_STUDENTS_AT_ONCE} students", status_code=400)
    assert not User.objects.filter(username__startswith="kid_").exists()


def test_another_teacher_cannot_add_students_to_the_class(
    client: Client, other_teacher: User, classroom: Classroom
) -> None:
    client.force_login(other_teacher)

    response = client.post(add_many_url(classroom), {"names": "Intruder"})

    assert response.status_code == 404
    assert not User.objects.filter(display_name="Intruder").exists()


def test_a_student_cannot_add_students(client: Client, student: User, classroom: Classroom) -> None:
    client.force_login(student)

    assert client.post(add_many_url(classroom), {"names": "Friend"}).status_code == 403
    assert not User.objects.filter(display_name="Friend").exists()


# Login cards


def test_login_cards_list_every_student_with_the_class_code_and_a_qr_code(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    response = client.get(reverse("teacher_login_cards", args=[classroom.pk]))

    page = response.content.decode()
    assert page.count('class="card password-card login-card"') == 2
    assert page.count(classroom.join_code) >= 2
    assert 'class="card-username">ana<' in page and 'class="card-username">ben<' in page
    assert page.count('<svg role="img"') == 2  # on every card (one address, drawn once)
    assert "http://testserver/accounts/login/" in page
    assert 'class="card-password"' not in page  # passwords are never kept readable


def test_the_qr_code_encodes_the_sign_in_address() -> None:
    from classrooms.qr import qr_svg

    svg = qr_svg("http://school.example/accounts/login/", title="Sign in <here>")

    assert svg.startswith('<svg role="img"')
    assert "<title>Sign in &lt;here&gt;</title>" in svg
    assert svg != qr_svg("http://other.example/accounts/login/", title="Sign in <here>")


@pytest.mark.parametrize("who", ["other_teacher", "student"])
def test_the_wrong_person_gets_no_login_cards(
    client: Client, classroom: Classroom, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("teacher_login_cards", args=[classroom.pk]))

    assert response.status_code in {403, 404}
    assertNotContains(response, classroom.join_code, status_code=response.status_code)


# Removing a student


def remove_url(classroom: Classroom, student: User) -> str:
    return reverse("teacher_remove_student", args=[classroom.pk, student.pk])


def test_removing_a_student_asks_first_and_changes_nothing_until_confirmed(
    client: Client, teacher: User, classroom: Classroom, student: User
) -> None:
    client.force_login(teacher)

    response = client.get(remove_url(classroom, student))

    assertContains(response, "Remove Ana from Class 5B?")
    assertContains(response, 'id="confirm-button"')
    assert classroom.students.filter(pk=student.pk).exists()


def test_a_removed_student_loses_the_class_at_once(
    client: Client, teacher: User, classroom: Classroom, student: User
) -> None:
    child = Client()
    child.force_login(student)
    assert child.get(reverse("student_class", args=[classroom.pk])).status_code == 200
    client.force_login(teacher)

    response = client.post(remove_url(classroom, student))

    assert response.status_code == 302
    assert not classroom.students.filter(pk=student.pk).exists()
    assert User.objects.filter(pk=student.pk).exists()  # the account stays
    assert child.get(reverse("student_class", args=[classroom.pk])).status_code == 404
    assertNotContains(child.get(reverse("student_classes")), "Class 5B")


@pytest.mark.parametrize("who", ["other_teacher", "classmate"])
def test_the_wrong_person_cannot_remove_a_student(
    client: Client, classroom: Classroom, student: User, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))

    response = client.post(remove_url(classroom, student))

    assert response.status_code in {403, 404}
    assert classroom.students.filter(pk=student.pk).exists()


def test_a_student_of_another_class_cannot_be_removed_through_this_one(
    client: Client, teacher: User, classroom: Classroom, other_classroom: Classroom, outsider: User
) -> None:
    client.force_login(teacher)

    assert client.post(remove_url(classroom, outsider)).status_code == 404
    assert other_classroom.students.filter(pk=outsider.pk).exists()


# Asking first


def test_a_new_password_is_made_only_after_asking(
    client: Client, teacher: User, classroom: Classroom, student: User
) -> None:
    client.force_login(teacher)
    url = reverse("teacher_reset_password", args=[classroom.pk, student.pk])

    asked = client.get(url)

    assertContains(asked, "Give Ana a new password?")
    assert signs_in("ana", "pass-word-123")
    made = client.post(url)
    assertContains(made, "<svg")  # the single card has the QR code too
    assert not signs_in("ana", "pass-word-123")


def test_a_new_join_code_is_made_only_after_asking(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)
    old = classroom.join_code
    url = reverse("teacher_rotate_join_code", args=[classroom.pk])

    asked = client.get(url)
    classroom.refresh_from_db()
    assert classroom.join_code == old
    client.post(url)

    assertContains(asked, 'id="confirm-button"')
    classroom.refresh_from_db()
    assert classroom.join_code != old


def test_the_class_page_links_to_the_confirmation_steps(
    client: Client, teacher: User, classroom: Classroom, student: User
) -> None:
    client.force_login(teacher)

    page = client.get(reverse("teacher_class", args=[classroom.pk]))

    assertContains(page, f'href="{remove_url(classroom, student)}"')
    assertContains(page, f'href="{reverse("teacher_rotate_join_code", args=[classroom.pk])}"')
    assertNotContains(page, f'action="{reverse("teacher_rotate_join_code", args=[classroom.pk])}"')


def test_login_cards_take_as_many_queries_for_50_students_as_for_5(
    client: Client, teacher: User
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    classroom = Classroom.objects.create(name="Class 4D")
    classroom.teachers.add(teacher)
    client.force_login(teacher)
    url = reverse("teacher_login_cards", args=[classroom.pk])

    def add(start: int, count: int) -> int:
        for number in range(start, start + count):
            classroom.students.add(
                User.objects.create_user(username=f"kid{number}", role=User.Role.STUDENT)
            )
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.content.decode().count('class="card-username"') == start + count
        return len(queries)

    assert add(0, 5) == add(5, 45)


def test_a_name_with_no_latin_letters_still_gets_a_username(classroom: Classroom) -> None:
    from classrooms.roster import classroom_add_students

    added = classroom_add_students(classroom=classroom, text="李明\n李明\n")

    assert [new.student.username for new in added] == ["student", "student2"]
    assert [new.student.display_name for new in added] == ["李明", "李明"]


def test_a_list_line_with_only_a_username_is_refused_for_its_missing_name(
    classroom: Classroom,
) -> None:
    from django.core.exceptions import ValidationError

    from classrooms.roster import classroom_add_students

    with pytest.raises(ValidationError) as refused:
        classroom_add_students(classroom=classroom, text="Eva\n, eva2\n")

    assert refused.value.messages == ["Line 2: a name is missing."]
    assert not User.objects.filter(username="eva").exists()

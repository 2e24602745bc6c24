"""Privacy requests from the admin: export one student's data, or erase it."""

from __future__ import annotations

import io
import json
import zipfile
from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.test import Client

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation
from generation.privacy import student_data, student_data_delete
from tests.support.factories import finished_generation

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

CHANGELIST = "/admin/classrooms/user/"


def run_action(client: Client, action: str, *users: User, **extra: str) -> TestResponse:
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [u.pk for u in users], **extra}
    )


@pytest.fixture
def pictures(student: User, classmate: User, assignment: Assignment) -> list[Generation]:
    return [
        finished_generation(student=student, assignment=assignment, prompt="a cat on a bus"),
        finished_generation(
            student=student,
            assignment=assignment,
            prompt="a dragon in the library",
            status=Generation.Status.REJECTED,
        ),
        finished_generation(student=classmate, assignment=assignment, prompt="ben's castle"),
    ]


def test_the_export_holds_the_account_classes_and_every_prompt(
    student: User, classroom: Classroom, pictures: list[Generation]
) -> None:
    data = student_data(student=student)
    assert data["account"]["username"] == "ana"
    assert data["classes"] == [{"id": classroom.pk, "name": "Class 5B"}]
    assert [(g["prompt"], g["status"]) for g in data["generations"]] == [
        ("a cat on a bus", "awaiting_review"),
        ("a dragon in the library", "rejected"),
    ]
    assert "password" not in json.dumps(data)


def test_an_admin_downloads_one_students_data_as_json(
    client: Client, admin_user: User, student: User, pictures: list[Generation]
) -> None:
    client.force_login(admin_user)
    response = run_action(client, "export_student_data", student)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert f"student-{student.pk}.json" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert len(data["generations"]) == 2


def test_the_zip_export_carries_the_students_pictures(
    client: Client, admin_user: User, student: User, pictures: list[Generation]
) -> None:
    client.force_login(admin_user)
    response = run_action(client, "export_student_data_with_images", student)
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert names == sorted(["data.json", *(f"images/{g.pk}.png" for g in pictures[:2])])
    with default_storage.open(pictures[0].image.name, "rb") as original:
        assert archive.read(f"images/{pictures[0].pk}.png") == original.read()


def test_erasing_asks_for_confirmation_first(
    client: Client, admin_user: User, student: User, pictures: list[Generation]
) -> None:
    client.force_login(admin_user)
    response = run_action(client, "erase_student_data", student)
    assert response.status_code == 200
    assert b"cannot be undone" in response.content
    assert User.objects.filter(pk=student.pk).exists()
    assert Generation.objects.filter(student=student).count() == 2


def test_erasing_removes_the_account_generations_and_files_only_of_that_student(
    client: Client, admin_user: User, student: User, classmate: User, pictures: list[Generation]
) -> None:
    names = [name for g in pictures[:2] for name in (g.image.name, g.thumbnail.name)]
    client.force_login(admin_user)
    response = run_action(client, "erase_student_data", student, post="yes")
    assert response.status_code == 302
    assert not User.objects.filter(pk=student.pk).exists()
    assert not Generation.objects.filter(pk__in=[g.pk for g in pictures[:2]]).exists()
    assert not any(default_storage.exists(name) for name in names)
    # The classmate keeps everything.
    assert Generation.objects.filter(student=classmate).count() == 1
    assert default_storage.exists(pictures[2].image.name)


def test_a_privacy_action_needs_exactly_one_student(
    client: Client, admin_user: User, student: User, classmate: User, teacher: User
) -> None:
    client.force_login(admin_user)
    run_action(client, "erase_student_data", student, classmate, post="yes")
    run_action(client, "erase_student_data", teacher, post="yes")
    response = run_action(client, "export_student_data", teacher)
    assert response.status_code == 302
    assert User.objects.filter(pk__in=[student.pk, classmate.pk, teacher.pk]).count() == 3


def test_a_teacher_cannot_use_the_admin_actions(
    client: Client, teacher: User, student: User
) -> None:
    client.force_login(teacher)
    response = run_action(client, "erase_student_data", student, post="yes")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert User.objects.filter(pk=student.pk).exists()


def test_the_services_refuse_accounts_that_are_not_students(teacher: User) -> None:
    with pytest.raises(ValidationError):
        student_data(student=teacher)
    with pytest.raises(ValidationError):
        student_data_delete(student=teacher)
    assert User.objects.filter(pk=teacher.pk).exists()

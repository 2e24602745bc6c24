"""The class book pages, for the class's teachers only: asking for a file, following its
progress and downloading it; everyone else gets nothing (404, or 403 for a non-teacher)."""

import io
import zipfile

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from classrooms.models import Assignment, Classroom, User
from generation import messages
from generation.exports.models import Export
from generation.services.exports import export_build
from tests.generation.exports.conftest import RED, solid_picture


@pytest.fixture
def picture(student: User, assignment: Assignment):  # type: ignore[no-untyped-def]
    return solid_picture(student=student, assignment=assignment, colour=RED)


@pytest.fixture
def co_teacher(db: None, classroom: Classroom) -> User:
    """A second teacher of the same class: the same rights."""
    second = User.objects.create_user(
        username="mx_lee", password="pass-word-123", role=User.Role.TEACHER
    )
    classroom.teachers.add(second)
    return second


def ask(client: Client, assignment: Assignment, kind: str = "zip", source: str = "approved"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("teacher_class_book", args=[assignment.pk]), {"kind": kind, "source": source}
    )


def ready_export(teacher: User, assignment: Assignment, kind: str = "zip") -> Export:
    export = Export.objects.create(
        assignment=assignment, teacher=teacher, kind=kind, source="approved", language="en"
    )
    export_build(export_id=export.pk)
    export.refresh_from_db()
    return export


def test_teacher_asks_for_the_zip_follows_it_and_downloads_it(
    client: Client, teacher: User, assignment: Assignment, picture: object
) -> None:
    client.force_login(teacher)
    page = client.get(reverse("teacher_assignment", args=[assignment.pk]))
    assert reverse("teacher_class_book", args=[assignment.pk]) in page.content.decode()

    response = ask(client, assignment)

    export = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("teacher_export", args=[export.pk])
    waiting = client.get(response["Location"]).content.decode()
    assert 'data-poll-url="' + reverse("teacher_export_status", args=[export.pk]) in waiting
    assert "<progress" in waiting

    export_build(export_id=export.pk)  # what the worker does meanwhile
    card = client.get(reverse("teacher_export_status", args=[export.pk]))
    assert card["Cache-Control"].startswith("max-age=0")
    html = card.content.decode()
    assert "data-poll-url" not in html  # done: the page stops asking
    assert reverse("teacher_export_file", args=[export.pk]) in html

    download = client.get(reverse("teacher_export_file", args=[export.pk]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert download["Content-Disposition"].endswith(f'-{export.pk}.zip"')
    assert download["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert "pictures.csv" in archive.namelist()


def test_a_double_click_makes_one_export(
    client: Client, teacher: User, assignment: Assignment, picture: object
) -> None:
    client.force_login(teacher)
    first, second = ask(client, assignment, kind="book"), ask(client, assignment, kind="book")

    assert Export.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_asking_with_nothing_to_export_says_so_kindly(
    client: Client, teacher: User, assignment: Assignment
) -> None:
    client.force_login(teacher)
    response = ask(client, assignment)

    assert response.status_code == 400
    assert str(messages.EXPORT_NOTHING_YET) in response.content.decode()
    assert not Export.objects.exists()


def test_a_made_up_choice_is_refused(
    client: Client, teacher: User, assignment: Assignment, picture: object
) -> None:
    client.force_login(teacher)
    assert ask(client, assignment, kind="everything").status_code == 400
    assert ask(client, assignment, source="rejected").status_code == 400
    assert not Export.objects.exists()


def test_a_failed_export_says_so_kindly_and_offers_to_try_again(
    client: Client, teacher: User, assignment: Assignment, picture: object
) -> None:
    export = ready_export(teacher, assignment)
    Export.objects.filter(pk=export.pk).update(
        state="failed", error_message=str(messages.EXPORT_FAILED)
    )
    client.force_login(teacher)

    html = client.get(reverse("teacher_export", args=[export.pk])).content.decode()

    assert "Sorry, we could not make this file." in html
    assert reverse("teacher_class_book", args=[assignment.pk]) in html
    assert client.get(reverse("teacher_export_file", args=[export.pk])).status_code == 404


def test_a_co_teacher_sees_and_downloads_the_other_teachers_export(
    client: Client, teacher: User, co_teacher: User, assignment: Assignment, picture: object
) -> None:
    export = ready_export(teacher, assignment, kind="book")
    client.force_login(co_teacher)

    listing = client.get(reverse("teacher_class_book", args=[assignment.pk])).content.decode()
    assert reverse("teacher_export", args=[export.pk]) in listing
    download = client.get(reverse("teacher_export_file", args=[export.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_class_book_page_lists_exports_in_a_fixed_number_of_queries(
    client: Client,
    teacher: User,
    assignment: Assignment,
    picture: object,
) -> None:
    client.force_login(teacher)

    def listing_queries(count: int) -> int:
        Export.objects.all().delete()
        Export.objects.bulk_create(
            Export(
                assignment=assignment,
                teacher=teacher,
                kind="zip",
                source="approved",
                language="en",
                state="ready",
            )
            for _ in range(count)
        )
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("teacher_class_book", args=[assignment.pk])).status_code == 200
            )
        return len(queries)

    assert listing_queries(5) == listing_queries(50)


# The wrong people, for every view


@pytest.fixture
def export(teacher: User, assignment: Assignment, picture: object) -> Export:
    return ready_export(teacher, assignment)


def every_url(export: Export) -> list[str]:
    return [
        reverse("teacher_class_book", args=[export.assignment_id]),
        reverse("teacher_export", args=[export.pk]),
        reverse("teacher_export_status", args=[export.pk]),
        reverse("teacher_export_file", args=[export.pk]),
    ]


def test_another_teacher_finds_none_of_it(
    client: Client, other_teacher: User, other_classroom: Classroom, export: Export
) -> None:
    client.force_login(other_teacher)
    for url in every_url(export):
        assert client.get(url).status_code == 404, url
    assert ask(client, export.assignment).status_code == 404
    assert Export.objects.count() == 1


@pytest.mark.parametrize("who", ["student", "classmate", "outsider", "admin_user"])
def test_students_and_admins_are_refused_every_page(
    client: Client, export: Export, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    for url in every_url(export):
        assert client.get(url).status_code == 403, url
    assert ask(client, export.assignment).status_code == 403
    assert Export.objects.count() == 1


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, export: Export) -> None:
    for url in every_url(export):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"], url

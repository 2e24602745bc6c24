"""A teacher asks for the class book in a real browser, watches it being made by a real
Celery worker without reloading, and downloads the PDF."""

import re
from pathlib import Path

import pypdfium2
import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from classrooms.models import Assignment, Classroom, User
from generation.exports.models import Export
from generation.models import Generation
from tests.conftest import require_service
from tests.support.browser import PASSWORD, open_window, sign_in
from tests.support.factories import finished_generation
from tests.support.worker import celery_worker, redis_is_up

pytestmark = [
    pytest.mark.browser,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_defaults"),
]

BOOK_TIMEOUT_MS = 30_000


def test_teacher_makes_the_class_book_and_downloads_it(
    chromium_browser: Browser, live_server: LiveServer, media_in_tmp: Path, tmp_path: Path
) -> None:
    require_service(redis_is_up(), "Redis")
    teacher = User.objects.create_user(
        username="ms_rivera", password=PASSWORD, role=User.Role.TEACHER, display_name="Ms Rivera"
    )
    classroom = Classroom.objects.create(name="Class 5B")
    classroom.teachers.add(teacher)
    assignment = Assignment.objects.create(
        classroom=classroom, title="A monument in a new setting", created_by=teacher
    )
    for name in ("Ana", "Ben"):
        student = User.objects.create_user(
            username=name.lower(), password=PASSWORD, role=User.Role.STUDENT, first_name=name
        )
        classroom.students.add(student)
        finished_generation(
            student=student, assignment=assignment, status=Generation.Status.APPROVED
        )
    window = open_window(chromium_browser, live_server.url)
    page = sign_in(window, teacher.username)

    page.goto(f"{live_server.url}/teach/assignments/{assignment.pk}/")
    page.get_by_role("link", name="Class book and downloads").click()
    page.get_by_label("A class book to print (PDF)").check()
    page.get_by_label("Every approved picture").check()
    page.get_by_role("button", name="Make it").click()

    # No worker yet: the export waits, and its card asks the server how it is doing.
    export = Export.objects.get()
    card = page.locator(f"#export-{export.pk}")
    expect(card).to_have_attribute("data-poll-url", f"/teach/exports/{export.pk}/status/")
    expect(card.get_by_text("Waiting to start")).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")

    with celery_worker(media_root=media_in_tmp, name="book-worker"):
        try:
            expect(card).to_have_attribute("data-status", "ready", timeout=BOOK_TIMEOUT_MS)
        except AssertionError as error:
            log = (media_in_tmp.parent / "book-worker.log").read_text()
            raise AssertionError(f"{error}\n--- worker log ---\n{log}") from error
    expect(card).not_to_have_attribute("data-poll-url", re.compile(".*"))
    assert page.evaluate("window.stillTheSamePage") is True, "the page was reloaded"

    with page.expect_download() as download:
        card.get_by_role("link", name="Download the class book (PDF)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"edu4all-a-monument-in-a-new-setting-{export.pk}.pdf"
    assert len(pypdfium2.PdfDocument(saved.read_bytes())) == 3  # the cover and two pictures
    window.close()
    assert window.script_errors == [] and window.outside_requests == []

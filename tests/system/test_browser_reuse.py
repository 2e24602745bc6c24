"""In a real browser: a child's prompt is stopped, they see their own words marked, the
prompt waits in the box to be rephrased, and "Another version" of a drawn picture makes
one more however often it is clicked."""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation
from tests.conftest import require_service
from tests.support.browser import CHROMIUM, PASSWORD, Window, chromium, open_window, sign_in
from tests.support.factories import finished_generation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_defaults"),
]

# As in test_browser_journey: the sync API's loop only drives the browser.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture
def window(live_server: LiveServer) -> Iterator[Window]:
    require_service(CHROMIUM.exists(), f"Chromium at {CHROMIUM}")
    with chromium() as browser:
        opened = open_window(browser, live_server.url)
        yield opened
        assert opened.script_errors == []
        assert opened.outside_requests == []
        opened.close()


@pytest.fixture
def castles() -> Assignment:
    ms_rivera = User.objects.create_user(
        username="ms_rivera", password=PASSWORD, role=User.Role.TEACHER, display_name="Ms Rivera"
    )
    mia = User.objects.create_user(
        username="mia", password=PASSWORD, role=User.Role.STUDENT, display_name="Mia"
    )
    class_5b = Classroom.objects.create(name="Class 5B")
    class_5b.teachers.add(ms_rivera)
    class_5b.students.add(mia)
    return Assignment.objects.create(classroom=class_5b, title="Castles", created_by=ms_rivera)


def open_castles(window: Window) -> Page:
    page = sign_in(window, "mia")
    page.get_by_role("link", name="Class 5B").click()
    page.get_by_role("link", name="Castles").click()
    return page


def test_a_stopped_prompt_shows_the_childs_own_words_marked_and_stays_to_be_rephrased(
    window: Window, castles: Assignment
) -> None:
    page = open_castles(window)
    box = page.get_by_label("Describe your picture")
    box.fill("a castle guarded by s w o r d s")
    page.get_by_role("button", name="Make my picture").click()

    expect(page.get_by_text("not allowed at school").first).to_be_visible()
    notice = page.locator(".stopped-notice")
    expect(notice.locator("mark")).to_have_text("stopped word: s w o r d s")
    expect(notice.locator("mark .visually-hidden")).to_have_text("stopped word: ")
    expect(box).to_have_value("a castle guarded by s w o r d s")

    box.fill("a castle guarded by friendly knights")
    page.get_by_role("button", name="Make my picture").click()
    expect(page.get_by_text("Your picture is on its way.")).to_be_visible()
    assert Generation.objects.filter(status=Generation.Status.QUEUED).count() == 1


def test_another_version_clicked_twice_makes_one_more_picture(
    window: Window, castles: Assignment
) -> None:
    mia = User.objects.get(username="mia")
    drawn = finished_generation(student=mia, assignment=castles, prompt="a castle of cheese")
    page = open_castles(window)

    button = page.get_by_role("button", name="Another version of “a castle of cheese”")
    button.dblclick()
    expect(page.get_by_text("Another version is on its way.")).to_be_visible()

    assert Generation.objects.filter(prompt=drawn.prompt).count() == 2
    page.get_by_role("link", name="Start from this prompt: “a castle of cheese”").first.click()
    expect(page.get_by_label("Describe your picture")).to_have_value("a castle of cheese")

"""In a real browser: a child ticks three art styles, gets three pictures of one idea in a
row with each style's name, the row keeps its names as the pictures arrive, and on a
phone the pictures stack."""

import os
from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, expect
from pytest_django.live_server_helper import LiveServer

from classrooms.models import Assignment, Classroom, User
from generation.art_styles import art_styles_seed
from generation.models import ArtStyle, Generation
from generation.services import generation_draw_next
from tests.conftest import require_service
from tests.support.browser import (
    CHROMIUM,
    PASSWORD,
    Window,
    chromium,
    expect_image_loaded,
    open_window,
    sign_in,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_defaults"),
]

# As in test_browser_journey: the sync API's loop only drives the browser.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

PHONE = {"width": 390, "height": 844}


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
def lighthouses() -> Assignment:
    art_styles_seed(ArtStyle)  # the migration's seed, after an earlier test's flush
    ms_rivera = User.objects.create_user(
        username="ms_rivera", password=PASSWORD, role=User.Role.TEACHER, display_name="Ms Rivera"
    )
    mia = User.objects.create_user(
        username="mia", password=PASSWORD, role=User.Role.STUDENT, display_name="Mia"
    )
    class_5b = Classroom.objects.create(name="Class 5B")
    class_5b.teachers.add(ms_rivera)
    class_5b.students.add(mia)
    return Assignment.objects.create(
        classroom=class_5b,
        title="Lighthouses",
        created_by=ms_rivera,
        style_comparison_allowed=True,
    )


def tops_and_lefts(items: Locator) -> list[tuple[float, float]]:
    boxes = [items.nth(n).bounding_box() for n in range(items.count())]
    return [(round(box["y"]), round(box["x"])) for box in boxes if box]


def test_three_styles_of_one_idea_arrive_side_by_side_and_stack_on_a_phone(
    window: Window, lighthouses: Assignment
) -> None:
    page = sign_in(window, "mia")
    page.goto(reverse("student_assignment", args=[lighthouses.pk]))
    styles = page.get_by_role("group", name="The same idea in several styles")
    for name in ("Watercolour", "Pixel art", "Clay model"):
        styles.get_by_label(name).check()
    page.get_by_label("Describe your picture").fill("a lighthouse on a rainy night")
    page.get_by_role("button", name="Make my picture").click()

    row = page.locator(".comparison")
    expect(row.get_by_role("heading")).to_have_text("The same idea in 3 styles")
    expect(row.locator("figcaption")).to_have_text(["Watercolour", "Pixel art", "Clay model"])

    for generation in Generation.objects.filter(status=Generation.Status.QUEUED):
        generation_draw_next(generation_id=generation.pk)
    for n in range(3):  # the live status puts each picture in its place
        expect_image_loaded(row.locator("figure").nth(n).locator("img"))
    expect(row.locator("figcaption")).to_have_text(["Watercolour", "Pixel art", "Clay model"])

    figures = row.locator("figure")
    side_by_side = tops_and_lefts(figures)
    assert len({top for top, _left in side_by_side}) == 1, side_by_side
    assert [left for _top, left in side_by_side] == sorted({left for _t, left in side_by_side})

    page.set_viewport_size(PHONE)
    stacked = tops_and_lefts(figures)
    assert len({left for _top, left in stacked}) == 1, stacked
    assert [top for top, _left in stacked] == sorted({top for top, _l in stacked})

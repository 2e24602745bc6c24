"""What the model understood, in a real Chromium: on a wide screen the student's prompt
and the model's version stand side by side; on a phone they are stacked and fit."""

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation
from tests.support.browser import PASSWORD, open_window, sign_in
from tests.support.factories import finished_generation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def drawn(db: None) -> Generation:
    mia = User.objects.create_user(username="mia", password=PASSWORD, role=User.Role.STUDENT)
    class_5b = Classroom.objects.create(name="Class 5B")
    class_5b.students.add(mia)
    robots = Assignment.objects.create(classroom=class_5b, title="Robots at home")
    generation = finished_generation(
        student=mia, assignment=robots, prompt="a friendly robot watering plants"
    )
    Generation.objects.filter(pk=generation.pk).update(
        provider="openai",
        model="dall-e-3",
        revised_prompt="A friendly robot watering green plants in a sunny rooftop garden.",
    )
    return generation


@pytest.mark.parametrize(("width", "side_by_side"), [(1280, True), (320, False)])
def test_the_prompt_and_the_models_version_are_side_by_side_when_there_is_room(
    chromium_browser: Browser,
    live_server: LiveServer,
    drawn: Generation,
    width: int,
    side_by_side: bool,
) -> None:
    window = open_window(chromium_browser, live_server.url)
    try:
        window.page.set_viewport_size({"width": width, "height": 800})
        page = sign_in(window, "mia")
        page.goto(f"/images/{drawn.pk}/")
        expect(page.locator("#revised-prompt ins").first).to_have_text("added by the model: green")
        # The words for screen readers are there but not shown.
        hidden = page.locator("#revised-prompt .visually-hidden").first
        assert hidden.bounding_box() is not None
        assert hidden.bounding_box()["width"] <= 1  # type: ignore[index]

        written, revised = (
            page.locator(".understood-side").nth(index).bounding_box() for index in (0, 1)
        )
        assert written is not None and revised is not None
        if side_by_side:
            assert revised["x"] >= written["x"] + written["width"]
            assert abs(revised["y"] - written["y"]) < 1
        else:
            assert revised["y"] >= written["y"] + written["height"]
            # Both fit on the phone's screen (the site's header is another story).
            assert revised["x"] + revised["width"] <= width
        assert window.script_errors == [] and window.outside_requests == []
    finally:
        window.close()

"""The prompt builder in a real Chromium: typing in the parts fills the prompt box with
exactly the text compose_from_parts makes, the child's own words in the box are kept,
and without JavaScript the server puts the same parts together into the same prompt."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from pytest_django.live_server_helper import LiveServer

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation
from generation.prompt_builder import compose_from_parts
from tests.conftest import require_service
from tests.support.browser import PASSWORD, VIEWPORT, Window, open_window, sign_in
from tests.support.worker import redis_is_up

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_defaults"),
]

# Untidy on purpose: spaces, commas at the ends, a small first letter, an empty part.
PARTS = {
    "subject": "  a friendly   robot",
    "action": "watering plants ,",
    "style": "watercolour",
    "setting": "in a rooftop garden",
    "details": "",
    "quality": ", bright, detailed  ",
}
LABELS = {
    "subject": "Who or what is in your picture?",
    "action": "What is it doing?",
    "style": "What kind of picture is it?",
    "setting": "Where is it?",
    "details": "Any special details?",
    "quality": "Words for how it looks",
}


@pytest.fixture
def builder_assignment(db: None) -> Assignment:
    ms_rivera = User.objects.create_user(
        username="ms_rivera", password=PASSWORD, role=User.Role.TEACHER
    )
    mia = User.objects.create_user(
        username="mia", password=PASSWORD, role=User.Role.STUDENT, display_name="Mia"
    )
    class_5b = Classroom.objects.create(name="Class 5B")
    class_5b.teachers.add(ms_rivera)
    class_5b.students.add(mia)
    return Assignment.objects.create(
        classroom=class_5b, title="Robots at home", created_by=ms_rivera, prompt_builder=True
    )


@pytest.fixture
def open_as_mia(
    chromium_browser: Browser, live_server: LiveServer, builder_assignment: Assignment
) -> Iterator[Callable[..., Page]]:
    """Mia's window on the assignment page; at the end, no window had a script error (a
    CSP refusal is a console error) or asked anything of another server."""
    windows: list[Window] = []
    console_errors: list[str] = []

    def record(message: ConsoleMessage) -> None:
        # The browser asks for a favicon the site does not have; anything else counts.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            console_errors.append(message.text)

    def open_page(**context_options: Any) -> Page:
        if context_options:
            context = chromium_browser.new_context(
                base_url=live_server.url, viewport=VIEWPORT, **context_options
            )
            window = Window(page=context.new_page(), context=context)
        else:
            window = open_window(chromium_browser, live_server.url)
        windows.append(window)
        window.page.on("console", lambda message: record(message))
        page = sign_in(window, "mia")
        page.goto(f"/assignments/{builder_assignment.pk}/")
        return page

    yield open_page
    for window in windows:
        assert window.script_errors == []
        assert window.outside_requests == []
        window.close()
    assert console_errors == []


def fill_parts(page: Page, parts: dict[str, str]) -> None:
    for name, value in parts.items():
        if value:
            # Key by key, as a child types, so every keystroke's composing is exercised.
            page.get_by_label(LABELS[name]).press_sequentially(value)


def test_typing_in_the_parts_fills_the_box_with_exactly_the_servers_prompt(
    open_as_mia: Callable[..., Page],
) -> None:
    page = open_as_mia()
    box = page.get_by_label("Describe your picture")
    expect(page.get_by_role("group", name="Build your prompt")).to_be_visible()

    page.get_by_label(LABELS["subject"]).press_sequentially("a friendly robot")
    expect(box).to_have_value("A friendly robot")
    page.get_by_label(LABELS["subject"]).fill("")
    expect(box).to_have_value("")

    fill_parts(page, PARTS)

    expected = compose_from_parts(PARTS)
    assert expected == (
        "A friendly robot watering plants, in a rooftop garden, watercolour, bright, detailed"
    )
    expect(box).to_have_value(expected)


def test_the_childs_own_words_in_the_box_are_kept_until_she_asks_for_the_parts_again(
    open_as_mia: Callable[..., Page],
) -> None:
    page = open_as_mia()
    box = page.get_by_label("Describe your picture")
    fill_parts(page, {"subject": "a cat", "action": "sleeping"})
    expect(box).to_have_value("A cat sleeping")

    box.fill("A cat sleeping on the Moon")
    page.get_by_label(LABELS["style"]).press_sequentially("pixel art")

    expect(box).to_have_value("A cat sleeping on the Moon")
    expect(page.get_by_text("You changed the words in the box yourself")).to_be_visible()
    page.get_by_role("button", name="Use my parts again").click()
    parts = {"subject": "a cat", "action": "sleeping", "style": "pixel art"}
    expect(box).to_have_value(compose_from_parts(parts))
    expect(box).to_be_focused()
    expect(page.get_by_text("You changed the words in the box yourself")).to_be_hidden()


def test_without_javascript_the_server_makes_the_same_prompt_from_the_same_parts(
    open_as_mia: Callable[..., Page], builder_assignment: Assignment
) -> None:
    require_service(redis_is_up(), "Redis on 127.0.0.1:6379")
    page = open_as_mia(java_script_enabled=False)
    for name, value in PARTS.items():
        page.get_by_label(LABELS[name]).fill(value)
    expect(page.get_by_label("Describe your picture")).to_have_value("")

    page.get_by_role("button", name="Make my picture").click()

    expect(page.get_by_text("Your picture is on its way.")).to_be_visible()
    generation = Generation.objects.get(assignment=builder_assignment)
    assert generation.prompt == compose_from_parts(PARTS)

"""With only Tab, the arrows, Space and Enter (and typing words), a student makes a
picture and a teacher reviews one; the focus goes where the result is, a skip link comes
first, and a picture that changes status is announced."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation
from generation.services import generation_draw_next
from tests.support.browser import PASSWORD, Window, wait_until
from tests.support.factories import finished_generation
from tests.support.keyboard import tab_to

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_defaults"),
]


@pytest.fixture
def castles() -> Assignment:
    teacher = User.objects.create_user(
        username="ms_rivera", password=PASSWORD, role=User.Role.TEACHER, display_name="Ms Rivera"
    )
    mia = User.objects.create_user(
        username="mia", password=PASSWORD, role=User.Role.STUDENT, display_name="Mia"
    )
    classroom = Classroom.objects.create(name="Class 5B")
    classroom.teachers.add(teacher)
    classroom.students.add(mia)
    return Assignment.objects.create(
        classroom=classroom,
        title="Castles",
        created_by=teacher,
        allowed_orientations=["square", "landscape"],
    )


def sign_in_with_the_keyboard(page: Page, username: str) -> None:
    page.goto(reverse("login"))
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_the_first_thing_tab_reaches_is_a_skip_link_to_the_page_itself(
    window: Window, castles: Assignment
) -> None:
    page = window.page
    sign_in_with_the_keyboard(page, "mia")
    page.goto(reverse("student_class", args=[castles.classroom_id]))
    page.keyboard.press("Tab")  # the first Tab on a page just opened
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # shown when it has the focus
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"  # our own focus ring
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_a_wrong_password_puts_the_focus_on_what_went_wrong(
    window: Window, castles: Assignment
) -> None:
    page = window.page
    page.goto(reverse("login"))
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type("mia")
    page.keyboard.press("Tab")
    page.keyboard.type("not-her-password")
    page.keyboard.press("Enter")
    expect(page.locator("main .errorlist")).to_be_focused()


def test_with_only_the_keyboard_a_student_makes_a_picture_and_hears_when_it_is_ready(
    window: Window, castles: Assignment
) -> None:
    page = window.page
    sign_in_with_the_keyboard(page, "mia")

    tab_to(page, page.get_by_role("link", name="Class 5B"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Castles"))
    page.keyboard.press("Enter")

    tab_to(page, page.get_by_label("Describe your picture"))
    page.keyboard.type("a castle on a cloud")
    # The shape is a radio group in a fieldset with its legend: Tab in, an arrow to choose.
    shapes = page.get_by_role("group", name="Shape")
    tab_to(page, shapes.get_by_role("radio", name="Square"))
    page.keyboard.press("ArrowDown")
    expect(shapes.get_by_role("radio", name="Landscape")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Make my picture"))
    page.keyboard.press("Enter")

    # The focus goes to what happened, so it is read first.
    expect(page.locator("#messages")).to_be_focused()
    expect(page.locator("#messages")).to_contain_text("Your picture is on its way.")
    picture = Generation.objects.get(student__username="mia")
    assert picture.prompt == "a castle on a cloud"
    assert picture.options["orientation"] == "landscape"

    generation_draw_next(generation_id=picture.pk)
    picture.refresh_from_db()
    expect(page.locator("#live-status")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#live-status")).to_have_text(
        f"“a castle on a cloud”: {picture.get_status_display()}", timeout=10_000
    )


def test_a_stopped_word_puts_the_focus_on_why_the_picture_was_not_made(
    window: Window, castles: Assignment
) -> None:
    page = window.page
    sign_in_with_the_keyboard(page, "mia")
    page.goto(reverse("student_assignment", args=[castles.pk]))
    tab_to(page, page.get_by_label("Describe your picture"))
    page.keyboard.type("a castle guarded by swords")
    tab_to(page, page.get_by_role("button", name="Make my picture"))
    page.keyboard.press("Enter")
    notice = page.locator(".stopped-notice")
    expect(notice).to_contain_text("Why your picture was not made")
    # Focus moves once the page's deferred script runs: wait for it rather than look once.
    wait_until(page, "() => document.activeElement?.matches('#messages, .stopped-notice')")


def test_with_only_the_keyboard_a_teacher_approves_a_picture(
    window: Window, castles: Assignment
) -> None:
    mia = User.objects.get(username="mia")
    waiting = finished_generation(student=mia, assignment=castles, prompt="a castle at dawn")
    page = window.page
    sign_in_with_the_keyboard(page, "ms_rivera")

    tab_to(page, page.get_by_role("link", name="Review pictures"))
    page.keyboard.press("Enter")
    card = page.locator(f"#review-{waiting.pk}")
    # The small picture is a link named by its prompt.
    expect(card.get_by_role("link", name="a castle at dawn")).to_be_visible()
    tab_to(page, card.get_by_role("button", name="Approve"))
    page.keyboard.press("Space")

    expect(page.locator("#messages")).to_be_focused()
    expect(page.locator("#messages")).to_contain_text("Picture approved.")
    waiting.refresh_from_db()
    assert waiting.status == Generation.Status.APPROVED

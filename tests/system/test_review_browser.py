"""A teacher reviews a class in a real browser (issue 14): filters the queue, rejects
with a preset reason giving the try back, approves a whole page at once, takes in a new
picture live and approves it from the keyboard, changes two decisions; the students see
their new decisions marked and the try given back in their pictures left."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation, ReviewDecision
from tests.support.browser import PASSWORD, Window, screenshot, wait_until
from tests.support.factories import finished_generation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRESET = "Lovely idea! Please tell me more about what is happening in your picture."


def _person(username: str, role: str) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, display_name=username.title()
    )


@pytest.fixture
def two_classes() -> dict[str, object]:
    teacher = _person("ms_rivera", User.Role.TEACHER)
    ana, ben, carla = (_person(name, User.Role.STUDENT) for name in ("ana", "ben", "carla"))
    five_b = Classroom.objects.create(name="Class 5B")
    five_b.teachers.add(teacher)
    five_b.students.add(ana, ben)
    five_c = Classroom.objects.create(name="Class 5C")
    five_c.teachers.add(teacher)
    five_c.students.add(carla)
    castles = Assignment.objects.create(
        classroom=five_b, title="Castles", created_by=teacher, image_limit=3
    )
    rivers = Assignment.objects.create(classroom=five_c, title="Rivers", created_by=teacher)
    pictures = {
        "ana1": finished_generation(student=ana, assignment=castles, prompt="a castle of sand"),
        "ana2": finished_generation(student=ana, assignment=castles, prompt="a castle of ice"),
        "ben": finished_generation(student=ben, assignment=castles, prompt="a castle, a dragon"),
        "carla": finished_generation(student=carla, assignment=rivers, prompt="a river"),
    }
    return {
        "teacher": teacher,
        "ana": ana,
        "ben": ben,
        "five_b": five_b,
        "castles": castles,
        "pictures": pictures,
    }


def _status(generation: Generation) -> str:
    return Generation.objects.get(pk=generation.pk).status


def test_a_teacher_reviews_a_class_and_the_students_see_the_marks(
    signed_in: Callable[[User], tuple[Window, Page]], two_classes: dict
) -> None:
    pictures = two_classes["pictures"]
    _window, page = signed_in(two_classes["teacher"])

    # Only Class 5B's pictures.
    page.goto("/teach/review/")
    page.get_by_label("Class").select_option(label="Class 5B")
    page.get_by_role("button", name="Show", exact=True).click()
    # Loaded, scripts and all: picking a reason before the script runs still works (the
    # preset is sent), but would not fill the field in.
    page.wait_for_url(f"**/teach/review/?classroom={two_classes['five_b'].pk}*")
    cards = page.locator("[data-review-card]")
    expect(cards).to_have_count(3)
    expect(page.locator(f"#review-{pictures['carla'].pk}")).to_have_count(0)

    # Ben's picture: a preset reason fills the reason in; the try is given back.
    ben_card = page.locator(f"#review-{pictures['ben'].pk}")
    ben_card.get_by_label("Pick a reason").select_option(label=PRESET)
    expect(ben_card.get_by_label("Reason", exact=True)).to_have_value(PRESET)
    expect(ben_card.get_by_label("Give this try back")).to_be_checked()
    ben_card.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("The try was given back")).to_be_visible()
    assert _status(pictures["ben"]) == Generation.Status.REJECTED

    # The rest of the page, in one click; the filter stays.
    expect(cards).to_have_count(2)
    page.get_by_role("button", name="Approve all on this page").click()
    expect(page.get_by_text("2 pictures approved.")).to_be_visible()
    expect(cards).to_have_count(0)
    assert _status(pictures["ana1"]) == _status(pictures["ana2"]) == Generation.Status.APPROVED
    assert _status(pictures["carla"]) == Generation.Status.AWAITING_REVIEW

    # A new picture arrives while the page is open, and is approved from the keyboard.
    late = finished_generation(
        student=two_classes["ben"], assignment=two_classes["castles"], prompt="a castle at night"
    )
    expect(page.locator(f"#review-{late.pk}")).to_be_visible(timeout=15_000)
    # Its reasons come from the page (the poll reads only the pictures): four and "Pick".
    expect(page.locator(f"#review-{late.pk} select[data-preset] option")).to_have_count(5)
    page.keyboard.press("?")
    expect(page.locator("#keys-help")).to_have_attribute("open", "")
    screenshot(page, "teacher-review-queue.png")
    page.keyboard.press("j")
    wait_until(page, "id => document.activeElement.id === id", f"review-{late.pk}")
    page.keyboard.press("a")
    expect(page.get_by_text("Picture approved.")).to_be_visible()
    assert _status(late) == Generation.Status.APPROVED

    # Typing in a field is only typing: an "a" in a reason approves nothing.
    page.goto("/teach/review/")
    carla_card = page.locator(f"#review-{pictures['carla'].pk}")
    carla_card.get_by_label("Reason", exact=True).press_sequentially("a")
    page.wait_for_timeout(300)
    assert _status(pictures["carla"]) == Generation.Status.AWAITING_REVIEW

    # Changing decisions: Ana's first picture is taken back, Ben's approved after all.
    page.goto(f"/images/{pictures['ana1'].pk}/")
    page.get_by_label("Reason", exact=True).fill("Let's leave people's names out.")
    page.get_by_label("Give this try back").uncheck()
    page.get_by_role("button", name="Take back the approval").click()
    expect(page.get_by_role("heading", name="Decisions")).to_be_visible()
    assert _status(pictures["ana1"]) == Generation.Status.REJECTED
    page.goto(f"/images/{pictures['ben'].pk}/")
    page.get_by_role("button", name="Approve after all").click()
    expect(page.locator(".decisions li")).to_have_count(2)
    assert _status(pictures["ben"]) == Generation.Status.APPROVED
    assert ReviewDecision.objects.count() == 6

    # Ana sees what is new once; her pictures left did not change (no try given back).
    _window, ana_page = signed_in(two_classes["ana"])
    ana_page.goto(f"/assignments/{two_classes['castles'].pk}/")
    ana_card = ana_page.locator(f"#generation-{pictures['ana1'].pk}")
    expect(ana_card.locator("[data-new-decision]")).to_be_visible()
    expect(ana_card.get_by_text("Let's leave people's names out.")).to_be_visible()
    expect(ana_page.locator("#remaining")).to_contain_text("1 more picture")
    ana_page.reload()
    expect(ana_page.locator("[data-new-decision]")).to_have_count(0)

    # Ben: rejected with the try back, then approved after all (it counts again).
    _window, ben_page = signed_in(two_classes["ben"])
    ben_page.goto(f"/assignments/{two_classes['castles'].pk}/")
    expect(ben_page.locator("[data-new-decision]")).to_have_count(2)
    expect(ben_page.locator("#remaining")).to_contain_text("1 more picture")


def test_the_queue_is_reviewed_from_the_keyboard_alone(
    signed_in: Callable[[User], tuple[Window, Page]], two_classes: dict
) -> None:
    """j/k move, x ticks, r goes to the reason (where keys are only typing), ? the help."""
    pictures = two_classes["pictures"]
    _window, page = signed_in(two_classes["teacher"])
    page.goto("/teach/review/")
    order = [f"review-{pictures[name].pk}" for name in ("ana1", "ana2", "ben", "carla")]
    focused = "id => document.activeElement.id === id"

    page.keyboard.press("j")
    wait_until(page, focused, order[0])
    page.keyboard.press("ArrowDown")
    wait_until(page, focused, order[1])
    page.keyboard.press("x")  # tick Ana's second picture
    page.keyboard.press("j")
    page.keyboard.press("j")
    wait_until(page, focused, order[3])
    page.keyboard.press("k")
    wait_until(page, focused, order[2])
    page.keyboard.press("x")  # and Ben's
    expect(page.locator(f"#{order[1]} input[name=picked]")).to_be_checked()
    expect(page.locator(f"#{order[2]} input[name=picked]")).to_be_checked()

    page.keyboard.press("r")
    reason = page.locator(f"#{order[2]} [data-reason]")
    expect(reason).to_be_focused()
    page.keyboard.type("jka?x")  # typing, not shortcuts
    expect(reason).to_have_value("jka?x")
    expect(page.locator("#keys-help")).not_to_have_attribute("open", "")

    page.get_by_role("button", name="Approve the ticked pictures").click()
    expect(page.get_by_text("2 pictures approved.")).to_be_visible()
    assert _status(pictures["ana2"]) == _status(pictures["ben"]) == Generation.Status.APPROVED
    assert _status(pictures["ana1"]) == Generation.Status.AWAITING_REVIEW

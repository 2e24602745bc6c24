"""A whole lesson in a real browser, with a real Celery worker drawing the picture.

Ms Rivera sets an assignment for Class 5B. Leo, who has an account but is in no class
yet, joins with the class code, describes his picture and watches it appear on his page
without reloading. Ms Rivera approves it, and it shows up in the class gallery.

Then the whole creative loop: Mia's first prompt is stopped and she rephrases it, asks for
another version, paints the part of her picture to change and says what should change,
follows the chain from the original to the change; Ms Rivera approves the change, and
Mia turns it in with a caption that Ms Rivera reads on her assignment page.

Along the way the test saves the README's screenshots to docs/screenshots/ (or to
$EDU4ALL_SCREENSHOTS_DIR).
"""

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation
from generation.views import student as student_views
from tests.conftest import require_service
from tests.support.browser import (
    PASSWORD,
    Window,
    expect_image_loaded,
    open_window,
    screenshot,
    sign_in,
)
from tests.support.factories import GenerationFactory, finished_generation
from tests.support.worker import celery_worker, redis_is_up

pytestmark = [
    pytest.mark.browser,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_defaults"),
]


PICTURE_TIMEOUT_MS = 30_000
IN_PROGRESS = re.compile(r"^(queued|generating)$")
REVISED_BY_THE_MODEL = (
    "A storybook castle on a green hill, guarded by two friendly cartoon dragons with big"
    " smiles, in soft watercolour colours."
)
# A brush stroke to and fro across the lower part of a picture, as shares of its size.
TO_AND_FRO = [(0.2, 0.6), (0.8, 0.6), (0.8, 0.7), (0.2, 0.7), (0.2, 0.8), (0.8, 0.8)]


@pytest.fixture
def windows() -> Iterator[list[Window]]:
    """Every window the test opens, closed at the end."""
    opened: list[Window] = []
    yield opened
    for window in opened:
        window.close()


@pytest.fixture
def signed_in(
    chromium_browser: Browser, live_server: LiveServer, windows: list[Window]
) -> Callable[[User], Page]:
    def open_as(person: User) -> Page:
        window = open_window(chromium_browser, live_server.url)
        windows.append(window)
        return sign_in(window, person.username)

    return open_as


def person(username: str, name: str, role: str) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, display_name=name
    )


def test_a_new_student_joins_and_watches_his_picture_appear_then_the_teacher_approves_it(
    signed_in: Callable[[User], Page], windows: list[Window], media_in_tmp: Path
) -> None:
    require_service(redis_is_up(), "Redis on 127.0.0.1:6379")
    ms_rivera = person("ms_rivera", "Ms Rivera", User.Role.TEACHER)
    class_5b = Classroom.objects.create(name="Class 5B")
    class_5b.teachers.add(ms_rivera)
    class_5b.students.add(
        person("ana", "Ana", User.Role.STUDENT), person("ben", "Ben", User.Role.STUDENT)
    )
    leo = person("leo", "Leo", User.Role.STUDENT)

    # Ms Rivera opens Class 5B and sets the first assignment: square or wide pictures.
    teacher = signed_in(ms_rivera)
    teacher.get_by_role("link", name="Class 5B").click()
    expect(teacher.get_by_text("No assignments yet.")).to_be_visible()
    teacher.get_by_role("link", name="New assignment").click()
    teacher.get_by_label("Title").fill("A monument in a new setting")
    teacher.get_by_label("Instructions").fill("Draw a famous monument somewhere surprising.")
    teacher.get_by_label("Square").check()
    teacher.get_by_label("Landscape (wide)").check()
    teacher.get_by_role("button", name="Save assignment").click()
    expect(teacher.get_by_text("Assignment saved.")).to_be_visible()
    expect(teacher.get_by_role("heading", name="A monument in a new setting")).to_be_visible()
    assignment = Assignment.objects.get(classroom=class_5b)
    assert assignment.created_by == ms_rivera
    assert assignment.requires_approval
    assert {"square", "landscape"} <= set(assignment.allowed_orientations)

    # Leo is in no class yet. He types the code Ms Rivera gave him.
    student = signed_in(leo)
    expect(student.get_by_text("You are not in a class yet.")).to_be_visible()
    student.get_by_label("Class code").fill(class_5b.join_code)
    student.get_by_role("button", name="Join", exact=True).click()
    expect(student.get_by_text("Welcome to Class 5B!")).to_be_visible()
    assert class_5b.students.filter(pk=leo.pk).exists()

    # He opens the assignment and asks for a wide picture.
    student.get_by_role("link", name="A monument in a new setting").click()
    student.get_by_label("Describe your picture").fill(
        "the Statue of Liberty in a jungle with parrots"
    )
    student.get_by_label("Landscape (wide)").check()
    student.get_by_role("button", name="Make my picture").click()
    expect(student.get_by_text("Your picture is on its way.")).to_be_visible()

    # No worker is running yet, so the card is certainly still on its way and polling.
    generation = Generation.objects.get(student=leo, assignment=assignment)
    card = student.locator(f"#my-pictures #generation-{generation.pk}")
    expect(card).to_have_attribute("data-status", IN_PROGRESS)
    expect(card).to_have_attribute("data-poll-url", f"/images/{generation.pk}/status/")
    expect(card.get_by_text("Your picture is being drawn")).to_be_visible()
    student.evaluate("window.stillTheSamePage = true")
    polls: list[str] = []
    student.on("response", lambda r: polls.append(r.url) if "/status/" in r.url else None)

    # The worker comes up, draws the picture, and the card changes in front of him.
    with celery_worker(media_root=media_in_tmp):
        try:
            expect(card).to_have_attribute(
                "data-status", "awaiting_review", timeout=PICTURE_TIMEOUT_MS
            )
        except AssertionError as error:
            log = (media_in_tmp.parent / "worker.log").read_text()
            raise AssertionError(f"{error}\n--- worker log ---\n{log}") from error
    expect_image_loaded(card.locator("img"))
    expect(card.locator(".badge")).to_have_text("Waiting for your teacher")
    expect(card).not_to_have_attribute("data-poll-url", re.compile(".*"))
    assert student.evaluate("window.stillTheSamePage") is True, "the page was reloaded"
    assert polls and all(url.endswith(f"/images/{generation.pk}/status/") for url in polls)
    generation.refresh_from_db()
    assert generation.status == Generation.Status.AWAITING_REVIEW
    assert generation.size == "1792x1024"
    assert generation.image.name and (media_in_tmp / generation.image.name).is_file()

    # Ms Rivera finds it waiting for her and approves it.
    teacher.get_by_role("link", name="Review pictures").click()
    waiting = teacher.locator(f"#review-{generation.pk}")
    expect(waiting).to_contain_text("Leo")
    expect(waiting).to_contain_text("the Statue of Liberty in a jungle with parrots")
    expect_image_loaded(waiting.locator("img"))
    screenshot(teacher, "teacher-review.png")
    waiting.get_by_role("button", name="Approve").click()
    expect(teacher.get_by_text("Picture approved.")).to_be_visible()
    expect(teacher.get_by_text("Nothing to review. All caught up!")).to_be_visible()
    generation.refresh_from_db()
    assert generation.status == Generation.Status.APPROVED
    assert generation.reviewed_by == ms_rivera

    # Leo looks again: approved, and in the class gallery for everyone.
    student.reload()
    expect(card.locator(".badge")).to_have_text("Approved")
    expect_image_loaded(card.locator("img"))
    screenshot(student, "student-assignment.png")
    student.get_by_role("link", name="See the class gallery").click()
    expect(student.get_by_role("heading", name="Class gallery")).to_be_visible()
    in_gallery = student.locator(".grid .card").filter(has_text="Leo")
    expect(in_gallery).to_have_count(1)
    expect_image_loaded(in_gallery.locator("img"))
    screenshot(student, "student-gallery.png")

    # The picture's own page says honestly that no AI revised his prompt.
    in_gallery.get_by_role("link").click()
    expect(student).to_have_url(re.compile(rf"/images/{generation.pk}/$"))
    expect(student.locator("#revised-prompt")).to_contain_text("Offline preview")
    expect_image_loaded(student.locator("img.big-image"))

    # Back on her class page Ms Rivera sees Leo on the roster and his picture counted.
    teacher.get_by_role("link", name="My classes").click()
    teacher.get_by_role("link", name="Class 5B").click()
    expect(teacher.locator("#join-code")).to_have_text(class_5b.join_code)
    for name in ("Ana", "Ben", "Leo"):
        expect(teacher.get_by_role("cell", name=name).first).to_be_visible()
    row = teacher.get_by_role("row").filter(has_text="A monument in a new setting")
    expect(row.get_by_role("cell").nth(1)).to_have_text("1")
    screenshot(teacher, "teacher-class.png")

    for window in windows:
        assert window.script_errors == []
        assert window.outside_requests == []


def expect_drawn(card: Locator, media_root: Path) -> None:
    """The card's live updates bring the drawn picture, waiting for the teacher (with the
    worker's log when they do not)."""
    try:
        expect(card).to_have_attribute("data-status", "awaiting_review", timeout=PICTURE_TIMEOUT_MS)
    except AssertionError as error:
        log = (media_root.parent / "worker.log").read_text()
        raise AssertionError(f"{error}\n--- worker log ---\n{log}") from error
    expect_image_loaded(card.locator("img"))


def paint_with_the_mouse(page: Page, *points: tuple[float, float]) -> None:
    """One stroke across the painter through points given as shares of its size."""
    canvas = page.locator("[data-painter-canvas]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None

    def at(point: tuple[float, float]) -> tuple[float, float]:
        return box["x"] + point[0] * box["width"], box["y"] + point[1] * box["height"]

    page.mouse.move(*at(points[0]))
    page.mouse.down()
    for point in points[1:]:
        page.mouse.move(*at(point), steps=16)
    page.mouse.up()


def stored_picture(generation: Generation, media_root: Path) -> Image.Image:
    generation.refresh_from_db()
    assert generation.image.name
    return Image.open(media_root / generation.image.name).convert("RGB")


def test_a_student_goes_round_the_whole_creative_loop_and_turns_in_the_change(
    signed_in: Callable[[User], Page], windows: list[Window], media_in_tmp: Path
) -> None:
    require_service(redis_is_up(), "Redis on 127.0.0.1:6379")
    ms_rivera = person("ms_rivera", "Ms Rivera", User.Role.TEACHER)
    mia = person("mia", "Mia", User.Role.STUDENT)
    class_5b = Classroom.objects.create(name="Class 5B")
    class_5b.teachers.add(ms_rivera)
    class_5b.students.add(mia)
    castles = Assignment.objects.create(
        classroom=class_5b, title="Castles", created_by=ms_rivera, image_limit=5
    )
    assert castles.editing_allowed and castles.requires_approval and castles.turn_in_limit == 1

    # Mia's first idea has a word the school's list stops: her word is marked, and what
    # she wrote waits in the box to be rephrased.
    student = signed_in(mia)
    student.get_by_role("link", name="Class 5B").click()
    student.get_by_role("link", name="Castles").click()
    box = student.get_by_label("Describe your picture")
    box.fill("a castle guarded by swords")
    student.get_by_role("button", name="Make my picture").click()
    notice = student.locator(".stopped-notice")
    expect(notice.locator("mark")).to_have_text("stopped word: swords")
    expect(box).to_have_value("a castle guarded by swords")

    # She rephrases it and makes her picture.
    box.fill("a castle guarded by friendly dragons")
    student.get_by_role("button", name="Make my picture").click()
    expect(student.get_by_text("Your picture is on its way.")).to_be_visible()
    expect(student.locator(".stopped-notice")).to_have_count(0)
    first = Generation.objects.exclude(status=Generation.Status.BLOCKED).get(student=mia)
    assert first.prompt == "a castle guarded by friendly dragons"

    with celery_worker(media_root=media_in_tmp):
        expect_drawn(student.locator(f"#generation-{first.pk}"), media_in_tmp)

        # Another version of the same prompt: a second picture arrives beside the first.
        student.get_by_role(
            "button", name="Another version of “a castle guarded by friendly dragons”"
        ).first.click()
        expect(student.get_by_text("Another version is on its way.")).to_be_visible()
        second = Generation.objects.filter(student=mia).latest("pk")
        assert second.pk != first.pk and second.prompt == first.prompt
        expect_drawn(student.locator(f"#generation-{second.pk}"), media_in_tmp)
        expect(student.locator("#my-pictures img")).to_have_count(2)

        # She changes part of the first one: paints the bottom of it with the mouse, to
        # and fro with the large brush, and says what should change there.
        student.locator(f"#generation-{first.pk}").get_by_role(
            "link", name="Change part of “a castle guarded by friendly dragons”"
        ).click()
        expect(student.get_by_role("heading", name="Change part of your picture")).to_be_visible()
        expect_image_loaded(student.locator(".painter-picture"))
        expect(student.get_by_role("status")).to_have_text("Nothing is painted yet.")
        student.get_by_role("radio", name="Large").check()
        paint_with_the_mouse(student, *TO_AND_FRO)
        expect(student.get_by_role("status")).to_have_text("1 area painted.")
        student.get_by_label("What should change in the painted part?").fill(
            "a rainbow bridge over the river"
        )
        expect(
            student.get_by_label("Keep everything outside the painted part exactly as it is")
        ).to_be_checked()
        screenshot(student, "student-painter.png")
        student.get_by_role("button", name="Change my picture").click()
        expect(student.get_by_text("Your change is on its way.")).to_be_visible()
        change = Generation.objects.filter(student=mia).latest("pk")
        assert change.parent_id == first.pk
        assert change.prompt == "a rainbow bridge over the river"
        expect_drawn(student.locator(f"#generation-{change.pk}"), media_in_tmp)

    # The painted part changed, and everything far from it is exactly the original.
    original, changed = stored_picture(first, media_in_tmp), stored_picture(change, media_in_tmp)
    assert changed.size == original.size
    width, height = original.size
    painted = (int(0.3 * width), int(0.6 * height), int(0.7 * width), int(0.8 * height))
    far_away = (0, int(0.9 * height), int(0.1 * width), height)
    assert changed.crop(painted).tobytes() != original.crop(painted).tobytes()
    assert changed.crop(far_away).tobytes() == original.crop(far_away).tobytes()

    # She opens the new picture and sees where it came from: the original, then the change.
    student.locator(f"#generation-{change.pk}").get_by_role("link", name="Details").click()
    expect(student).to_have_url(re.compile(rf"/images/{change.pk}/$"))
    chain = student.locator(".edit-chain")
    steps = chain.get_by_role("listitem")
    expect(steps).to_have_count(2)
    expect(steps.nth(0)).to_contain_text("Original: “a castle guarded by friendly dragons”")
    expect(steps.nth(0).get_by_role("link")).to_have_attribute("href", f"/images/{first.pk}/")
    expect(steps.nth(1)).to_contain_text("This change: “a rainbow bridge over the river”")
    expect(steps.nth(1)).to_have_attribute("aria-current", "page")
    # Small pictures in a row, oldest first, this one among them.
    expect_image_loaded(steps.nth(0).locator("img"))
    expect_image_loaded(steps.nth(1).locator("img"))
    was, now = steps.nth(0).bounding_box(), steps.nth(1).bounding_box()
    assert was is not None and now is not None
    assert now["x"] >= was["x"] + was["width"]
    expect_image_loaded(student.locator("img.big-image"))
    screenshot(student, "student-edit-chain.png")

    # Ms Rivera signs in and finds the change in her queue, marked as a change.
    teacher = signed_in(ms_rivera)
    teacher.get_by_role("link", name="Review pictures").click()
    waiting = teacher.locator(f"#review-{change.pk}")
    expect(waiting).to_contain_text("Mia")
    expect(waiting).to_contain_text("a rainbow bridge over the river")
    marked = waiting.locator(".edit-of")
    expect(marked).to_contain_text("A change of an earlier picture")
    expect(marked.get_by_role("link")).to_have_attribute("href", f"/images/{first.pk}/")
    waiting.get_by_role("button", name="Approve").click()
    expect(teacher.get_by_text("Picture approved.")).to_be_visible()
    expect(teacher.locator(f"#review-{change.pk}")).to_have_count(0)
    change.refresh_from_db()
    assert change.status == Generation.Status.APPROVED
    assert change.reviewed_by == ms_rivera

    # Mia turns the approved change in, saying why she chose it.
    student.get_by_role("link", name="← Castles").click()
    form = student.locator(f"#turn-in-form-{change.pk}")
    form.get_by_label("Why I chose it").fill("The rainbow bridge makes the dragons happy")
    form.get_by_role("button", name="Turn in this picture").click()
    expect(student.locator(".messages")).to_contain_text("You turned in your picture.")
    expect(student.locator("#turn-in-count")).to_have_text("You have turned in 1 of 1.")
    expect(student.locator(f"#turned-in-{change.pk}")).to_contain_text(
        "The rainbow bridge makes the dragons happy"
    )

    # Ms Rivera's assignment page shows it turned in, with Mia's caption.
    teacher.get_by_role("link", name="My classes").click()
    teacher.get_by_role("link", name="Class 5B").click()
    teacher.get_by_role("link", name="Castles").click()
    expect(teacher.locator("#turn-ins-count")).to_have_text("1 of 1 turned in")
    row = teacher.locator(f"#turn-ins-student-{mia.pk}")
    expect(row).to_contain_text("The rainbow bridge makes the dragons happy")
    expect(row.get_by_role("link", name="The picture Mia turned in")).to_have_attribute(
        "href", f"/images/{change.pk}/"
    )

    for window in windows:
        assert window.script_errors == []
        assert window.outside_requests == []


def test_beside_her_picture_a_student_reads_what_the_model_added_to_her_prompt(
    signed_in: Callable[[User], Page], windows: list[Window]
) -> None:
    mia = person("mia", "Mia", User.Role.STUDENT)
    class_5b = Classroom.objects.create(name="Class 5B")
    class_5b.students.add(mia)
    castles = Assignment.objects.create(classroom=class_5b, title="Castles")
    # The offline preview revises nothing, so this picture's model's version is set as
    # DALL-E 3 returns one (its picture is still the offline preview's).
    drawn = finished_generation(
        student=mia,
        assignment=castles,
        prompt="a castle guarded by friendly dragons",
        size="1024x1024",
    )
    Generation.objects.filter(pk=drawn.pk).update(
        provider="openai", model="dall-e-3", revised_prompt=REVISED_BY_THE_MODEL
    )

    student = signed_in(mia)
    student.get_by_role("link", name="Class 5B").click()
    student.get_by_role("link", name="Castles").click()
    student.locator(f"#generation-{drawn.pk}").get_by_role("link", name="Details").click()

    revised = student.locator("#revised-prompt")
    expect(revised.locator("ins")).to_have_text(
        [
            "added by the model: storybook",
            "added by the model: on a green hill,",
            "added by the model: two",
            "added by the model: cartoon",
            "added by the model: with big smiles, in soft watercolour colours.",
        ]
    )
    expect(student.locator(".understood-side").first).to_contain_text(
        "You wrote a castle guarded by friendly dragons"
    )
    expect_image_loaded(student.locator("img.big-image"))
    screenshot(student, "student-understood.png")
    for window in windows:
        assert window.script_errors == []
        assert window.outside_requests == []


def test_a_teacher_sees_in_the_browser_what_was_blocked_in_her_class_and_why(
    signed_in: Callable[[User], Page], windows: list[Window]
) -> None:
    require_service(redis_is_up(), "Redis on 127.0.0.1:6379")
    ms_rivera = person("ms_rivera", "Ms Rivera", User.Role.TEACHER)
    zoe = person("zoe", "Zoe", User.Role.STUDENT)
    class_5b = Classroom.objects.create(name="Class 5B")
    class_5b.teachers.add(ms_rivera)
    class_5b.students.add(zoe)
    Assignment.objects.create(classroom=class_5b, title="Castles", created_by=ms_rivera)

    # Zoe tries to sneak a word past the list, and is told kindly without the list.
    student = signed_in(zoe)
    student.get_by_role("link", name="Class 5B").click()
    student.get_by_role("link", name="Castles").click()
    student.get_by_label("Describe your picture").fill("a castle full of S-W-0-R-D-S")
    student.get_by_role("button", name="Make my picture").click()
    expect(student.locator(".messages")).to_contain_text(
        "some words in your description are not allowed"
    )
    expect(student.locator(".gen-card .badge")).to_have_text("Not sent")

    # Ms Rivera adds a word only her class should not use.
    teacher = signed_in(ms_rivera)
    teacher.get_by_role("link", name="Class 5B").click()
    teacher.get_by_role("link", name="Safety log and blocked words").click()
    teacher.get_by_label("Word or phrase to block in this class").fill("zombies")
    teacher.get_by_role("button", name="Block this word").click()
    expect(teacher.locator("#class-terms")).to_contain_text("zombies")

    # Zoe tries twice more; the second is the class's own word.
    for prompt in ("a castle with bl00d on the walls", "a castle full of zombie knights"):
        student.get_by_label("Describe your picture").fill(prompt)
        student.get_by_role("button", name="Make my picture").click()
        expect(student.locator(".messages")).to_contain_text("not allowed at school")

    # The safety log shows who, what and which layer and rule stopped each one.
    teacher.reload()
    log = teacher.locator("#log ~ .table-scroll table")
    expect(log.get_by_role("row").filter(has_text="zombie knights")).to_contain_text(
        "Class disallow list"
    )
    expect(log.get_by_role("row").filter(has_text="S-W-0-R-D-S")).to_contain_text("swords")
    expect(log.get_by_role("row").filter(has_text="bl00d")).to_contain_text("blood")
    expect(teacher.locator("#repeated-attempts .repeated-attempts")).to_contain_text("Zoe")
    screenshot(teacher, "teacher-safety-log.png")
    assert Generation.objects.filter(student=zoe, status=Generation.Status.BLOCKED).count() == 3

    for window in windows:
        assert window.script_errors == []
        assert window.outside_requests == []


def test_a_double_click_on_make_my_picture_sends_the_form_once(
    signed_in: Callable[[User], Page], windows: list[Window], monkeypatch: pytest.MonkeyPatch
) -> None:
    ms_rivera = person("ms_rivera", "Ms Rivera", User.Role.TEACHER)
    mia = person("mia", "Mia", User.Role.STUDENT)
    class_5b = Classroom.objects.create(name="Class 5B")
    class_5b.teachers.add(ms_rivera)
    class_5b.students.add(mia)
    castles = Assignment.objects.create(classroom=class_5b, title="Castles", created_by=ms_rivera)
    # A slow moment at school: the first click is still being answered at the second.
    submit = student_views.generation_submit

    def slow_submit(**kwargs: Any) -> list[Generation]:
        time.sleep(1.5)
        return submit(**kwargs)

    monkeypatch.setattr(student_views, "generation_submit", slow_submit)

    student = signed_in(mia)
    student.get_by_role("link", name="Class 5B").click()
    student.get_by_role("link", name="Castles").click()
    # The page's deferred scripts have run (a click before then is not the double-click
    # this is about: the server still makes one picture, and says so for the second).
    student.wait_for_load_state("load")
    posts: list[str] = []
    student.on(
        "request", lambda request: posts.append(request.url) if request.method == "POST" else None
    )
    student.get_by_label("Describe your picture").fill("a castle made of cheese")
    # Two real clicks on the same spot, a moment apart, as a child's double-click.
    box = student.get_by_role("button", name="Make my picture").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    student.mouse.click(x, y)
    student.wait_for_timeout(300)
    student.mouse.click(x, y)
    expect(student.get_by_text("Your picture is on its way.")).to_be_visible()

    # The button stopped the second click in the browser (the server's one-time token
    # would have refused it too).
    assert len(posts) == 1
    assert Generation.objects.filter(student=mia, assignment=castles).count() == 1
    for window in windows:
        assert window.script_errors == []
        assert window.outside_requests == []


@pytest.mark.parametrize(("hidden", "most_polls"), [(False, 6), (True, 1)])
def test_a_picture_on_its_way_is_asked_about_less_often_while_the_tab_is_hidden(
    signed_in: Callable[[User], Page], hidden: bool, most_polls: int
) -> None:
    ms_rivera = person("ms_rivera", "Ms Rivera", User.Role.TEACHER)
    mia = person("mia", "Mia", User.Role.STUDENT)
    class_5b = Classroom.objects.create(name="Class 5B")
    class_5b.teachers.add(ms_rivera)
    class_5b.students.add(mia)
    castles = Assignment.objects.create(classroom=class_5b, title="Castles", created_by=ms_rivera)
    # No worker runs: the picture stays on its way, and its card keeps asking.
    GenerationFactory(student=mia, assignment=castles, prompt="a castle")

    student = signed_in(mia)
    if hidden:  # as if the child switched to another tab
        student.add_init_script(
            "Object.defineProperty(document, 'hidden', {get: () => true});"
            "Object.defineProperty(document, 'visibilityState', {get: () => 'hidden'});"
        )
    polls: list[str] = []
    student.on(
        "request", lambda request: polls.append(request.url) if "/status/" in request.url else None
    )
    student.get_by_role("link", name="Class 5B").click()
    student.get_by_role("link", name="Castles").click()
    student.wait_for_timeout(6_000)

    # Visible: about every 1.5 s (3 or 4 in 6 s); hidden: every 15 s, so none yet.
    assert len(polls) <= most_polls
    if not hidden:
        assert len(polls) >= 2

"""The mask painter in a real Chromium: mouse, touch, pen and keyboard paint the form's
painted_area, a PNG whose pixels are opaque where the child painted and transparent
elsewhere, read back here with Pillow.

The painter is shown on a test page (tests/support/painter_urls.py) over a real PNG.
"""

import base64
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.support.browser import VIEWPORT, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.support.painter_urls")]


PNG_DATA_URL = "data:image/png;base64,"
GRID = 12
OutsideRequests = list[str]


@pytest.fixture
def open_painter(
    chromium_browser: Browser, live_server: LiveServer
) -> Iterator[Callable[..., Page]]:
    """Opens the painter over a width×height picture in a fresh window; at the end, no
    window had a script error, a console error (a CSP refusal is one) or a request off
    the live server."""
    contexts = []
    problems: list[str] = []

    def open_page(width: int = 768, height: int = 512, **context_options: Any) -> Page:
        context_options.setdefault("viewport", VIEWPORT)
        context = chromium_browser.new_context(base_url=live_server.url, **context_options)
        contexts.append(context)

        def refuse(route: Any) -> None:
            problems.append(f"request off the live server: {route.request.url}")
            route.abort()

        context.route(lambda url: not url.startswith(live_server.url), refuse)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on(
            "console",
            lambda message: (
                problems.append(f"console: {message.text}") if message.type == "error" else None
            ),
        )
        page.goto(f"/painter-test/?width={width}&height={height}")
        wait_for_picture(page)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert problems == []


def wait_for_picture(page: Page) -> None:
    wait_until(page, "() => document.querySelector('.painter-picture')?.naturalWidth > 0")


def painted_area(page: Page) -> Image.Image | None:
    """The form's painted_area decoded, or None when it is empty."""
    value = page.locator("input[name=painted_area]").input_value()
    if value == "":
        return None
    assert value.startswith(PNG_DATA_URL)
    image = Image.open(io.BytesIO(base64.b64decode(value[len(PNG_DATA_URL) :])))
    assert image.format == "PNG"
    return image.convert("RGBA")


def must_be_painted(page: Page) -> Image.Image:
    image = painted_area(page)
    assert image is not None, "painted_area is empty"
    return image


def alpha_at(image: Image.Image, fx: float, fy: float) -> int:
    """The opacity at a point given as a share of the width and height."""
    x = min(image.width - 1, int(fx * image.width))
    y = min(image.height - 1, int(fy * image.height))
    return image.getpixel((x, y))[3]


def only_opaque_or_transparent(image: Image.Image) -> bool:
    histogram = image.getchannel("A").histogram()
    return sum(histogram[1:255]) == 0


def opaque_pixels(image: Image.Image) -> int:
    return image.getchannel("A").histogram()[255]


def on_canvas(page: Page, fx: float, fy: float) -> tuple[float, float]:
    """Page coordinates of a point given as a share of the painter's displayed size."""
    box = page.locator("[data-painter-canvas]").bounding_box()
    assert box is not None
    return box["x"] + fx * box["width"], box["y"] + fy * box["height"]


def drag_mouse(page: Page, *points: tuple[float, float]) -> None:
    page.mouse.move(*on_canvas(page, *points[0]))
    page.mouse.down()
    for point in points[1:]:
        page.mouse.move(*on_canvas(page, *point), steps=12)
    page.mouse.up()


def stroke_with(page: Page, pointer_type: str, *points: tuple[float, float]) -> None:
    """A stroke from pointer events of this pointerType, as a finger or a pen sends them."""
    page.evaluate(
        """([pointerType, points]) => {
          const canvas = document.querySelector("[data-painter-canvas]");
          const send = (type, [x, y]) => canvas.dispatchEvent(new PointerEvent(type, {
            pointerId: 7, pointerType, isPrimary: true, clientX: x, clientY: y,
            button: 0, buttons: type === "pointerup" ? 0 : 1, pressure: 0.5,
            bubbles: true, cancelable: true, composed: true,
          }));
          send("pointerdown", points[0]);
          for (const point of points.slice(1)) send("pointermove", point);
          send("pointerup", points[points.length - 1]);
        }""",
        [pointer_type, [on_canvas(page, *point) for point in points]],
    )


def column_thickness(image: Image.Image, fx: float) -> int:
    """How many pixels are painted in the column at this share of the width."""
    x = int(fx * image.width)
    return sum(1 for y in range(image.height) if image.getpixel((x, y))[3] == 255)


def js_round(value: float) -> int:
    return int(value + 0.5)


def cell_box(image: Image.Image, row: int, column: int) -> tuple[int, int, int, int]:
    """The pixels of one keyboard square (counted from 0), rounded as the painter does."""
    return (
        js_round(column * image.width / GRID),
        js_round(row * image.height / GRID),
        js_round((column + 1) * image.width / GRID),
        js_round((row + 1) * image.height / GRID),
    )


def painted_exactly(image: Image.Image, boxes: list[tuple[int, int, int, int]]) -> bool:
    """Every pixel in these squares is opaque, and nothing outside them is."""
    inside = sum((right - left) * (bottom - top) for left, top, right, bottom in boxes)
    every_box_full = all(
        image.crop(box).getchannel("A").getextrema() == (255, 255) for box in boxes
    )
    return every_box_full and opaque_pixels(image) == inside


def focused_label(page: Page) -> str | None:
    return page.evaluate("document.activeElement.getAttribute('aria-label')")


def test_a_mouse_stroke_is_opaque_where_it_went_and_transparent_everywhere_else(
    open_painter: Callable[..., Page],
) -> None:
    page = open_painter(768, 512)
    status = page.get_by_role("status")
    expect(status).to_have_text("Nothing is painted yet.")
    assert painted_area(page) is None
    page.evaluate(
        """() => { window.changes = 0; document.querySelector("main form")
             .addEventListener("change", () => { window.changes += 1; }); }"""
    )

    drag_mouse(page, (0.2, 0.5), (0.8, 0.5))

    image = must_be_painted(page)
    assert image.size == (768, 512)
    assert only_opaque_or_transparent(image)
    for fx in (0.2, 0.35, 0.5, 0.65, 0.8):
        assert alpha_at(image, fx, 0.5) == 255
    for fx, fy in ((0.5, 0.1), (0.5, 0.9), (0.05, 0.5), (0.95, 0.5), (0.1, 0.1)):
        assert alpha_at(image, fx, fy) == 0
    expect(status).to_have_text("1 area painted.")
    # Other scripts on the page hear of the change once per stroke.
    assert page.evaluate("window.changes") == 1


def test_the_painting_goes_with_the_form_when_it_is_sent(
    open_painter: Callable[..., Page],
) -> None:
    page = open_painter(768, 512)
    drag_mouse(page, (0.3, 0.3), (0.6, 0.6))
    in_the_page = page.locator("input[name=painted_area]").input_value()

    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        page.get_by_role("button", name="Send").click()

    received = sent.value.text()
    assert received == in_the_page
    assert received.startswith(PNG_DATA_URL)


def test_a_form_shown_again_keeps_what_was_painted_and_undo_can_take_it_off(
    open_painter: Callable[..., Page],
) -> None:
    page = open_painter(768, 512)
    drag_mouse(page, (0.3, 0.3), (0.6, 0.6))
    before = must_be_painted(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Show it again").click()

    wait_for_picture(page)
    expect(page.get_by_role("status")).to_have_text("1 area painted.")
    assert must_be_painted(page).tobytes() == before.tobytes()
    page.get_by_role("button", name="Undo").click()
    assert painted_area(page) is None


def test_a_big_picture_is_painted_at_1024_pixels_on_its_long_side_in_its_own_shape(
    open_painter: Callable[..., Page],
) -> None:
    page = open_painter(1024, 1536)
    drag_mouse(page, (0.5, 0.2), (0.5, 0.8))

    image = must_be_painted(page)
    assert image.size == (683, 1024)
    assert alpha_at(image, 0.5, 0.5) == 255
    assert alpha_at(image, 0.1, 0.5) == 0


@pytest.mark.parametrize("pointer_type", ["touch", "pen"])
def test_a_finger_or_a_pen_paints_like_the_mouse(
    open_painter: Callable[..., Page], pointer_type: str
) -> None:
    page = open_painter(768, 512)
    expect(page.locator("[data-painter-canvas]")).to_have_css("touch-action", "none")

    stroke_with(page, pointer_type, (0.1, 0.25), (0.4, 0.25), (0.7, 0.25))

    image = must_be_painted(page)
    assert only_opaque_or_transparent(image)
    for fx in (0.1, 0.25, 0.4, 0.55, 0.7):
        assert alpha_at(image, fx, 0.25) == 255
    assert alpha_at(image, 0.4, 0.75) == 0
    assert alpha_at(image, 0.9, 0.25) == 0
    expect(page.get_by_role("status")).to_have_text("1 area painted.")


def test_on_a_small_phone_the_page_fits_and_a_tap_paints_where_the_finger_touched(
    open_painter: Callable[..., Page],
) -> None:
    page = open_painter(
        768, 512, viewport={"width": 320, "height": 640}, has_touch=True, is_mobile=True
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    shown = page.locator("[data-painter-canvas]").bounding_box()
    assert shown is not None and shown["width"] < 320

    page.locator("[data-painter-canvas]").scroll_into_view_if_needed()
    page.touchscreen.tap(*on_canvas(page, 0.75, 0.25))

    image = must_be_painted(page)
    assert image.size == (768, 512)
    assert alpha_at(image, 0.75, 0.25) == 255
    assert alpha_at(image, 0.25, 0.25) == 0
    assert alpha_at(image, 0.75, 0.75) == 0


def test_a_larger_brush_paints_a_wider_stroke(open_painter: Callable[..., Page]) -> None:
    page = open_painter(768, 512)
    widths = {}
    for size in ("Small", "Medium", "Large"):
        page.get_by_role("radio", name=size).check()
        drag_mouse(page, (0.2, 0.5), (0.8, 0.5))
        widths[size] = column_thickness(must_be_painted(page), 0.5)
        page.get_by_role("button", name="Clear").click()
        assert painted_area(page) is None

    assert 0 < widths["Small"] < widths["Medium"] < widths["Large"]
    assert widths["Large"] >= 3 * widths["Small"]


def test_undo_takes_away_the_last_stroke_then_the_one_before(
    open_painter: Callable[..., Page],
) -> None:
    page = open_painter(768, 512)
    status = page.get_by_role("status")
    drag_mouse(page, (0.2, 0.25), (0.8, 0.25))
    drag_mouse(page, (0.2, 0.75), (0.8, 0.75))
    expect(status).to_have_text("2 areas painted.")

    page.get_by_role("button", name="Undo").click()

    image = must_be_painted(page)
    assert alpha_at(image, 0.5, 0.25) == 255
    assert alpha_at(image, 0.5, 0.75) == 0
    expect(status).to_have_text("1 area painted.")

    page.get_by_role("button", name="Undo").click()

    assert painted_area(page) is None
    expect(status).to_have_text("Nothing is painted yet.")


def test_clear_empties_the_field_and_undo_brings_the_painting_back(
    open_painter: Callable[..., Page],
) -> None:
    page = open_painter(768, 512)
    drag_mouse(page, (0.2, 0.25), (0.8, 0.25))
    drag_mouse(page, (0.2, 0.75), (0.8, 0.75))
    before = must_be_painted(page)

    page.get_by_role("button", name="Clear").click()

    assert page.locator("input[name=painted_area]").input_value() == ""
    expect(page.get_by_role("status")).to_have_text("Nothing is painted yet.")

    page.get_by_role("button", name="Undo").click()

    assert must_be_painted(page).tobytes() == before.tobytes()


def test_with_only_the_keyboard_a_child_paints_and_unpaints_squares_of_the_picture(
    open_painter: Callable[..., Page],
) -> None:
    page = open_painter(768, 512)
    status = page.get_by_role("status")
    grid = page.get_by_role("grid", name="Squares of the picture to paint")
    expect(grid).to_have_attribute("aria-describedby", "painter-keys")
    expect(page.locator("#painter-keys")).to_contain_text("arrow keys")
    page.get_by_label("Something before the painter").focus()

    # Tab, past the brush and the buttons, into the squares: the first one has focus.
    for _ in range(6):
        page.keyboard.press("Tab")
        if focused_label(page) == "Row 1, column 1":
            break
    assert focused_label(page) == "Row 1, column 1"
    # The squares are one tab stop: the next Tab leaves them.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "change"
    page.keyboard.press("Shift+Tab")
    assert focused_label(page) == "Row 1, column 1"

    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert focused_label(page) == "Row 2, column 3"
    page.keyboard.press("Space")

    square = page.get_by_role("button", name="Row 2, column 3", exact=True)
    expect(square).to_have_attribute("aria-pressed", "true")
    expect(square).to_be_focused()
    expect(status).to_have_text("1 area painted.")
    image = must_be_painted(page)
    assert image.size == (768, 512)
    assert painted_exactly(image, [cell_box(image, 1, 2)])

    # Down one and End: the last square of row 3; Home goes back to its first.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("End")
    assert focused_label(page) == "Row 3, column 12"
    page.keyboard.press("Space")
    expect(status).to_have_text("2 areas painted.")
    assert painted_exactly(must_be_painted(page), [cell_box(image, 1, 2), cell_box(image, 2, 11)])
    page.keyboard.press("Home")
    assert focused_label(page) == "Row 3, column 1"
    # Only one square is ever in the tab order.
    assert page.locator(".painter-cell[tabindex='0']").count() == 1

    # Space again on a painted square takes its paint off.
    page.keyboard.press("End")
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Row 3, column 12", exact=True)).to_have_attribute(
        "aria-pressed", "false"
    )
    expect(status).to_have_text("1 area painted.")
    assert painted_exactly(must_be_painted(page), [cell_box(image, 1, 2)])

    # Undo covers the squares too: the paint comes back on the last one.
    page.get_by_role("button", name="Undo").press("Enter")
    expect(page.get_by_role("button", name="Row 3, column 12", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(status).to_have_text("2 areas painted.")
    assert painted_exactly(must_be_painted(page), [cell_box(image, 1, 2), cell_box(image, 2, 11)])


def test_the_focused_square_shows_a_visible_focus_ring(open_painter: Callable[..., Page]) -> None:
    page = open_painter(768, 512)
    page.get_by_role("button", name="Undo").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    square = page.get_by_role("button", name="Row 1, column 1", exact=True)
    expect(square).to_be_focused()
    assert square.evaluate("cell => getComputedStyle(cell).outlineStyle") == "solid"
    assert square.evaluate("cell => parseFloat(getComputedStyle(cell).outlineWidth)") >= 2


def test_without_javascript_the_painter_says_painting_needs_javascript(
    open_painter: Callable[..., Page],
) -> None:
    page = open_painter(768, 512, java_script_enabled=False)

    expect(page.get_by_text("Painting needs JavaScript.")).to_be_visible()
    expect(page.get_by_role("button", name="Undo")).to_be_hidden()
    expect(page.locator("[data-painter-canvas]")).to_be_hidden()
    assert page.locator("input[name=painted_area]").input_value() == ""


def luminance(rgb: tuple[float, ...]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(page: Page, selector: str) -> float:
    """WCAG contrast of the element's text against the first background behind it."""
    text, back = page.evaluate(
        """selector => {
          const element = document.querySelector(selector);
          const rgb = value => value.match(/[\\d.]+/g).map(Number);
          let behind = element;
          while (behind && rgb(getComputedStyle(behind).backgroundColor)[3] === 0) {
            behind = behind.parentElement;
          }
          const background = behind ? getComputedStyle(behind).backgroundColor : "rgb(255,255,255)";
          return [rgb(getComputedStyle(element).color), rgb(background)];
        }""",
        selector,
    )
    lighter, darker = sorted((luminance(tuple(text)), luminance(tuple(back))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_painters_words_are_readable_against_their_background(
    open_painter: Callable[..., Page],
) -> None:
    page = open_painter(768, 512)
    for selector in (
        ".painter-help",
        ".painter-brush legend",
        ".painter-brush label",
        ".painter-status",
        "[data-painter-undo]",
    ):
        assert contrast(page, selector) >= 4.5, selector
    without_script = open_painter(768, 512, java_script_enabled=False)
    assert contrast(without_script, ".painter-nojs") >= 4.5

"""Masks: what a student painted becomes the fully transparent area of a mask of the
picture's exact size; bad paintings are refused in a child's words; the original's pixels
come back everywhere outside the painted area."""

import base64
import io

import pytest
from PIL import Image

from generation.editing.masks import (
    MAX_PAINTING_SIDE,
    NOTHING_PAINTED,
    MaskError,
    MaskProblem,
    keep_outside,
    mask_from_painting,
    validate_mask,
)
from tests.support.paintings import data_url, painting, png


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def problem_of(call) -> MaskProblem:  # type: ignore[no-untyped-def]
    with pytest.raises(MaskError) as raised:
        call()
    return raised.value.kind


# --- from the painting to the mask ------------------------------------------------------------


def test_a_painted_stroke_becomes_the_fully_transparent_area_at_the_pictures_size() -> None:
    # A half-size canvas of a 1024x1024 picture, a stroke over (100..149, 200..299).
    mask = opened(mask_from_painting(painting((512, 512), (100, 200, 149, 299)), (1024, 1024)))

    assert mask.format == "PNG" and mask.mode == "RGBA" and mask.size == (1024, 1024)
    alpha = mask.getchannel("A")
    assert alpha.getpixel((250, 500)) == 0  # inside the stroke, scaled twice
    assert alpha.getpixel((10, 10)) == 255 and alpha.getpixel((400, 500)) == 255
    # Only alpha 0 and 255: nothing half-changed.
    histogram = alpha.histogram()
    assert {value for value, count in enumerate(histogram) if count} == {0, 255}
    changed = alpha.point(lambda value: 255 if value == 0 else 0).getbbox()
    assert changed is not None
    left, top, right, bottom = changed
    assert abs(left - 200) <= 2 and abs(top - 400) <= 2
    assert abs(right - 300) <= 2 and abs(bottom - 600) <= 2


def test_the_mask_is_white_where_it_changes_and_black_where_it_keeps() -> None:
    # For servers that read masks as greyscale (white = repaint), like stable-diffusion.cpp's.
    mask = opened(mask_from_painting(painting((64, 64), (0, 0, 31, 63)), (64, 64)))

    assert mask.getpixel((10, 10)) == (255, 255, 255, 0)
    assert mask.getpixel((50, 10)) == (0, 0, 0, 255)


def test_a_wide_pictures_canvas_keeps_its_shape_and_position() -> None:
    mask = opened(mask_from_painting(painting((700, 400), (600, 0, 699, 99)), (1792, 1024)))

    assert mask.size == (1792, 1024)
    assert mask.getchannel("A").getpixel((1700, 100)) == 0
    assert mask.getchannel("A").getpixel((100, 900)) == 255


def test_a_faint_stroke_still_counts_as_painted() -> None:
    mask = opened(mask_from_painting(painting((64, 64), (0, 0, 15, 15), alpha=10), (64, 64)))

    assert mask.getchannel("A").getpixel((5, 5)) == 0


def test_a_thin_stroke_on_a_big_canvas_survives_being_made_smaller() -> None:
    mask = opened(mask_from_painting(painting((2048, 2048), (1000, 0, 1001, 2047)), (1024, 1024)))

    assert mask.getchannel("A").getpixel((500, 512)) == 0


def test_an_empty_painting_asks_the_child_to_paint_first() -> None:
    with pytest.raises(MaskError) as raised:
        mask_from_painting(painting((512, 512)), (1024, 1024))

    assert raised.value.kind is MaskProblem.NOTHING_PAINTED
    assert raised.value.message == NOTHING_PAINTED


@pytest.mark.parametrize(
    "value",
    [
        "",
        "hello",
        "data:image/png;base64,not base64!!",
        "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n broken").decode(),
        "data:image/jpeg;base64," + base64.b64encode(b"x").decode(),
    ],
)
def test_garbage_is_not_a_picture(value: str) -> None:
    assert problem_of(lambda: mask_from_painting(value, (1024, 1024))) is MaskProblem.NOT_A_PICTURE


def test_a_jpeg_sent_as_a_png_is_not_a_picture() -> None:
    jpeg = png(Image.new("RGB", (64, 64), "red"), format="JPEG")

    assert problem_of(lambda: mask_from_painting(data_url(jpeg), (64, 64))) is (
        MaskProblem.NOT_A_PICTURE
    )


def test_a_canvas_larger_than_2048_a_side_is_too_big() -> None:
    side = MAX_PAINTING_SIDE + 16
    url = painting((side, side), (0, 0, 10, 10))

    assert problem_of(lambda: mask_from_painting(url, (1024, 1024))) is MaskProblem.TOO_BIG


def test_a_painting_of_more_than_four_megabytes_is_too_big_before_it_is_decoded() -> None:
    url = "data:image/png;base64," + "A" * (6 * 1024 * 1024)

    assert problem_of(lambda: mask_from_painting(url, (1024, 1024))) is MaskProblem.TOO_BIG


@pytest.mark.parametrize("canvas", [(512, 300), (300, 512), (4, 4)])
def test_a_canvas_of_another_shape_than_the_picture_is_refused(canvas: tuple[int, int]) -> None:
    url = painting(canvas, (0, 0, 3, 3))

    assert problem_of(lambda: mask_from_painting(url, (1024, 1024))) is MaskProblem.WRONG_SHAPE


def test_a_canvas_a_pixel_off_by_rounding_is_accepted() -> None:
    # 1792x1024 at 701 pixels wide is 400.57 pixels high.
    mask = mask_from_painting(painting((701, 401), (0, 0, 50, 50)), (1792, 1024))

    assert opened(mask).size == (1792, 1024)


# --- what the worker checks before sending ------------------------------------------------------


def test_a_mask_made_from_a_painting_passes_the_workers_check() -> None:
    mask = mask_from_painting(painting((512, 512), (0, 0, 99, 99)), (1024, 1024))

    validate_mask(mask, (1024, 1024))


def test_the_worker_refuses_a_mask_of_another_size() -> None:
    mask = mask_from_painting(painting((512, 512), (0, 0, 99, 99)), (512, 512))

    assert problem_of(lambda: validate_mask(mask, (1024, 1024))) is MaskProblem.WRONG_SHAPE


def test_the_worker_refuses_a_mask_without_transparency_or_with_nothing_to_change() -> None:
    rgb = png(Image.new("RGB", (64, 64), "black"))
    opaque = png(Image.new("RGBA", (64, 64), (0, 0, 0, 255)))

    assert problem_of(lambda: validate_mask(rgb, (64, 64))) is MaskProblem.NOT_A_PICTURE
    assert problem_of(lambda: validate_mask(opaque, (64, 64))) is MaskProblem.NOTHING_PAINTED
    assert problem_of(lambda: validate_mask(b"junk", (64, 64))) is MaskProblem.NOT_A_PICTURE


# --- keeping everything outside the painted area --------------------------------------------------


def noisy_picture(size: tuple[int, int]) -> Image.Image:
    """A picture whose every pixel differs from its neighbours, so any change shows."""
    width, height = size
    image = Image.new("RGB", size)
    image.putdata(
        [
            ((x * 7) % 256, (y * 13) % 256, (x + y) % 256)
            for y in range(height)
            for x in range(width)
        ]
    )
    return image


def test_keep_outside_restores_every_pixel_outside_the_painted_area_exactly() -> None:
    original = noisy_picture((96, 64))
    edited = Image.new("RGB", (96, 64), (0, 255, 0))  # the model repainted everything
    mask = mask_from_painting(painting((48, 32), (10, 10, 19, 19)), (96, 64))
    area = opened(mask).getchannel("A")

    result = opened(keep_outside(png(original), png(edited), mask))

    assert result.format == "PNG" and result.size == (96, 64)
    for y in range(64):
        for x in range(96):
            expected = (0, 255, 0) if area.getpixel((x, y)) == 0 else original.getpixel((x, y))
            assert result.getpixel((x, y)) == expected, (x, y)


def test_keep_outside_scales_an_edit_answered_in_another_size_to_the_originals() -> None:
    original = noisy_picture((64, 64))
    edited = Image.new("RGB", (128, 128), (0, 0, 255))
    mask = mask_from_painting(painting((64, 64), (0, 0, 31, 63)), (64, 64))

    result = opened(keep_outside(png(original), png(edited), mask))

    assert result.size == (64, 64)
    assert result.getpixel((10, 10)) == (0, 0, 255)
    assert result.getpixel((50, 10)) == original.getpixel((50, 10))


def test_keep_outside_keeps_a_transparent_background_transparent() -> None:
    original = Image.new("RGBA", (32, 32), (10, 20, 30, 0))
    edited = Image.new("RGBA", (32, 32), (200, 0, 0, 255))
    mask = mask_from_painting(painting((32, 32), (0, 0, 7, 7)), (32, 32))

    result = opened(keep_outside(png(original), png(edited), mask))

    assert result.mode == "RGBA"
    assert result.getpixel((20, 20)) == (10, 20, 30, 0)
    assert result.getpixel((2, 2)) == (200, 0, 0, 255)

"""The offline preview edits for real: the painted area visibly changes and says it is an
offline preview, every other pixel stays the original's, and nothing claims to be AI."""

import io
from typing import Any

import pytest
from PIL import Image, ImageChops

from generation.editing.masks import mask_from_painting
from generation.providers import EditRequest, ImageRequest, ProviderError, get_provider
from generation.providers.registry import makes_ai_pictures
from tests.support.paintings import painting


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.fixture
def offline(settings: Any) -> None:
    settings.IMAGE_PROVIDER = "offline"
    settings.IMAGE_MODEL = "dall-e-3"


def offline_picture() -> bytes:
    return (
        get_provider()
        .generate(ImageRequest(prompt="a bunny in a meadow", size="1024x1024"))
        .image_bytes
    )


def changed_area(before: bytes, after: bytes) -> Image.Image:
    """An "L" image, 255 wherever a pixel differs at all."""
    first = opened(before).convert("RGBA")
    second = opened(after).convert("RGBA")
    return ImageChops.difference(first, second).convert("L").point(lambda v: 255 if v else 0)


def painted_area(mask: bytes) -> Image.Image:
    return opened(mask).getchannel("A").point(lambda alpha: 255 if alpha == 0 else 0)


def count(area: Image.Image) -> int:
    return area.histogram()[255]


def test_an_offline_edit_changes_only_the_painted_area(offline: None) -> None:
    picture = offline_picture()
    mask = mask_from_painting(painting((512, 512), (300, 300, 449, 449)), (1024, 1024))

    result = get_provider().edit(
        EditRequest(prompt="add a red hat", size="1024x1024", image=picture, mask=mask)
    )

    assert opened(result.image_bytes).format == "PNG"
    assert opened(result.image_bytes).size == (1024, 1024)
    changed, painted = changed_area(picture, result.image_bytes), painted_area(mask)
    # Not one pixel changed outside the painted area...
    assert ImageChops.subtract(changed, painted).getbbox() is None
    # ...and most of the painted area visibly did.
    assert count(changed) > 0.8 * count(painted)


def test_an_offline_edit_of_half_the_picture_leaves_the_other_half_untouched(
    offline: None,
) -> None:
    picture = offline_picture()
    mask = mask_from_painting(painting((64, 64), (0, 32, 63, 63)), (1024, 1024))

    result = get_provider().edit(
        EditRequest(prompt="turn the grass into sand", size="1024x1024", image=picture, mask=mask)
    )

    changed = changed_area(picture, result.image_bytes)
    assert changed.crop((0, 0, 1024, 512)).getbbox() is None
    assert count(changed.crop((0, 512, 1024, 1024))) > 0.8 * 1024 * 512


def test_the_offline_preview_still_says_its_edits_are_not_made_by_ai(offline: None) -> None:
    provider = get_provider()
    mask = mask_from_painting(painting((64, 64), (0, 0, 31, 31)), (1024, 1024))

    result = provider.edit(
        EditRequest(prompt="add a hat", size="1024x1024", image=offline_picture(), mask=mask)
    )

    assert not makes_ai_pictures(provider.name)
    assert result.model == "offline-preview"
    assert "no AI model" in result.revised_prompt


def test_an_offline_edit_with_a_mask_of_another_size_is_bad_output(offline: None) -> None:
    mask = mask_from_painting(painting((64, 64), (0, 0, 31, 31)), (512, 512))

    with pytest.raises(ProviderError):
        get_provider().edit(
            EditRequest(prompt="add a hat", size="1024x1024", image=offline_picture(), mask=mask)
        )

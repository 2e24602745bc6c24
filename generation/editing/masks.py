"""Masks for edits, from what a student painted to the PNG the image models take.

The browser painter posts `painted_area`: a `data:image/png;base64,...` canvas with the
picture's aspect ratio whose painted pixels are opaque (alpha > 0). The models take a PNG
of the picture's exact size whose fully transparent pixels (alpha 0) mark the area to
change. The mask we build is also white where it changes and black where it keeps, so a
server that reads masks as greyscale (stable-diffusion.cpp's, white = repaint) agrees.
Pure functions over bytes: no models, no storage.
"""

import base64
import binascii
import io
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageChops

from generation.editing.png import png_bytes

# What the painter may send: a canvas up to this many pixels a side, this many bytes.
MAX_PAINTING_SIDE = 2048
MAX_PAINTING_BYTES = 4 * 1024 * 1024
MIN_PAINTING_SIDE = 8
# OpenAI's limit for a mask file.
MAX_MASK_BYTES = 4 * 1024 * 1024
# A canvas may differ from the picture's aspect by rounding: a pixel, or 2 %.
ASPECT_TOLERANCE = 0.02
# After scaling, a picture pixel is in the area when half of what covers it was painted,
# or a quarter when the canvas is made smaller (so a thin stroke on a big canvas survives).
PAINTED_THRESHOLD = 128
PAINTED_THRESHOLD_SHRUNK = 64
_DATA_URL_PREFIX = "data:image/png;base64,"
# Masks: zlib's fastest level; a few kB more than the default, read back three times faster.
MASK_PNG_OPTIONS = {"compress_level": 1}

NOT_A_PICTURE = _("We could not read the painting. Please paint the part to change again.")
NOTHING_PAINTED = _("Paint over the part of the picture you want to change first.")
TOO_BIG = _("The painting is too big to send. Please try again on a smaller screen.")
WRONG_SHAPE = _(
    "The painting does not have the same shape as the picture. Please paint on the picture again."
)


class MaskProblem(StrEnum):
    NOT_A_PICTURE = "not a picture"
    NOTHING_PAINTED = "nothing painted"
    TOO_BIG = "too big"
    WRONG_SHAPE = "wrong shape"


_MESSAGES: dict[MaskProblem, Promise] = {
    MaskProblem.NOT_A_PICTURE: NOT_A_PICTURE,
    MaskProblem.NOTHING_PAINTED: NOTHING_PAINTED,
    MaskProblem.TOO_BIG: TOO_BIG,
    MaskProblem.WRONG_SHAPE: WRONG_SHAPE,
}


class MaskError(ValueError):
    """A painting or mask that cannot be used; `message` is for the child, `kind` for code."""

    def __init__(self, kind: MaskProblem) -> None:
        self.kind = kind
        self.message = _MESSAGES[kind]
        super().__init__(str(kind))


def mask_from_painting(data_url: str, size: tuple[int, int]) -> bytes:
    """The mask for a picture of `size` (width, height) from the painter's data URL."""
    painting = _open_painting(data_url)
    _check_shape(painting.size, size)
    painted = painting.getchannel("A").point(lambda alpha: 255 if alpha else 0)
    if painted.getbbox() is None:
        raise MaskError(MaskProblem.NOTHING_PAINTED)
    if painted.size != size:
        shrunk = painted.width > size[0] or painted.height > size[1]
        threshold = PAINTED_THRESHOLD_SHRUNK if shrunk else PAINTED_THRESHOLD
        painted = painted.resize(size, Image.Resampling.BILINEAR).point(
            lambda value: 255 if value >= threshold else 0
        )
        if painted.getbbox() is None:
            raise MaskError(MaskProblem.NOTHING_PAINTED)
    return _encode_mask(painted)


def validate_mask(mask: bytes, size: tuple[int, int]) -> None:
    """What the worker checks before sending: an RGBA PNG of exactly `size`, under the
    models' 4 MB, with some fully transparent pixels (the area to change)."""
    if len(mask) > MAX_MASK_BYTES:
        raise MaskError(MaskProblem.TOO_BIG)
    image = _open_png(mask)
    if image.mode != "RGBA":
        raise MaskError(MaskProblem.NOT_A_PICTURE)
    if image.size != size:
        raise MaskError(MaskProblem.WRONG_SHAPE)
    lowest_alpha, _ = image.getchannel("A").getextrema()
    if lowest_alpha != 0:  # no fully transparent pixel: nothing to change
        raise MaskError(MaskProblem.NOTHING_PAINTED)


def keep_outside(original: bytes, edited: bytes, mask: bytes) -> bytes:
    """The edited picture with the original's pixels everywhere outside the painted area
    (models treat a mask as guidance and may repaint outside it). A PNG of the original's
    size: an edit answered in another size is scaled to it first."""
    return png_bytes(put_back_outside(outside_of(original, mask), _open_image(edited)))


@dataclass(frozen=True)
class Outside:
    """What keep_outside puts back, decoded: the original picture and the painted area
    (an "L" image of the original's size, 255 where the student painted)."""

    picture: Image.Image
    area: Image.Image


def outside_of(original: bytes, mask: bytes) -> Outside:
    """Decode the original and the mask's painted area. The worker does this while the
    provider draws, so it is not among the work thirty answers arriving together queue for."""
    base = _open_image(original)
    base = _in_mode(base, "RGBA" if _has_alpha(base) else "RGB")
    area = change_area(_open_png(mask))
    if area.size != base.size:
        area = area.resize(base.size, Image.Resampling.NEAREST)
    return Outside(picture=base, area=area)


def put_back_outside(outside: Outside, edited: Image.Image) -> Image.Image:
    """As keep_outside, from an edited picture already decoded (the worker verified it),
    and as a picture, for the worker to encode once and make its thumbnail from."""
    base = outside.picture
    changed = _in_mode(edited, base.mode)
    if changed.size != base.size:
        changed = changed.resize(base.size, Image.Resampling.LANCZOS)
    picture = Image.composite(changed, base, outside.area)
    picture.format = "PNG"  # what it is stored as (the worker encodes it with png_bytes)
    return picture


def change_area(mask: Image.Image) -> Image.Image:
    """An "L" image, 255 where the mask is fully transparent (to change), else 0."""
    alpha = _in_mode(mask, "RGBA").getchannel("A")
    return alpha.point(lambda value: 255 if value == 0 else 0)


def _encode_mask(painted: Image.Image) -> bytes:
    """White and transparent where painted, black and opaque elsewhere."""
    keep = ImageChops.invert(painted)
    mask = Image.merge("RGBA", (painted, painted, painted, keep))
    buffer = io.BytesIO()
    mask.save(buffer, format="PNG", **MASK_PNG_OPTIONS)
    return buffer.getvalue()


def _open_painting(data_url: str) -> Image.Image:
    if not isinstance(data_url, str) or not data_url[: len(_DATA_URL_PREFIX)].lower() == (
        _DATA_URL_PREFIX
    ):
        raise MaskError(MaskProblem.NOT_A_PICTURE)
    encoded = data_url[len(_DATA_URL_PREFIX) :]
    # Checked before decoding: base64 is 4 characters for every 3 bytes.
    if len(encoded) > (MAX_PAINTING_BYTES + 2) // 3 * 4:
        raise MaskError(MaskProblem.TOO_BIG)
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MaskError(MaskProblem.NOT_A_PICTURE) from exc
    image = _open_png(raw, max_side=MAX_PAINTING_SIDE)
    return _in_mode(image, "RGBA")


def _open_png(data: bytes, *, max_side: int = 0) -> Image.Image:
    image = _open_image(data, max_side=max_side)
    if image.format != "PNG":
        raise MaskError(MaskProblem.NOT_A_PICTURE)
    return image


def _open_image(data: bytes, *, max_side: int = 0) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        # The header alone gives the size: refuse a huge canvas before decoding it.
        if max_side and max(image.size) > max_side:
            raise MaskError(MaskProblem.TOO_BIG)
        image.load()
    except MaskError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise MaskError(MaskProblem.NOT_A_PICTURE) from exc
    return image


def _check_shape(canvas: tuple[int, int], picture: tuple[int, int]) -> None:
    width, height = canvas
    picture_width, picture_height = picture
    if min(width, height) < MIN_PAINTING_SIDE:
        raise MaskError(MaskProblem.WRONG_SHAPE)
    expected_height = width * picture_height / picture_width
    if abs(height - expected_height) > max(1.0, ASPECT_TOLERANCE * expected_height):
        raise MaskError(MaskProblem.WRONG_SHAPE)


def _in_mode(image: Image.Image, mode: str) -> Image.Image:
    """The image in `mode`, without the copy `convert` makes when it already is."""
    return image if image.mode == mode else image.convert(mode)


def _has_alpha(image: Image.Image) -> bool:
    return "A" in image.getbands() or "transparency" in image.info

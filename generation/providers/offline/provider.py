"""A local stand-in for an image model: a real PNG, clearly labelled as not AI.

It streams too: before the final picture, coarse then finer partial pictures of it
(IMAGE_PARTIAL_IMAGES of them), as a model shows a picture forming.

Its edits are real too: the masked area is filled with a striped pattern carrying the
instruction and an "offline preview edit" label; every other pixel is the original's.
"""

import hashlib
import io
import textwrap
from collections.abc import Sequence
from typing import ClassVar

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageDraw, ImageFont

from generation.providers.base import (
    EditRequest,
    FailureKind,
    Finding,
    ImageProvider,
    ImageRequest,
    PartialHandler,
    ProviderError,
    ProviderResult,
    Verdict,
)
from generation.providers.capabilities import ModelCapabilities, capabilities_for
from generation.providers.offline import messages

# Friendly pastel pairs; the prompt picks one so different prompts look different.
_PALETTES = [
    ((255, 214, 165), (255, 173, 173)),
    ((202, 255, 191), (155, 246, 255)),
    ((160, 196, 255), (189, 178, 255)),
    ((253, 255, 182), (255, 198, 255)),
]
# How coarse each partial picture is: blocks of this fraction of the picture's width.
_PARTIAL_COARSENESS = (1 / 8, 1 / 32, 1 / 128)


class OfflineProvider:
    name: ClassVar[str] = "offline"
    label: ClassVar[str | Promise] = gettext_lazy("Offline preview (not AI)")
    costs_money: ClassVar[bool] = False
    makes_ai_pictures: ClassVar[bool] = False  # it draws a labelled placeholder
    configured_by: ClassVar[tuple[str, ...]] = ()
    checks_size = True

    def __init__(
        self,
        model: str = "offline-preview",
        *,
        alternatives: Sequence[type[ImageProvider]] = (),
    ) -> None:
        self.model = model
        self.alternatives = alternatives

    @classmethod
    def from_settings(
        cls, *, alternatives: Sequence[type[ImageProvider]] = ()
    ) -> "OfflineProvider":
        return cls(alternatives=alternatives)

    @property
    def capabilities_model(self) -> str:
        # It rehearses the shape (sizes, qualities) of the model IMAGE_MODEL names.
        return str(settings.IMAGE_MODEL)

    @property
    def capabilities(self) -> ModelCapabilities:
        return capabilities_for(self.capabilities_model)

    @property
    def quota_key(self) -> str:
        return ""  # it calls no service, so it waits for no turn

    @property
    def default_images_per_minute(self) -> int:
        return 0

    def describe(self) -> str:
        return "offline preview, no network"

    def configuration_problems(self) -> list[str]:
        return []

    def diagnose(self) -> Finding:
        real = [other for other in self.alternatives if other.costs_money]
        for other in real:
            if all(getattr(settings, setting, "") for setting in other.configured_by):
                return Finding(
                    Verdict.WORKS,
                    messages.OFFLINE_DESPITE_KEY
                    % {"variable": other.configured_by[-1], "provider": other.name},
                )
        switches = ", or ".join(" and ".join(other.configured_by) for other in real)
        return Finding(Verdict.WORKS, messages.OFFLINE_ACTIVE % {"settings": switches})

    def explain(self, error: ProviderError) -> Finding:
        return Finding(
            Verdict.UNEXPECTED, messages.PREVIEW_FAILED % {"detail": " ".join(error.detail.split())}
        )

    @property
    def can_edit(self) -> bool:
        return True  # a real local edit, whatever model it stands in for

    @property
    def can_stream(self) -> bool:
        return True  # coarse, then finer versions of its own picture

    def generate(
        self, request: ImageRequest, *, on_partial: PartialHandler | None = None
    ) -> ProviderResult:
        image = self._draw(request)
        if on_partial is not None:
            for index, coarseness in enumerate(
                _PARTIAL_COARSENESS[: settings.IMAGE_PARTIAL_IMAGES]
            ):
                on_partial(_png(_blocky(image, coarseness)), index)
        return ProviderResult(
            image_bytes=_png(image),
            model=self.model,
            revised_prompt=_("(Offline preview: no AI model revised this prompt.)"),
        )

    def _draw(self, request: ImageRequest) -> Image.Image:
        width, height = (int(part) for part in request.size.split("x"))
        digest = hashlib.sha256(request.prompt.encode()).digest()
        top, bottom = _PALETTES[digest[0] % len(_PALETTES)]
        image = _vertical_gradient(width, height, top, bottom)
        draw = ImageDraw.Draw(image)

        title_font = ImageFont.load_default(size=max(width // 18, 16))
        body_size = max(width // 30, 12)
        body_font = ImageFont.load_default(size=body_size)
        banner = _("OFFLINE PREVIEW - not made by AI")
        draw.rectangle((0, 0, width, height // 8), fill=(40, 40, 60))
        draw.text((width // 2, height // 16), banner, font=title_font, fill="white", anchor="mm")

        description = _student_part(request.prompt)
        lines = textwrap.wrap(description, width=32)[:8]
        y = height // 4
        for line in lines:
            draw.text((width // 2, y), line, font=body_font, fill=(30, 30, 50), anchor="mm")
            y += int(body_size * 1.5)
        return image

    def edit(self, request: EditRequest) -> ProviderResult:
        original = _open(request.image, "picture")
        mode = "RGBA" if "A" in original.getbands() else "RGB"
        original = original.convert(mode)
        mask = _open(request.mask, "mask")
        if mask.size != original.size:
            raise ProviderError(
                f"The mask is {mask.size[0]}x{mask.size[1]} but the picture is "
                f"{original.size[0]}x{original.size[1]}.",
                kind=FailureKind.BAD_OUTPUT,
            )
        area = mask.convert("RGBA").getchannel("A").point(lambda alpha: 255 if alpha == 0 else 0)
        box = area.getbbox()
        if box is None:
            raise ProviderError("The mask marks nothing to change.", kind=FailureKind.BAD_OUTPUT)
        patch = _edit_patch(original.size, box, _student_part(request.prompt)).convert(mode)
        edited = Image.composite(patch, original, area)
        buffer = io.BytesIO()
        edited.save(buffer, format="PNG", optimize=False, compress_level=1)
        return ProviderResult(
            image_bytes=buffer.getvalue(),
            model=self.model,
            revised_prompt=_("(Offline preview: no AI model revised this prompt.)"),
        )


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=1)
    return buffer.getvalue()


def _blocky(image: Image.Image, coarseness: float) -> Image.Image:
    """The picture in blocks of `coarseness` of its width, at its own size."""
    width, height = image.size
    block = max(int(width * coarseness), 1)
    small = image.resize((max(width // block, 1), max(height // block, 1)), Image.Resampling.BOX)
    return small.resize(image.size, Image.Resampling.NEAREST)


def _open(data: bytes, what: str) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ProviderError(
            f"The {what} was not a readable image.", kind=FailureKind.BAD_OUTPUT
        ) from exc
    return image


def _edit_patch(
    size: tuple[int, int], box: tuple[int, int, int, int], instruction: str
) -> Image.Image:
    """Stripes over the whole picture, with the label and the instruction in the box
    (only the masked part of it is kept)."""
    width, height = size
    digest = hashlib.sha256(instruction.encode()).digest()
    light, dark = _PALETTES[digest[0] % len(_PALETTES)]
    patch = Image.new("RGB", size, light)
    draw = ImageDraw.Draw(patch)
    stripe = max(min(width, height) // 24, 6)
    for offset in range(-height, width, stripe * 2):
        draw.polygon(
            [
                (offset, 0),
                (offset + stripe, 0),
                (offset + stripe + height, height),
                (offset + height, height),
            ],
            fill=dark,
        )
    left, top, right, bottom = box
    box_width = right - left
    # The label is about 37 characters, each about 0.6 of the font size wide.
    font_size = max(min(box_width // 23, (bottom - top) // 7), 10)
    font = ImageFont.load_default(size=font_size)
    lines = [_("OFFLINE PREVIEW EDIT - not made by AI")]
    characters = max(int(box_width / (font_size * 0.6)), 8)
    lines += textwrap.wrap(instruction, width=characters)[:4]
    line_height = int(font_size * 1.4)
    # In the middle of the painted area, as far as it fits.
    y = max(top + font_size, (top + bottom - line_height * (len(lines) - 1)) // 2)
    center = (left + right) // 2
    for line in lines:
        if y > bottom:
            break
        draw.text((center, y), line, font=font, fill=(30, 30, 50), anchor="mm")
        y += line_height
    return patch


def _vertical_gradient(
    width: int, height: int, top: tuple[int, int, int], bottom: tuple[int, int, int]
) -> Image.Image:
    column = Image.new("RGB", (1, 256))
    for y in range(256):
        t = y / 255
        column.putpixel(
            (0, y), tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return column.resize((width, height))


def _student_part(final_prompt: str) -> str:
    """Show the student's own words on the preview, not the whole safety frame."""
    if "<<<" in final_prompt and ">>>" in final_prompt:
        return final_prompt.rsplit("<<<", 1)[1].split(">>>", 1)[0].strip()
    return final_prompt

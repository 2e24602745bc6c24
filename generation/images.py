"""Check provider bytes are a real picture, then store it and a small thumbnail, both
signed with their provenance."""

import io
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError

from generation.models import Generation
from generation.provenance import signed_picture, signed_thumbnail
from generation.provenance.manifest import picture_title
from generation.providers.base import FailureKind, ProviderError

THUMBNAIL_MAX_PX = 512
THUMBNAIL_QUALITY = 80
THUMBNAIL_WEBP_METHOD = 1
MAX_IMAGE_BYTES = 40 * 1024 * 1024
# Larger than any model's output; anything bigger is treated as a decompression bomb.
MAX_IMAGE_PIXELS = 4096 * 4096


def verified_image(data: bytes, *, expected_size: str | None = None) -> Image.Image:
    """A Pillow image of the provider's bytes, or ProviderError(BAD_OUTPUT) saying why not."""
    if not data:
        raise ProviderError("The provider sent an empty image.", kind=FailureKind.BAD_OUTPUT)
    if len(data) > MAX_IMAGE_BYTES:
        raise ProviderError(
            f"The image was {len(data)} bytes, over the cap.", kind=FailureKind.BAD_OUTPUT
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise ProviderError(
                    f"The image was {probe.width}x{probe.height}, too large.",
                    kind=FailureKind.BAD_OUTPUT,
                )
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ProviderError(
            f"The provider's answer was not an image ({exc}).", kind=FailureKind.BAD_OUTPUT
        ) from exc
    if expected_size and f"{image.width}x{image.height}" != expected_size:
        raise ProviderError(
            f"The picture was {image.width}x{image.height}, not the {expected_size} asked for.",
            kind=FailureKind.BAD_OUTPUT,
        )
    return image


def thumbnail_bytes(image: Image.Image) -> bytes:
    """A WebP of at most 512 px a side, resampled fairly (Pillow's reducing_gap=2)."""
    small = image.convert("RGB")
    small.thumbnail((THUMBNAIL_MAX_PX, THUMBNAIL_MAX_PX))
    buffer = io.BytesIO()
    # Method 1 instead of 4: a third of the encoding time at the same quality setting;
    # the file may be a few kB larger, still a few per cent of the original's weight.
    small.save(buffer, format="WEBP", quality=THUMBNAIL_QUALITY, method=THUMBNAIL_WEBP_METHOD)
    return buffer.getvalue()


def store_images(
    *,
    generation: Generation,
    data: bytes,
    image: Image.Image,
    provider: str,
    model: str,
    parent: bytes | None = None,
) -> tuple[str, str]:
    """Sign the original and its thumbnail (C2PA: made by `provider`'s `model`), save
    them under a per-student folder and return both names. Both are signed before either
    is saved, so a picture that cannot be signed leaves no file behind. An edit passes
    the parent picture's bytes when it has them already (its ingredient)."""
    # The random part keeps names unguessable even though access is checked anyway.
    stem = f"generations/student-{generation.student_id}/{generation.pk}-{uuid.uuid4().hex[:12]}"
    extension = (image.format or "PNG").lower().replace("jpeg", "jpg")
    mime = Image.MIME.get(image.format or "PNG", "image/png")
    original = signed_picture(
        generation, provider=provider, model=model, data=data, mime=mime, parent=parent
    )
    # Thumbnails are signed too: a child may save one from a gallery page.
    thumbnail = signed_thumbnail(
        generation,
        provider=provider,
        model=model,
        data=thumbnail_bytes(image),
        original_title=picture_title(generation.pk, extension),
    )
    original_name = default_storage.save(f"{stem}.{extension}", ContentFile(original))
    thumbnail_name = default_storage.save(f"{stem}-thumb.webp", ContentFile(thumbnail))
    return original_name, thumbnail_name

"""The PNG writer for changed pictures: a file any reader opens, every pixel exactly kept."""

import io

import pytest
from PIL import Image

from generation.editing.png import png_bytes


def noisy(mode: str, size: tuple[int, int]) -> Image.Image:
    bands = [Image.effect_noise(size, 90) for _ in mode]
    return Image.merge(mode, bands)


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
@pytest.mark.parametrize("size", [(1024, 1024), (1536, 1024), (7, 1), (1, 5)])
def test_a_written_picture_reads_back_with_every_pixel_the_same(
    mode: str, size: tuple[int, int]
) -> None:
    picture = noisy(mode, size)

    written = Image.open(io.BytesIO(png_bytes(picture)))
    written.load()

    assert written.format == "PNG"
    assert (written.mode, written.size) == (mode, size)
    assert written.tobytes() == picture.tobytes()


def test_a_written_picture_passes_the_readers_checksums() -> None:
    with Image.open(io.BytesIO(png_bytes(noisy("RGB", (64, 64))))) as written:
        written.verify()  # raises on a bad chunk checksum


def test_a_smooth_picture_is_written_compressed() -> None:
    smooth = Image.linear_gradient("L").resize((1024, 1024)).convert("RGB")

    assert len(png_bytes(smooth)) < len(smooth.tobytes()) / 20

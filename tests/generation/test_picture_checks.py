"""The checks every picture passes before it is stored."""

import email.utils
import io
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image

from generation.images import THUMBNAIL_MAX_PX, thumbnail_bytes, verified_image
from generation.providers.base import FailureKind, ProviderError
from generation.providers.download import download_image
from generation.providers.openai.errors import retry_after_seconds
from tests.support.fake_image_api import FakeImageAPI, png_bytes
from tests.support.ports import free_port


def test_a_huge_picture_is_refused_before_it_is_decoded() -> None:
    buffer = io.BytesIO()
    Image.new("1", (5000, 5000)).save(buffer, format="PNG")  # tiny file, 25 megapixels
    with pytest.raises(ProviderError) as refused:
        verified_image(buffer.getvalue())
    assert refused.value.kind is FailureKind.BAD_OUTPUT
    assert "5000x5000" in refused.value.detail


def test_empty_and_truncated_bytes_are_not_pictures() -> None:
    for data in (b"", png_bytes("64x64")[:40]):
        with pytest.raises(ProviderError) as refused:
            verified_image(data)
        assert refused.value.kind is FailureKind.BAD_OUTPUT


def png_of(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("size", "expected"),
    [((1024, 1024), (512, 512)), ((1792, 1024), (512, 293)), ((1024, 1536), (341, 512))],
)
def test_a_thumbnail_is_a_webp_of_at_most_512_px_in_the_pictures_shape(
    size: tuple[int, int], expected: tuple[int, int]
) -> None:
    picture = verified_image(png_of(Image.new("RGB", size, (200, 120, 40))))
    thumbnail = Image.open(io.BytesIO(thumbnail_bytes(picture)))
    assert thumbnail.format == "WEBP"
    assert thumbnail.size == expected and max(expected) == THUMBNAIL_MAX_PX


def test_a_thumbnail_averages_fine_detail_instead_of_picking_pixels() -> None:
    # One-pixel black and white stripes: fair resampling gives grey; skipping pixels
    # (a cheap resize) would give all black or all white.
    stripes = Image.new("L", (1024, 1024))
    stripes.putdata([255 * (x % 2) for _y in range(1024) for x in range(1024)])
    picture = verified_image(png_of(stripes.convert("RGB")))
    thumbnail = Image.open(io.BytesIO(thumbnail_bytes(picture))).convert("L")
    low, high = thumbnail.getextrema()
    assert low >= 100 and high <= 155


def test_a_picture_with_transparency_or_a_palette_still_gets_an_rgb_thumbnail() -> None:
    for mode in ("RGBA", "P", "L"):
        picture = verified_image(png_of(Image.new(mode, (1024, 1024))))
        thumbnail = Image.open(io.BytesIO(thumbnail_bytes(picture)))
        assert (thumbnail.format, thumbnail.mode, thumbnail.size) == ("WEBP", "RGB", (512, 512))


def test_a_download_larger_than_the_cap_is_refused(fake_image_api: FakeImageAPI) -> None:
    url = f"{fake_image_api.base_url}/files/512x512.png"
    assert download_image(url, timeout=5).startswith(b"\x89PNG")
    with pytest.raises(ProviderError) as refused:
        download_image(url, timeout=5, max_bytes=100)
    assert refused.value.kind is FailureKind.BAD_OUTPUT


def test_only_web_links_are_downloaded() -> None:
    with pytest.raises(ProviderError):
        download_image("file:///etc/passwd", timeout=5)


def test_an_expired_link_is_a_bad_answer_not_worth_retrying(fake_image_api: FakeImageAPI) -> None:
    with pytest.raises(ProviderError) as refused:
        download_image(f"{fake_image_api.base_url}/expired/img.png?se=2026-01-01", timeout=5)
    assert refused.value.kind is FailureKind.BAD_OUTPUT
    assert "HTTP 403" in refused.value.detail


def test_a_link_to_a_server_that_is_down_is_worth_retrying() -> None:
    closed_port = free_port()
    with pytest.raises(ProviderError) as refused:
        download_image(f"http://127.0.0.1:{closed_port}/img.png", timeout=5)
    assert refused.value.kind is FailureKind.TRANSIENT


def test_downloads_from_many_threads_each_get_the_whole_picture(
    fake_image_api: FakeImageAPI,
) -> None:
    url = f"{fake_image_api.base_url}/files/256x256.png"
    expected = download_image(url, timeout=5)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _n: download_image(url, timeout=5), range(16)))
    assert all(result == expected for result in results)


def test_retry_after_is_read_in_milliseconds_seconds_or_as_a_date() -> None:
    assert retry_after_seconds({"retry-after-ms": "250"}) == 0.25
    assert retry_after_seconds({"retry-after": "3"}) == 3.0
    in_ten = email.utils.formatdate(time.time() + 10, usegmt=True)
    assert 8 <= (retry_after_seconds({"retry-after": in_ten}) or 0) <= 10
    assert retry_after_seconds({}) is None
    assert retry_after_seconds({"retry-after": "soon"}) is None

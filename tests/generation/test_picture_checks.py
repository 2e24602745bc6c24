"""The checks every picture passes before it is stored."""

import email.utils
import io
import time

import pytest
from PIL import Image

from generation.images import verified_image
from generation.providers.base import FailureKind, ProviderError
from generation.providers.download import download_image
from generation.providers.openai_images import retry_after_seconds
from tests.fake_image_api import FakeImageAPI, png_bytes


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


def test_a_download_larger_than_the_cap_is_refused(fake_image_api: FakeImageAPI) -> None:
    url = f"{fake_image_api.base_url}/files/512x512.png"
    assert download_image(url, timeout=5).startswith(b"\x89PNG")
    with pytest.raises(ProviderError) as refused:
        download_image(url, timeout=5, max_bytes=100)
    assert refused.value.kind is FailureKind.BAD_OUTPUT


def test_only_web_links_are_downloaded() -> None:
    with pytest.raises(ProviderError):
        download_image("file:///etc/passwd", timeout=5)


def test_retry_after_is_read_in_milliseconds_seconds_or_as_a_date() -> None:
    assert retry_after_seconds({"retry-after-ms": "250"}) == 0.25
    assert retry_after_seconds({"retry-after": "3"}) == 3.0
    in_ten = email.utils.formatdate(time.time() + 10, usegmt=True)
    assert 8 <= (retry_after_seconds({"retry-after": in_ten}) or 0) <= 10
    assert retry_after_seconds({}) is None
    assert retry_after_seconds({"retry-after": "soon"}) is None

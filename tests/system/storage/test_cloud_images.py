"""Pictures in a private S3 bucket or Azure container: stored by the worker, served only
through the permission-checked view, never readable by anyone holding a bare URL."""

import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from classrooms.models import User
from generation.models import Generation
from generation.services import generation_draw_next

pytestmark = pytest.mark.storage

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass
class Cloud:
    backend: str
    # Object names as the bucket or container lists them (with the "media/" location).
    names: Callable[[], list[str]]


@pytest.fixture(params=["s3", "azure"])
def cloud(request: pytest.FixtureRequest) -> Cloud:
    if request.param == "s3":
        bucket = request.getfixturevalue("s3_bucket")
        return Cloud("s3", lambda: sorted(item.key for item in bucket.objects.all()))
    container = request.getfixturevalue("azure_container")
    return Cloud("azure", lambda: sorted(blob.name for blob in container.list_blobs()))


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def downloaded(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_the_worker_stores_the_picture_and_its_thumbnail_in_the_private_store(
    cloud: Cloud, queued: Generation
) -> None:
    generation_draw_next(generation_id=queued.pk)

    queued.refresh_from_db()
    assert queued.status == Generation.Status.AWAITING_REVIEW
    folder = f"generations/student-{queued.student_id}/"
    assert queued.image.name.startswith(folder) and queued.image.name.endswith(".png")
    assert queued.thumbnail.name.startswith(folder) and queued.thumbnail.name.endswith(".webp")
    assert cloud.names() == sorted([f"media/{queued.image.name}", f"media/{queued.thumbnail.name}"])


def test_the_owner_downloads_the_picture_through_the_checked_view(
    cloud: Cloud, queued: Generation, student: User
) -> None:
    generation_draw_next(generation_id=queued.pk)
    queued.refresh_from_db()
    client = Client()
    client.force_login(student)

    original = client.get(reverse("image_file", args=[queued.pk, "original"]))
    thumbnail = client.get(reverse("image_file", args=[queued.pk, "thumb"]))

    assert original.status_code == 200
    body = downloaded(original)
    assert body.startswith(PNG_SIGNATURE) and len(body) > 1000
    assert original["Cache-Control"] == "private, max-age=3600"
    assert thumbnail.status_code == 200
    assert downloaded(thumbnail)[8:12] == b"WEBP"


def test_a_classmate_cannot_open_a_pending_picture_in_the_store(
    cloud: Cloud, queued: Generation, classmate: User
) -> None:
    generation_draw_next(generation_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == Generation.Status.AWAITING_REVIEW
    client = Client()
    client.force_login(classmate)

    for kind in ("original", "thumb"):
        assert client.get(reverse("image_file", args=[queued.pk, kind])).status_code == 404


def test_a_stored_picture_is_not_readable_without_a_signature(
    cloud: Cloud, queued: Generation
) -> None:
    generation_draw_next(generation_id=queued.pk)
    queued.refresh_from_db()
    signed = default_storage.url(queued.image.name)
    bare, _, signature = signed.partition("?")

    # The signed URL proves the bare one points at the real object.
    assert signature and http_status(signed) == 200
    assert bare.startswith("http://127.0.0.1:")
    assert http_status(bare) in (403, 404)


def test_the_picture_page_never_shows_a_storage_address(
    cloud: Cloud, queued: Generation, student: User
) -> None:
    generation_draw_next(generation_id=queued.pk)
    queued.refresh_from_db()
    storage_host = default_storage.url(queued.image.name).split("/")[2]
    client = Client()
    client.force_login(student)

    page = client.get(reverse("image", args=[queued.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("image_file", args=[queued.pk, "original"]) in html
    assert storage_host not in html

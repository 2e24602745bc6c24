"""The worker while a model streams: each partial picture is stored and shown to its owner,
replaced by the next, and gone (row and file) as soon as the final picture is stored or
the drawing ends without one; a partial picture moderation flags is never stored."""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from PIL import Image

from classrooms.models import Assignment, User
from generation.models import Generation, SafetySettings
from generation.privacy import student_data_delete
from generation.provenance import TRAINED_ALGORITHMIC_MEDIA
from generation.providers import ImageRequest
from generation.providers.offline import OfflineProvider
from generation.services import generation_draw_next
from generation.services.partials import PartialKeeper
from tests.generation.provenance.reading import actions, active_manifest
from tests.support.factories import drawing_generation
from tests.support.fake_image_api import FakeImageAPI, load_fixture, png_bytes, stream_event

PNG = png_bytes("64x64")


@pytest.fixture
def gpt_image_2(settings: Any, openai_provider: FakeImageAPI) -> FakeImageAPI:
    settings.IMAGE_MODEL = "gpt-image-2"
    return openai_provider


@pytest.fixture
def owner_client(student: User) -> Client:
    client = Client()
    client.force_login(student)
    return client


Snapshot = dict[str, Any]


@pytest.fixture
def watch(
    monkeypatch: pytest.MonkeyPatch, media_in_tmp: Path, owner_client: Client
) -> Callable[[Generation], list[Snapshot]]:
    """What the owner's status poll and the storage show right after each partial picture
    is handled by the worker, while the drawing goes on."""

    def start(generation: Generation) -> list[Snapshot]:
        seen: list[Snapshot] = []
        handle = PartialKeeper.__call__

        def watching(keeper: PartialKeeper, data: bytes, index: int) -> None:
            handle(keeper, data, index)
            row = Generation.objects.get(pk=generation.pk)
            name = row.partial_image.name or ""
            card = owner_client.get(reverse("image_status", args=[generation.pk]))
            partial = owner_client.get(reverse("image_partial", args=[generation.pk]))
            seen.append(
                {
                    "index": index,
                    "name": name,
                    "file": bool(name) and (media_in_tmp / name).is_file(),
                    "files": sorted(p.name for p in (media_in_tmp / "partials").rglob("*.*")),
                    "shown": "data-partial" in card.content.decode(),
                    "bytes": b"".join(partial.streaming_content)
                    if partial.status_code == 200
                    else None,
                    "sent": data,
                }
            )

        monkeypatch.setattr(PartialKeeper, "__call__", watching)
        return seen

    return start


def draw(generation: Generation) -> Generation:
    generation_draw_next(generation_id=generation.pk)
    generation.refresh_from_db()
    return generation


def same_pixels(shown: bytes, sent: bytes) -> bool:
    with Image.open(io.BytesIO(shown)) as a, Image.open(io.BytesIO(sent)) as b:
        return a.convert("RGBA").tobytes() == b.convert("RGBA").tobytes()


def partial_files(media: Path) -> list[Path]:
    return list((media / "partials").rglob("*.*")) if (media / "partials").exists() else []


def test_each_partial_is_shown_to_the_owner_then_replaced_and_the_final_picture_deletes_it(
    gpt_image_2: FakeImageAPI, queued: Generation, watch: Any, media_in_tmp: Path
) -> None:
    seen = watch(queued)

    drawn = draw(queued)

    first, second = seen
    assert first["name"] and first["file"] and first["shown"]
    assert same_pixels(first["bytes"], first["sent"])
    # A stored picture, if only for a moment: it says it was made with AI too.
    [created] = actions(active_manifest(first["bytes"]))
    assert created["digitalSourceType"] == TRAINED_ALGORITHMIC_MEDIA
    # The second replaced the first, in the row and in the storage.
    assert second["name"] != first["name"] and second["file"] and second["shown"]
    assert same_pixels(second["bytes"], second["sent"])
    assert second["files"] == [Path(second["name"]).name]
    # The final picture stored: the partial is gone, row and file.
    assert drawn.status == Generation.Status.AWAITING_REVIEW
    assert drawn.image and drawn.thumbnail and not drawn.partial_image
    assert partial_files(media_in_tmp) == []
    assert (media_in_tmp / drawn.image.name).is_file()


def test_a_partial_picture_that_moderation_flags_is_never_stored(
    gpt_image_2: FakeImageAPI, queued: Generation, watch: Any, media_in_tmp: Path
) -> None:
    safety = SafetySettings.current()
    safety.moderation_enabled = False
    safety.image_moderation_enabled = True
    safety.save()
    gpt_image_2.flag_next_moderation("violence")  # the first partial picture
    seen = watch(queued)

    drawn = draw(queued)

    assert [snapshot["name"] for snapshot in seen] == ["", ""]
    assert not any(snapshot["shown"] or snapshot["bytes"] for snapshot in seen)
    assert all(snapshot["files"] == [] for snapshot in seen)
    moderated = [r for r in gpt_image_2.requests if r["path"].endswith("/moderations")]
    # The flagged partial, then (nothing more shown, so nothing more asked) the final one.
    assert len(moderated) == 2
    # The final picture is judged on its own, and this one is clean.
    assert drawn.status == Generation.Status.AWAITING_REVIEW and drawn.image
    assert partial_files(media_in_tmp) == []


def test_a_clean_partial_picture_is_moderated_before_it_is_shown(
    gpt_image_2: FakeImageAPI, queued: Generation, watch: Any
) -> None:
    safety = SafetySettings.current()
    safety.moderation_enabled = False
    safety.image_moderation_enabled = True
    safety.save()
    seen = watch(queued)

    draw(queued)

    assert [snapshot["shown"] for snapshot in seen] == [True, True]
    moderated = [r for r in gpt_image_2.requests if r["path"].endswith("/moderations")]
    assert len(moderated) == 3  # two partial pictures and the final one
    sent_first = moderated[0]["json"]["input"][0]["image_url"]["url"]
    assert sent_first.startswith("data:image/png;base64,")


def test_a_stream_cut_short_puts_the_picture_back_in_the_line_without_its_partial(
    gpt_image_2: FakeImageAPI, queued: Generation, watch: Any, media_in_tmp: Path
) -> None:
    gpt_image_2.stream_next(
        [stream_event("partial_image", "1024x1024", b64_json="__PNG__", partial_image_index=0)]
    )
    seen = watch(queued)

    drawn = draw(queued)

    assert seen[0]["shown"] and seen[0]["file"]
    assert drawn.status == Generation.Status.QUEUED  # a retry
    assert not drawn.partial_image and partial_files(media_in_tmp) == []


def test_a_picture_the_service_filters_mid_stream_keeps_no_partial(
    gpt_image_2: FakeImageAPI, queued: Generation, watch: Any, media_in_tmp: Path
) -> None:
    blocked = load_fixture("moderation_blocked")["body"]
    gpt_image_2.stream_next(
        [
            stream_event("partial_image", "1024x1024", b64_json="__PNG__", partial_image_index=0),
            {"type": "error", **blocked},
        ]
    )
    seen = watch(queued)

    drawn = draw(queued)

    assert seen[0]["shown"]
    assert drawn.status == Generation.Status.FILTERED
    assert not drawn.partial_image and partial_files(media_in_tmp) == []


def test_a_partial_arriving_after_another_attempt_took_the_picture_over_is_dropped(
    gpt_image_2: FakeImageAPI,
    queued: Generation,
    media_in_tmp: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handle = PartialKeeper.__call__
    rows: list[str] = []

    def taken_over_before_the_second(keeper: PartialKeeper, data: bytes, index: int) -> None:
        if index == 1:
            # While this worker streamed, the sweep re-queued it and another claimed it.
            Generation.objects.filter(pk=queued.pk).update(attempts=2)
        handle(keeper, data, index)
        rows.append(Generation.objects.get(pk=queued.pk).partial_image.name or "")

    monkeypatch.setattr(PartialKeeper, "__call__", taken_over_before_the_second)

    draw(queued)

    first, second = rows
    assert first and second == first  # the late one was not recorded...
    assert [p.name for p in partial_files(media_in_tmp)] == [Path(first).name]  # ...nor kept


def test_no_partial_pictures_setting_stores_none(
    settings: Any, gpt_image_2: FakeImageAPI, queued: Generation, media_in_tmp: Path
) -> None:
    settings.IMAGE_PARTIAL_IMAGES = 0

    drawn = draw(queued)

    assert "stream" not in gpt_image_2.requests[-1]["json"]
    assert drawn.status == Generation.Status.AWAITING_REVIEW
    assert partial_files(media_in_tmp) == []


# --- the offline preview streams too ---------------------------------------------------------


def test_the_offline_preview_streams_a_coarse_then_a_finer_partial_then_its_picture(
    queued: Generation, watch: Any, media_in_tmp: Path
) -> None:
    seen = watch(queued)

    drawn = draw(queued)

    assert [snapshot["index"] for snapshot in seen] == [0, 1]
    assert all(snapshot["shown"] for snapshot in seen)
    assert drawn.status == Generation.Status.AWAITING_REVIEW and drawn.provider == "offline"
    assert not drawn.partial_image and partial_files(media_in_tmp) == []


def test_the_offline_partials_are_its_picture_in_coarse_then_finer_blocks(
    student: User, assignment: Assignment
) -> None:
    partials: list[tuple[int, bytes]] = []
    request = ImageRequest(prompt="a castle made of jelly", size="1024x1024")

    result = OfflineProvider().generate(request, on_partial=lambda d, i: partials.append((i, d)))

    assert [index for index, _ in partials] == [0, 1]
    pictures = [Image.open(io.BytesIO(data)).convert("RGB") for _, data in partials]
    final = Image.open(io.BytesIO(result.image_bytes)).convert("RGB")
    assert all(picture.size == final.size for picture in pictures)
    colours = [len(picture.getcolors(1 << 20) or []) for picture in [*pictures, final]]
    assert colours[0] < colours[1] < colours[2]  # coarse, finer, the picture itself


def test_erasing_a_student_deletes_the_partial_picture_of_one_being_drawn(
    student: User, assignment: Assignment, media_in_tmp: Path
) -> None:
    drawing = drawing_generation(student=student, assignment=assignment)
    name = f"partials/student-{student.pk}/{drawing.pk}-0-x.png"
    name = default_storage.save(name, ContentFile(PNG))
    Generation.objects.filter(pk=drawing.pk).update(partial_image=name)

    student_data_delete(student=student)

    assert not default_storage.exists(name)

"""Prompt and picture moderation: the layers between the lists and the image service."""

from pathlib import Path

import pytest

from classrooms.models import Assignment, User
from generation import messages, queue
from generation.models import Generation, SafetySettings
from generation.selectors import images_used
from generation.services import generation_draw_next, generation_submit
from tests.support.fake_image_api import FakeImageAPI


def paths(api: FakeImageAPI) -> list[str]:
    return [r["path"].split("?")[0] for r in api.requests]


def test_a_flagged_prompt_is_blocked_in_the_worker_and_no_picture_is_asked_for(
    queued: Generation, openai_provider: FakeImageAPI
) -> None:
    openai_provider.flag_next_moderation("violence", "violence/graphic")

    outcome = generation_draw_next(generation_id=queued.pk)

    queued.refresh_from_db()
    assert outcome.retry_in is None
    assert queued.status == Generation.Status.BLOCKED
    assert queued.safety_layer == Generation.SafetyLayer.MODERATION
    assert queued.safety_rule == "violence, violence/graphic"
    assert queued.error_message == messages.PROMPT_BLOCKED
    assert paths(openai_provider) == ["/v1/moderations"]
    assert images_used(student=queued.student, assignment=queued.assignment) == 0


def test_moderation_checks_the_students_words_not_the_metaprompt(
    queued: Generation, openai_provider: FakeImageAPI
) -> None:
    generation_draw_next(generation_id=queued.pk)
    [moderation] = [r for r in openai_provider.requests if r["path"] == "/v1/moderations"]
    assert moderation["json"] == {
        "model": "omni-moderation-latest",
        "input": "the Colosseum full of cats",
    }


def test_an_admin_can_switch_prompt_moderation_off(
    queued: Generation, openai_provider: FakeImageAPI
) -> None:
    SafetySettings.objects.update_or_create(pk=1, defaults={"moderation_enabled": False})
    openai_provider.flag_next_moderation("violence")

    generation_draw_next(generation_id=queued.pk)

    queued.refresh_from_db()
    assert queued.status == Generation.Status.AWAITING_REVIEW
    assert "/v1/moderations" not in paths(openai_provider)


def test_without_an_openai_key_there_is_no_moderation_call(
    queued: Generation, fake_image_api: FakeImageAPI, settings
) -> None:
    settings.IMAGE_PROVIDER = "azure"
    settings.AZURE_OPENAI_ENDPOINT = fake_image_api.base_url
    settings.AZURE_OPENAI_API_KEY = "azure-key"
    settings.OPENAI_API_KEY = ""
    generation_draw_next(generation_id=queued.pk)
    assert "/v1/moderations" not in paths(fake_image_api)
    queued.refresh_from_db()
    assert queued.status == Generation.Status.AWAITING_REVIEW


def test_a_moderation_outage_does_not_stop_the_picture(
    queued: Generation, openai_provider: FakeImageAPI, caplog: pytest.LogCaptureFixture
) -> None:
    openai_provider.moderation_reply_next(503, {"error": {"message": "down", "code": None}})
    generation_draw_next(generation_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == Generation.Status.AWAITING_REVIEW
    assert "moderation unavailable" in caplog.text
    assert "Colosseum" not in caplog.text


def test_a_flagged_picture_is_filtered_before_review_and_never_stored(
    queued: Generation, openai_provider: FakeImageAPI, media_in_tmp: Path
) -> None:
    SafetySettings.objects.update_or_create(pk=1, defaults={"image_moderation_enabled": True})
    openai_provider.moderation_reply_next(
        200,
        {
            "id": "m",
            "model": "omni-moderation-latest",
            "results": [{"flagged": False, "categories": {}, "category_scores": {}}],
        },
    )
    openai_provider.flag_next_moderation("sexual")

    generation_draw_next(generation_id=queued.pk)

    queued.refresh_from_db()
    assert queued.status == Generation.Status.FILTERED
    assert queued.safety_layer == Generation.SafetyLayer.IMAGE_MODERATION
    assert queued.safety_rule == "sexual"
    assert queued.error_message == messages.GENERATION_IMAGE_FILTERED
    assert list(media_in_tmp.rglob("*.*")) == []
    image_check = [r for r in openai_provider.requests if r["path"] == "/v1/moderations"][-1]
    [part] = image_check["json"]["input"]
    assert part["type"] == "image_url"
    assert part["image_url"]["url"].startswith("data:image/png;base64,iVBOR")


def test_a_prompt_on_the_list_reaches_no_service_at_all(
    student: User,
    assignment: Assignment,
    openai_provider: FakeImageAPI,
    django_capture_on_commit_callbacks,
) -> None:
    SafetySettings.objects.update_or_create(pk=1, defaults={"image_moderation_enabled": True})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [blocked] = generation_submit(
            student=student, assignment=assignment, prompt="a knight covered in b100d", options={}
        )
    assert blocked.status == Generation.Status.BLOCKED
    # Only the teachers' notification is queued, never a picture.
    assert not any(queue.DRAW_NEXT_PICTURE in repr(callback) for callback in callbacks)
    assert any(queue.NOTIFY_BLOCKED_ATTEMPT in repr(callback) for callback in callbacks)
    generation_draw_next(generation_id=blocked.pk)  # even a stray task does nothing
    assert openai_provider.requests == []

"""OpenAI, Azure OpenAI and compatible servers, through the real `openai` client.

Every test talks HTTP to the local fake image API on 127.0.0.1; recorded provider
bodies live in tests/fixtures/openai/.
"""

import base64
import logging
from pathlib import Path

import pytest
from django.utils import timezone

from classrooms.models import Assignment, User
from generation import messages
from generation.models import Generation
from generation.selectors import images_used
from generation.services import generation_draw_next
from tests.support.factories import GenerationFactory
from tests.support.fake_image_api import FakeImageAPI, png_bytes
from tests.support.ports import free_port


def queued_generation(
    student: User, assignment: Assignment, *, size: str = "1024x1024", **options: str
) -> Generation:
    return GenerationFactory(
        student=student,
        assignment=assignment,
        prompt="the Colosseum full of friendly cats",
        options={"orientation": "square", **options},
        size=size,
    )


def run(generation: Generation) -> Generation:
    generation_draw_next(generation_id=generation.pk)
    generation.refresh_from_db()
    return generation


def backoff_ends(generation: Generation) -> None:
    """The retry's wait is over, as when Celery redelivers the message after its countdown."""
    Generation.objects.filter(pk=generation.pk).update(not_before=timezone.now())


def generations_posted(api: FakeImageAPI) -> list[dict]:
    return [r for r in api.requests if r["path"].split("?")[0].endswith("/images/generations")]


@pytest.fixture
def azure_provider(settings, fake_image_api: FakeImageAPI) -> FakeImageAPI:  # type: ignore[no-untyped-def]
    settings.IMAGE_PROVIDER = "azure"
    settings.AZURE_OPENAI_ENDPOINT = fake_image_api.base_url
    settings.AZURE_OPENAI_API_KEY = "azure-test-key"
    settings.AZURE_OPENAI_DEPLOYMENT = "school-dalle3"
    settings.AZURE_OPENAI_API_VERSION = "2024-02-01"
    settings.AZURE_OPENAI_MODEL = "dall-e-3"
    settings.IMAGE_PROVIDER_TIMEOUT_SECONDS = 5
    return fake_image_api


# --- the exact request, per model family ------------------------------------------------------


def test_dall_e_3_on_openai_gets_every_option_and_base64(
    student: User, assignment: Assignment, openai_provider: FakeImageAPI
) -> None:
    generation = run(
        queued_generation(student, assignment, size="1792x1024", quality="hd", style="natural")
    )

    [request] = generations_posted(openai_provider)
    assert request["path"] == "/v1/images/generations"
    assert request["headers"]["authorization"] == "Bearer sk-test-not-real"
    sent = request["json"]
    assert sent["prompt"] == generation.final_prompt
    assert "safe for work and appropriate for children" in sent["prompt"]
    assert sent["prompt"].endswith("<<<\nthe Colosseum full of friendly cats\n>>>")
    assert {k: sent[k] for k in ("model", "size", "quality", "style", "n", "response_format")} == {
        "model": "dall-e-3",
        "size": "1792x1024",
        "quality": "hd",
        "style": "natural",
        "n": 1,
        "response_format": "b64_json",
    }
    assert len(sent["user"]) == 32 and student.username not in sent["user"]
    assert generation.status == Generation.Status.AWAITING_REVIEW
    assert generation.revised_prompt == "A cheerful revised prompt."
    assert str(generation.estimated_cost) == "0.1200"


def test_dall_e_2_gets_no_quality_or_style(
    student: User, assignment: Assignment, openai_provider: FakeImageAPI, settings
) -> None:
    settings.IMAGE_MODEL = "dall-e-2"
    run(queued_generation(student, assignment, quality="hd", style="vivid"))
    sent = generations_posted(openai_provider)[0]["json"]
    assert sent["model"] == "dall-e-2" and sent["response_format"] == "b64_json"
    assert "quality" not in sent and "style" not in sent


@pytest.mark.parametrize(
    "model", ["gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2"]
)
def test_gpt_image_models_keep_moderation_on_auto_and_report_token_usage(
    student: User, assignment: Assignment, openai_provider: FakeImageAPI, settings, model: str
) -> None:
    settings.IMAGE_MODEL = model
    generation = run(queued_generation(student, assignment, quality="medium", style="vivid"))

    sent = generations_posted(openai_provider)[0]["json"]
    assert sent["model"] == model
    assert sent["moderation"] == "auto"
    assert sent["quality"] == "medium" and sent["output_format"] == "png"
    assert "response_format" not in sent and "style" not in sent
    assert generation.status == Generation.Status.AWAITING_REVIEW
    assert generation.usage == {"input_tokens": 412, "output_tokens": 1056, "total_tokens": 1468}


def test_azure_posts_to_the_deployment_with_api_version_and_api_key(
    student: User, assignment: Assignment, azure_provider: FakeImageAPI
) -> None:
    generation = run(queued_generation(student, assignment, quality="standard", style="vivid"))

    [request] = generations_posted(azure_provider)
    assert request["path"] == (
        "/openai/deployments/school-dalle3/images/generations?api-version=2024-02-01"
    )
    assert request["headers"]["api-key"] == "azure-test-key"
    assert "authorization" not in request["headers"]
    assert request["json"]["response_format"] == "b64_json"
    assert generation.provider == "azure" and generation.model == "dall-e-3"
    assert generation.status == Generation.Status.AWAITING_REVIEW


def test_an_azure_deployment_of_gpt_image_is_asked_like_gpt_image(
    student: User, assignment: Assignment, azure_provider: FakeImageAPI, settings
) -> None:
    settings.AZURE_OPENAI_DEPLOYMENT = "school-gpt-image"
    settings.AZURE_OPENAI_MODEL = "gpt-image-1"
    azure_provider.reply_with_fixture("gpt_image_b64")
    run(queued_generation(student, assignment, quality="low"))
    sent = generations_posted(azure_provider)[0]["json"]
    assert sent["model"] == "school-gpt-image" and sent["moderation"] == "auto"
    assert "response_format" not in sent


# --- getting the picture ------------------------------------------------------------------------


def test_a_picture_sent_as_a_link_is_downloaded_at_once(
    student: User, assignment: Assignment, openai_provider: FakeImageAPI
) -> None:
    openai_provider.reply_with_fixture("dall_e_3_url")
    generation = run(queued_generation(student, assignment))

    assert any(r["path"] == "/files/1024x1024.png" for r in openai_provider.requests)
    assert generation.status == Generation.Status.AWAITING_REVIEW
    assert generation.revised_prompt.startswith("A cheerful picture of the Pyramids")
    assert Path(generation.image.path).read_bytes().startswith(b"\x89PNG")


def test_an_expired_link_fails_without_storing_or_charging(
    student: User, assignment: Assignment, openai_provider: FakeImageAPI, media_in_tmp: Path
) -> None:
    openai_provider.reply_next(
        200,
        {
            "created": 1,
            "data": [{"url": f"{openai_provider.base_url}/expired/img-abc.png?se=2026-01-01"}],
        },
    )
    generation = run(queued_generation(student, assignment))

    assert generation.status == Generation.Status.FAILED
    assert "HTTP 403" in generation.error_detail and "expired" in generation.error_detail
    assert generation.estimated_cost == 0 and not generation.image
    assert list(media_in_tmp.rglob("*.*")) == []
    assert len(generations_posted(openai_provider)) == 1


def test_a_picture_of_the_wrong_size_from_openai_is_refused(
    student: User, assignment: Assignment, openai_provider: FakeImageAPI, settings
) -> None:
    settings.IMAGE_CHECK_SIZE = True  # as for OpenAI's own API
    wrong = base64.b64encode(png_bytes("512x512")).decode()
    openai_provider.reply_next(200, {"created": 1, "data": [{"b64_json": wrong}]})
    generation = run(queued_generation(student, assignment))
    assert generation.status == Generation.Status.FAILED
    assert "512x512, not the 1024x1024" in generation.error_detail


def test_a_self_hosted_server_may_draw_its_own_size(
    student: User, assignment: Assignment, openai_provider: FakeImageAPI, settings
) -> None:
    settings.IMAGE_CHECK_SIZE = False  # the default when OPENAI_BASE_URL is set
    other_size = base64.b64encode(png_bytes("512x512")).decode()
    openai_provider.reply_next(200, {"created": 1, "data": [{"b64_json": other_size}]})
    generation = run(queued_generation(student, assignment))
    assert generation.status == Generation.Status.AWAITING_REVIEW


def test_a_reply_that_is_not_an_image_fails_and_stores_nothing(
    student: User, assignment: Assignment, openai_provider: FakeImageAPI, media_in_tmp: Path
) -> None:
    not_an_image = base64.b64encode(b"<html>surprise</html>").decode()
    openai_provider.reply_next(200, {"created": 1, "data": [{"b64_json": not_an_image}]})
    generation = run(queued_generation(student, assignment))
    assert generation.status == Generation.Status.FAILED
    assert "not an image" in generation.error_detail
    assert list(media_in_tmp.rglob("*.*")) == []


# --- the provider's safety system ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "provider", "student_message"),
    [
        ("content_policy_violation", "openai", messages.GENERATION_FILTERED),
        ("moderation_blocked", "openai", messages.GENERATION_FILTERED),
        ("azure_prompt_filtered", "azure", messages.GENERATION_FILTERED),
        ("azure_image_filtered", "azure", messages.GENERATION_IMAGE_FILTERED),
    ],
)
def test_a_refusal_by_the_providers_filter_is_filtered_free_and_never_retried(
    student: User,
    assignment: Assignment,
    request,
    fixture: str,
    provider: str,
    student_message: str,
) -> None:
    api: FakeImageAPI = request.getfixturevalue(f"{provider}_provider")
    api.reply_with_fixture(fixture)

    outcome = generation_draw_next(generation_id=queued_generation(student, assignment).pk)

    generation = Generation.objects.get()
    assert outcome.retry_in is None
    assert generation.status == Generation.Status.FILTERED
    assert generation.error_message == student_message
    assert "safety system" in generation.error_detail
    assert generation.estimated_cost == 0
    assert images_used(student=student, assignment=assignment) == 0
    assert len(generations_posted(api)) == 1


# --- retries ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "at_least"),
    [({"Retry-After": "7"}, 7.0), ({"retry-after-ms": "4500"}, 4.5)],
)
def test_a_rate_limit_waits_at_least_as_long_as_the_provider_asks(
    student: User,
    assignment: Assignment,
    openai_provider: FakeImageAPI,
    headers: dict[str, str],
    at_least: float,
) -> None:
    openai_provider.reply_with_fixture("rate_limit", headers=headers)
    generation = queued_generation(student, assignment)

    outcome = generation_draw_next(generation_id=generation.pk)

    generation.refresh_from_db()
    assert outcome.retry_in is not None and at_least <= outcome.retry_in <= 60
    assert generation.status == Generation.Status.QUEUED
    assert "HTTP 429" in generation.error_detail


def test_a_server_error_is_retried_and_the_retry_finishes_the_job(
    student: User, assignment: Assignment, openai_provider: FakeImageAPI
) -> None:
    openai_provider.reply_with_fixture("server_error")
    generation = queued_generation(student, assignment)

    assert generation_draw_next(generation_id=generation.pk).retry_in is not None
    backoff_ends(generation)
    generation = run(generation)

    assert generation.status == Generation.Status.AWAITING_REVIEW
    assert generation.attempts == 2


def test_a_retry_is_not_sent_to_the_provider_before_its_backoff_ends(
    student: User, assignment: Assignment, openai_provider: FakeImageAPI
) -> None:
    openai_provider.reply_with_fixture("rate_limit", headers={"Retry-After": "7"})
    generation = queued_generation(student, assignment)
    first = generation_draw_next(generation_id=generation.pk)

    early = generation_draw_next(generation_id=generation.pk)  # a message that came too soon

    assert first.retry_in is not None and early.retry_in is not None
    assert 0 < early.retry_in <= first.retry_in
    assert len(generations_posted(openai_provider)) == 1
    generation.refresh_from_db()
    assert generation.status == Generation.Status.QUEUED and generation.attempts == 1


def test_a_provider_that_hangs_past_the_timeout_is_retried(
    student: User, assignment: Assignment, openai_provider: FakeImageAPI, settings
) -> None:
    settings.IMAGE_PROVIDER_TIMEOUT_SECONDS = 1
    openai_provider.latency_seconds = 2
    generation = queued_generation(student, assignment)

    outcome = generation_draw_next(generation_id=generation.pk)

    generation.refresh_from_db()
    assert outcome.retry_in is not None
    assert generation.status == Generation.Status.QUEUED
    assert "did not answer within 1 s" in generation.error_detail


def test_an_unreachable_server_is_retried_then_failed_with_a_kind_message(
    student: User, assignment: Assignment, openai_provider: FakeImageAPI, settings
) -> None:
    closed_port = free_port()
    settings.OPENAI_BASE_URL = f"http://127.0.0.1:{closed_port}/v1"
    settings.GENERATION_MAX_ATTEMPTS = 2
    generation = queued_generation(student, assignment)

    assert generation_draw_next(generation_id=generation.pk).retry_in is not None
    backoff_ends(generation)
    assert generation_draw_next(generation_id=generation.pk).retry_in is None

    generation.refresh_from_db()
    assert generation.status == Generation.Status.FAILED
    assert generation.error_message == messages.GENERATION_FAILED
    assert f"Could not reach the image service at http://127.0.0.1:{closed_port}" in (
        generation.error_detail
    )
    assert images_used(student=student, assignment=assignment) == 0


# --- configuration mistakes: failed at once, a message that names the setting ---------------


@pytest.mark.parametrize(
    ("provider", "fixture", "names"),
    [
        ("openai", "invalid_api_key", "OPENAI_API_KEY"),
        ("azure", "azure_access_denied", "AZURE_OPENAI_API_KEY"),
        ("openai", "model_not_found", "IMAGE_MODEL"),
        ("azure", "deployment_not_found", "AZURE_OPENAI_DEPLOYMENT"),
    ],
)
def test_a_configuration_mistake_fails_at_once_and_names_the_setting_to_fix(
    student: User, assignment: Assignment, request, provider: str, fixture: str, names: str
) -> None:
    api: FakeImageAPI = request.getfixturevalue(f"{provider}_provider")
    api.reply_with_fixture(fixture)

    outcome = generation_draw_next(generation_id=queued_generation(student, assignment).pk)

    generation = Generation.objects.get()
    assert outcome.retry_in is None
    assert generation.status == Generation.Status.FAILED
    assert generation.error_message == messages.GENERATION_FAILED
    assert names in generation.error_detail
    assert images_used(student=student, assignment=assignment) == 0
    assert len(generations_posted(api)) == 1


def test_a_retired_model_message_suggests_a_current_one(
    student: User, assignment: Assignment, openai_provider: FakeImageAPI
) -> None:
    openai_provider.reply_with_fixture("model_not_found")
    generation = run(queued_generation(student, assignment))
    assert "retired or unknown" in generation.error_detail
    assert "gpt-image-2" in generation.error_detail


# --- privacy --------------------------------------------------------------------------------------


def test_info_logs_hold_no_prompt_key_or_name(
    student: User,
    assignment: Assignment,
    openai_provider: FakeImageAPI,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    openai_provider.reply_with_fixture("content_policy_violation")
    run(queued_generation(student, assignment))
    run(queued_generation(student, assignment))

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "generation" in logged  # something was logged, just nothing private
    for private in ("Colosseum", "sk-test-not-real", student.username, str(student)):
        assert private not in logged

"""The worker's side: from a queued record to a stored picture, or a clear failure."""

import base64
from pathlib import Path

import pytest

from classrooms.models import Assignment, User
from generation import messages
from generation.models import Generation
from generation.services import generation_run, generations_sweep_stale
from generation.tasks import generate_image
from tests.fake_image_api import FakeImageAPI, openai_error


@pytest.fixture
def queued(student: User, assignment: Assignment) -> Generation:
    return Generation.objects.create(
        student=student,
        assignment=assignment,
        prompt="the Colosseum full of cats",
        options={"orientation": "square", "quality": "standard", "style": "vivid"},
        size="1024x1024",
        provider="offline",
        model="dall-e-3",
    )


def test_the_offline_provider_draws_a_labelled_picture_that_waits_for_review(
    queued: Generation, media_in_tmp: Path
) -> None:
    generate_image(queued.pk)

    queued.refresh_from_db()
    assert queued.status == Generation.Status.AWAITING_REVIEW
    assert queued.provider == "offline"
    assert "Offline preview" in queued.revised_prompt
    assert queued.metaprompt is not None and queued.metaprompt.version == 1
    assert "safe for work and appropriate for children" in queued.final_prompt
    assert queued.final_prompt.endswith("<<<\nthe Colosseum full of cats\n>>>")
    assert queued.image.name.startswith(f"generations/student-{queued.student_id}/")
    assert (media_in_tmp / queued.image.name).stat().st_size > 1000
    assert queued.thumbnail.name.endswith(".webp")
    assert queued.started_at and queued.finished_at and queued.attempts == 1
    assert queued.estimated_cost == 0


def test_an_assignment_without_review_goes_straight_to_approved(queued: Generation) -> None:
    queued.assignment.requires_approval = False
    queued.assignment.save()
    generate_image(queued.pk)
    queued.refresh_from_db()
    assert queued.status == Generation.Status.APPROVED


def test_a_redelivered_task_for_a_finished_record_does_nothing(queued: Generation) -> None:
    generate_image(queued.pk)
    queued.refresh_from_db()
    first_image = queued.image.name

    generate_image(queued.pk)

    queued.refresh_from_db()
    assert queued.image.name == first_image
    assert queued.attempts == 1


def test_a_task_for_a_deleted_record_just_returns(queued: Generation) -> None:
    pk = queued.pk
    queued.delete()
    generate_image(pk)  # no exception, nothing created
    assert not Generation.objects.exists()


def test_a_record_another_worker_is_drawing_is_left_alone(
    queued: Generation, openai_provider: FakeImageAPI
) -> None:
    Generation.objects.filter(pk=queued.pk).update(status=Generation.Status.GENERATING)
    generate_image(queued.pk)
    assert openai_provider.requests == []


def test_openai_compatible_server_picture_is_stored_with_revised_prompt_and_cost(
    queued: Generation, openai_provider: FakeImageAPI
) -> None:
    generate_image(queued.pk)

    queued.refresh_from_db()
    assert queued.status == Generation.Status.AWAITING_REVIEW
    assert queued.provider == "openai"
    assert queued.revised_prompt == "A cheerful revised prompt."
    assert str(queued.estimated_cost) == "0.0400"
    sent = openai_provider.requests[0]["json"]
    assert sent["prompt"] == queued.final_prompt
    assert sent["model"] == "dall-e-3" and sent["size"] == "1024x1024"
    assert sent["response_format"] == "b64_json"
    # The student is a salted hash, never a name or a plain id.
    assert len(sent["user"]) == 32 and queued.student.username not in sent["user"]


def test_the_providers_safety_filter_ends_in_filtered_and_is_not_retried(
    queued: Generation, openai_provider: FakeImageAPI
) -> None:
    openai_provider.reply_next(
        400,
        openai_error("content_policy_violation", "Your request was rejected by our safety system."),
    )

    outcome = generation_run(generation_id=queued.pk)

    queued.refresh_from_db()
    assert outcome.retry_in is None
    assert queued.status == Generation.Status.FILTERED
    assert queued.error_message == messages.GENERATION_FILTERED
    assert "content_policy_violation" in queued.error_detail
    assert not queued.image
    assert len(openai_provider.requests) == 1


def test_a_bad_key_fails_at_once_with_a_message_for_the_admin(
    queued: Generation, openai_provider: FakeImageAPI
) -> None:
    openai_provider.reply_next(401, openai_error("invalid_api_key", "Incorrect API key provided"))

    outcome = generation_run(generation_id=queued.pk)

    queued.refresh_from_db()
    assert outcome.retry_in is None
    assert queued.status == Generation.Status.FAILED
    assert queued.error_message == messages.GENERATION_FAILED
    assert (
        "HTTP 401" in queued.error_detail and "Check the provider settings" in queued.error_detail
    )


def test_a_server_error_puts_the_record_back_in_the_queue_for_a_retry(
    queued: Generation, openai_provider: FakeImageAPI
) -> None:
    openai_provider.reply_next(503, openai_error("server_busy", "Try later", "server_error"))

    outcome = generation_run(generation_id=queued.pk)

    queued.refresh_from_db()
    assert outcome.retry_in is not None and 0 <= outcome.retry_in <= 60
    assert queued.status == Generation.Status.QUEUED
    assert "HTTP 503" in queued.error_detail

    # The retry finds it queued and finishes the job.
    generation_run(generation_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == Generation.Status.AWAITING_REVIEW
    assert queued.attempts == 2


def test_a_rate_limit_waits_at_least_as_long_as_the_provider_asks(
    queued: Generation, openai_provider: FakeImageAPI
) -> None:
    openai_provider.reply_next(
        429, openai_error("rate_limit_exceeded", "Slow down"), headers={"retry-after-ms": "7000"}
    )
    outcome = generation_run(generation_id=queued.pk)
    assert outcome.retry_in is not None and outcome.retry_in >= 7


def test_after_the_last_attempt_a_transient_error_fails_the_record(
    queued: Generation, openai_provider: FakeImageAPI, settings
) -> None:
    settings.GENERATION_MAX_ATTEMPTS = 2
    for _ in range(2):
        openai_provider.reply_next(500, openai_error("oops", "Internal error", "server_error"))

    assert generation_run(generation_id=queued.pk).retry_in is not None
    assert generation_run(generation_id=queued.pk).retry_in is None

    queued.refresh_from_db()
    assert queued.status == Generation.Status.FAILED
    assert queued.error_message == messages.GENERATION_FAILED


def test_a_reply_that_is_not_an_image_fails_and_stores_nothing(
    queued: Generation, openai_provider: FakeImageAPI, media_in_tmp: Path
) -> None:
    not_an_image = base64.b64encode(b"<html>surprise</html>").decode()
    openai_provider.reply_next(200, {"created": 1, "data": [{"b64_json": not_an_image}]})

    generation_run(generation_id=queued.pk)

    queued.refresh_from_db()
    assert queued.status == Generation.Status.FAILED
    assert "not an image" in queued.error_detail
    assert not queued.image
    assert list(media_in_tmp.rglob("*.*")) == []


def test_an_unexpected_error_fails_the_record_instead_of_leaving_it_drawing(
    queued: Generation, monkeypatch: pytest.MonkeyPatch
) -> None:
    class BrokenProvider:
        name = "broken"
        model = "broken"

        def generate(self, request: object) -> None:
            raise RuntimeError("disk on fire")

    monkeypatch.setattr("generation.services.get_provider", BrokenProvider)

    outcome = generation_run(generation_id=queued.pk)

    queued.refresh_from_db()
    assert outcome.retry_in is None
    assert queued.status == Generation.Status.FAILED
    assert queued.error_detail == "RuntimeError: disk on fire"
    assert queued.error_message == messages.GENERATION_FAILED


def test_failed_and_filtered_pictures_do_not_use_up_the_quota(
    queued: Generation, openai_provider: FakeImageAPI
) -> None:
    from generation.selectors import images_used

    openai_provider.reply_next(400, openai_error("content_policy_violation", "No."))
    generation_run(generation_id=queued.pk)
    assert images_used(student=queued.student, assignment=queued.assignment) == 0


def test_azure_requests_go_to_the_deployment_with_the_api_key_header(
    queued: Generation, fake_image_api: FakeImageAPI, settings
) -> None:
    settings.IMAGE_PROVIDER = "azure"
    settings.AZURE_OPENAI_ENDPOINT = fake_image_api.base_url
    settings.AZURE_OPENAI_API_KEY = "azure-test-key"
    settings.AZURE_OPENAI_DEPLOYMENT = "school-dalle3"
    settings.AZURE_OPENAI_API_VERSION = "2024-02-01"

    generate_image(queued.pk)

    queued.refresh_from_db()
    assert queued.status == Generation.Status.AWAITING_REVIEW
    assert queued.provider == "azure" and queued.model == "school-dalle3"
    request = fake_image_api.requests[0]
    assert request["path"] == (
        "/openai/deployments/school-dalle3/images/generations?api-version=2024-02-01"
    )
    assert request["headers"].get("api-key") == "azure-test-key"


def test_the_stale_sweep_requeues_a_lost_record_then_fails_it_after_the_last_attempt(
    queued: Generation, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    settings.GENERATION_MAX_ATTEMPTS = 2
    long_ago = timezone.now() - timedelta(hours=1)
    Generation.objects.filter(pk=queued.pk).update(
        status=Generation.Status.GENERATING, started_at=long_ago, queued_at=long_ago, attempts=1
    )
    fresh = Generation.objects.create(
        student=queued.student, assignment=queued.assignment, prompt="fresh", size="1024x1024"
    )

    sent: list[int] = []
    monkeypatch.setattr(generate_image, "delay", sent.append)

    assert generations_sweep_stale() == {"requeued": 1, "failed": 0}
    assert sent == [queued.pk]
    queued.refresh_from_db()
    assert queued.status == Generation.Status.QUEUED

    Generation.objects.filter(pk=queued.pk).update(
        status=Generation.Status.GENERATING, started_at=long_ago, attempts=2
    )
    assert generations_sweep_stale() == {"requeued": 0, "failed": 1}

    queued.refresh_from_db()
    fresh.refresh_from_db()
    assert queued.status == Generation.Status.FAILED
    assert queued.error_message == messages.GENERATION_TIMED_OUT
    assert fresh.status == Generation.Status.QUEUED


def test_the_offline_picture_has_the_size_the_student_chose(queued: Generation) -> None:
    from PIL import Image

    Generation.objects.filter(pk=queued.pk).update(size="1792x1024")
    generate_image(queued.pk)
    queued.refresh_from_db()
    with Image.open(queued.image.path) as picture:
        assert picture.size == (1792, 1024)
    with Image.open(queued.thumbnail.path) as thumb:
        assert max(thumb.size) == 512

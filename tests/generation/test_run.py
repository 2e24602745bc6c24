"""The worker's side: from a queued record to a stored picture, or a clear failure."""

from pathlib import Path

import pytest
from django.core import mail

from classrooms.models import User
from generation import messages, queue
from generation.models import Generation, SafetySettings
from generation.providers import FailureKind, ProviderError
from generation.safety.terms import disallowed_term_add
from generation.services import generation_draw_next, generations_sweep_stale
from generation.tasks import draw_next_picture
from tests.support.fake_image_api import FakeImageAPI


def test_the_offline_provider_draws_a_labelled_picture_that_waits_for_review(
    queued: Generation, media_in_tmp: Path
) -> None:
    draw_next_picture(queued.pk)

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
    draw_next_picture(queued.pk)
    queued.refresh_from_db()
    assert queued.status == Generation.Status.APPROVED


def test_a_redelivered_task_for_a_finished_record_does_nothing(queued: Generation) -> None:
    draw_next_picture(queued.pk)
    queued.refresh_from_db()
    first_image = queued.image.name

    draw_next_picture(queued.pk)

    queued.refresh_from_db()
    assert queued.image.name == first_image
    assert queued.attempts == 1


def test_a_task_for_a_deleted_record_just_returns(queued: Generation) -> None:
    pk = queued.pk
    queued.delete()
    draw_next_picture(pk)  # no exception, nothing created
    assert not Generation.objects.exists()


def test_a_record_another_worker_is_drawing_is_left_alone(
    queued: Generation, openai_provider: FakeImageAPI
) -> None:
    Generation.objects.filter(pk=queued.pk).update(status=Generation.Status.GENERATING)
    draw_next_picture(queued.pk)
    assert openai_provider.requests == []


def test_an_unexpected_error_fails_the_record_instead_of_leaving_it_drawing(
    queued: Generation, monkeypatch: pytest.MonkeyPatch
) -> None:
    class BrokenProvider:
        name = "broken"
        model = "broken"
        can_stream = False

        def generate(self, request: object) -> None:
            raise RuntimeError("disk on fire")

    monkeypatch.setattr("generation.services.drawing.get_provider", BrokenProvider)

    outcome = generation_draw_next(generation_id=queued.pk)

    queued.refresh_from_db()
    assert outcome.retry_in is None
    assert queued.status == Generation.Status.FAILED
    assert queued.error_detail == "RuntimeError: disk on fire"
    assert queued.error_message == messages.GENERATION_FAILED


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
    monkeypatch.setattr(
        queue, "send", lambda task, pk: sent.append(pk) if task == queue.DRAW_NEXT_PICTURE else None
    )

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
    draw_next_picture(queued.pk)
    queued.refresh_from_db()
    with Image.open(queued.image.path) as picture:
        assert picture.size == (1792, 1024)
    with Image.open(queued.thumbnail.path) as thumb:
        assert max(thumb.size) == 512


def test_a_drawing_that_returns_after_the_sweep_took_the_record_over_changes_nothing(
    queued: Generation, media_in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generation.providers.offline import OfflineProvider

    class HungThenReturning(OfflineProvider):
        def generate(self, request, **streaming):  # type: ignore[no-untyped-def]
            # While this thread hung, the stale sweep gave up on the record.
            Generation.objects.filter(pk=queued.pk).update(
                status=Generation.Status.FAILED, error_message="took too long"
            )
            return super().generate(request, **streaming)

    monkeypatch.setattr("generation.services.drawing.get_provider", HungThenReturning)

    generation_draw_next(generation_id=queued.pk)

    queued.refresh_from_db()
    assert queued.status == Generation.Status.FAILED
    assert queued.error_message == "took too long"
    assert not queued.image and queued.estimated_cost == 0
    assert list(media_in_tmp.rglob("*.*")) == []


@pytest.mark.parametrize(
    "error",
    [
        ProviderError("HTTP 503: busy", kind=FailureKind.TRANSIENT),
        ProviderError("HTTP 401: bad key", kind=FailureKind.CONFIGURATION),
        ProviderError("content_policy_violation: no", kind=FailureKind.FILTERED),
        RuntimeError("disk full"),
    ],
    ids=["retry", "failure", "filter", "unexpected"],
)
def test_an_error_that_comes_back_after_another_worker_took_the_record_over_changes_nothing(
    queued: Generation, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    from generation.providers.offline import OfflineProvider

    class HungThenFailing(OfflineProvider):
        def generate(self, request, **streaming):  # type: ignore[no-untyped-def]
            # While this thread hung, the sweep re-queued the record and a second worker
            # claimed it (its attempt 2) and is drawing it now.
            Generation.objects.filter(pk=queued.pk).update(attempts=2)
            raise error

    monkeypatch.setattr("generation.services.drawing.get_provider", HungThenFailing)

    generation_draw_next(generation_id=queued.pk)

    queued.refresh_from_db()
    assert queued.status == Generation.Status.GENERATING
    assert queued.attempts == 2
    assert queued.error_message == "" and queued.error_detail == ""
    assert queued.finished_at is None and queued.not_before is None


def image_requests(api: FakeImageAPI) -> list[dict[str, object]]:
    return [r for r in api.requests if str(r["path"]).split("?")[0].endswith("/images/generations")]


@pytest.mark.parametrize("scope", ["school", "class"])
def test_a_term_added_while_a_picture_waits_in_the_queue_blocks_it_before_anything_is_sent(
    queued: Generation, openai_provider: FakeImageAPI, admin_user: User, teacher: User, scope: str
) -> None:
    if scope == "school":
        disallowed_term_add(actor=admin_user, term="colosseum")
    else:
        disallowed_term_add(actor=teacher, term="colosseum", classroom=queued.assignment.classroom)

    outcome = generation_draw_next(generation_id=queued.pk)

    queued.refresh_from_db()
    assert outcome.retry_in is None
    assert queued.status == Generation.Status.BLOCKED
    assert queued.safety_layer == (
        Generation.SafetyLayer.SCHOOL_LIST
        if scope == "school"
        else Generation.SafetyLayer.CLASS_LIST
    )
    assert queued.safety_rule == "colosseum"
    assert queued.error_message == messages.PROMPT_BLOCKED
    assert queued.final_prompt == "" and not queued.image
    assert openai_provider.requests == []  # not even moderation saw the words


def test_a_term_added_before_a_retry_blocks_the_picture_back_in_the_queue(
    queued: Generation, openai_provider: FakeImageAPI, admin_user: User
) -> None:
    openai_provider.reply_next(503, {"error": {"message": "busy", "code": None}})
    first = generation_draw_next(generation_id=queued.pk)
    queued.refresh_from_db()
    assert first.retry_in is not None and queued.status == Generation.Status.QUEUED
    assert len(image_requests(openai_provider)) == 1

    disallowed_term_add(actor=admin_user, term="colosseum")
    Generation.objects.filter(pk=queued.pk).update(not_before=None)  # its backoff is over
    generation_draw_next(generation_id=queued.pk)

    queued.refresh_from_db()
    assert queued.status == Generation.Status.BLOCKED
    assert queued.safety_layer == Generation.SafetyLayer.SCHOOL_LIST
    assert queued.attempts == 2
    assert len(image_requests(openai_provider)) == 1  # only the 503, never again


def test_a_picture_blocked_in_the_worker_by_a_list_tells_the_teacher_like_one_at_submission(
    queued: Generation, teacher: User, admin_user: User
) -> None:
    teacher.email = "rivera@school.example"
    teacher.save(update_fields=["email"])
    SafetySettings.objects.update_or_create(pk=1, defaults={"notify_after_blocked_attempts": 1})
    disallowed_term_add(actor=admin_user, term="colosseum")

    generation_draw_next(generation_id=queued.pk)

    [message] = mail.outbox
    assert message.to == ["rivera@school.example"]
    assert "colosseum" not in message.body.lower()


def test_a_picture_the_lists_still_allow_is_drawn_after_the_second_check(
    queued: Generation, openai_provider: FakeImageAPI, admin_user: User
) -> None:
    disallowed_term_add(actor=admin_user, term="colossal")  # close, but another word

    generation_draw_next(generation_id=queued.pk)

    queued.refresh_from_db()
    assert queued.status == Generation.Status.AWAITING_REVIEW
    assert len(image_requests(openai_provider)) == 1

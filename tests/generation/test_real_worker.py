"""The Celery path through a real worker process on the Redis at 127.0.0.1:6379."""

from pathlib import Path

import pytest

from classrooms.models import Assignment, User
from generation.models import Generation
from generation.services import generation_submit
from tests.support.fake_image_api import FakeImageAPI
from tests.support.processes import wait_for
from tests.support.worker import celery_worker, redis_is_up

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_defaults"),
]


def test_a_real_worker_draws_the_students_picture_and_it_waits_for_review(
    student: User, assignment: Assignment, media_in_tmp: Path
) -> None:
    from tests.conftest import require_service

    require_service(redis_is_up(), "Redis on 127.0.0.1:6379")
    with celery_worker(media_root=media_in_tmp):
        [generation] = generation_submit(
            student=student,
            assignment=assignment,
            prompt="the Statue of Liberty in a jungle",
            options={"orientation": "landscape"},
        )
        finished = wait_for(
            lambda: Generation.objects.get(pk=generation.pk).status not in Generation.IN_PROGRESS
        )

    generation.refresh_from_db()
    assert finished, generation.status
    assert generation.status == Generation.Status.AWAITING_REVIEW
    assert generation.size == "1792x1024"
    assert "<<<\nthe Statue of Liberty in a jungle\n>>>" in generation.final_prompt
    assert (media_in_tmp / generation.image.name).is_file()
    assert (media_in_tmp / generation.thumbnail.name).is_file()


def test_a_rate_limited_picture_is_retried_by_the_worker_after_the_wait_it_was_told(
    student: User, assignment: Assignment, media_in_tmp: Path, openai_provider: FakeImageAPI
) -> None:
    from tests.conftest import require_service

    require_service(redis_is_up(), "Redis on 127.0.0.1:6379")
    openai_provider.reply_with_fixture("rate_limit")  # Retry-After: 1
    with celery_worker(media_root=media_in_tmp):
        [generation] = generation_submit(
            student=student, assignment=assignment, prompt="the Taj Mahal on a cloud", options={}
        )
        finished = wait_for(
            lambda: Generation.objects.get(pk=generation.pk).status not in Generation.IN_PROGRESS
        )

    generation.refresh_from_db()
    assert finished and generation.status == Generation.Status.AWAITING_REVIEW
    assert generation.attempts == 2
    first, second = [
        r["at"] for r in openai_provider.requests if r["path"].endswith("/images/generations")
    ]
    assert second - first >= 1.0

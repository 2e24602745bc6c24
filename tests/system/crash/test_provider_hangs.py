"""A provider that hangs never leaves a picture stuck in "generating"."""

from pathlib import Path

import pytest

from classrooms.models import Assignment, User
from generation import messages
from generation.models import Generation
from generation.tasks import draw_next_picture
from tests.support.fake_image_api import FakeImageAPI
from tests.support.processes import wait_for
from tests.support.worker import celery_worker
from tests.system.crash.conftest import make_burst, provider_calls, sweep_until_final

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_defaults", "shared_redis"),
]


def test_a_slow_provider_hits_the_http_timeout_is_retried_then_failed_with_a_message(
    student: User, assignment: Assignment, media_in_tmp: Path, openai_provider: FakeImageAPI
) -> None:
    openai_provider.latency_seconds = 4.0
    env = {"IMAGE_PROVIDER_TIMEOUT_SECONDS": "1", "GENERATION_MAX_ATTEMPTS": "2"}
    [pk] = make_burst(student=student, assignment=assignment, count=1, tag="slow provider")
    with celery_worker(media_root=media_in_tmp, extra_env=env):
        draw_next_picture.delay(pk)
        ended = wait_for(
            lambda: Generation.objects.get(pk=pk).status not in Generation.IN_PROGRESS,
            timeout=60,
        )

    generation = Generation.objects.get(pk=pk)
    assert ended, generation.status
    assert generation.status == Generation.Status.FAILED
    assert generation.error_message == str(messages.GENERATION_FAILED)
    assert generation.error_detail == "The image service did not answer within 1 s."
    assert generation.attempts == 2
    assert provider_calls(openai_provider, generation.prompt) == 2


def test_a_call_that_hangs_past_every_timeout_is_failed_by_the_stale_sweep(
    student: User,
    assignment: Assignment,
    media_in_tmp: Path,
    openai_provider: FakeImageAPI,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    # The HTTP timeout is longer than the hang, as when a server trickles bytes forever;
    # the threads pool the worker runs (see docker-compose.yml) cannot enforce Celery's
    # time limits, so the sweep is what ends it.
    # Long enough that the sweep always comes first, even on a loaded machine; the fake
    # API's threads are daemons, so the hang costs the test nothing once it is over.
    openai_provider.latency_seconds = 30.0
    settings.GENERATION_STALE_AFTER_SECONDS = 2
    settings.GENERATION_MAX_ATTEMPTS = 1
    env = {"IMAGE_PROVIDER_TIMEOUT_SECONDS": "60"}
    [pk] = make_burst(student=student, assignment=assignment, count=1, tag="hung provider")
    with celery_worker(media_root=media_in_tmp, extra_env=env) as worker:
        draw_next_picture.delay(pk)
        assert wait_for(
            lambda: Generation.objects.get(pk=pk).status == Generation.Status.GENERATING
        )
        ended = sweep_until_final([pk], timeout=20)
        # Its thread is still waiting on the provider; a warm shutdown would wait for it.
        worker.kill()

    generation = Generation.objects.get(pk=pk)
    assert ended, generation.status
    assert generation.status == Generation.Status.FAILED
    assert generation.error_message == str(messages.GENERATION_TIMED_OUT)
    assert provider_calls(openai_provider, generation.prompt) == 1

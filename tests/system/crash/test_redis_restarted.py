"""Redis restarted (and emptied) mid-burst: the database still knows every picture."""

import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from classrooms.models import Assignment, User
from generation.models import Generation
from generation.tasks import draw_next_picture
from tests.support.fake_image_api import FakeImageAPI
from tests.support.processes import wait_for
from tests.support.worker import celery_worker
from tests.system.crash.conftest import (
    FINAL_OK,
    OwnRedis,
    all_final,
    make_burst,
    provider_calls,
    publishing_to,
    sweep_until_final,
)

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_defaults"),
]


def test_no_picture_is_lost_when_redis_restarts_empty_in_the_middle_of_a_burst(
    student: User,
    assignment: Assignment,
    media_in_tmp: Path,
    openai_provider: FakeImageAPI,
    own_redis: OwnRedis,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    openai_provider.latency_seconds = 0.5
    # Well above one drawing (0.5 s) even on a loaded machine: a picture still being drawn
    # must never look stale, or the sweep would send it to the provider a second time.
    settings.GENERATION_STALE_AFTER_SECONDS = 5
    env = {"REDIS_URL": own_redis.url, "GENERATION_STALE_AFTER_SECONDS": "5"}
    ids = make_burst(student=student, assignment=assignment, count=12, tag="redis-restart")
    with publishing_to(own_redis.url), ExitStack() as workers:
        worker = workers.enter_context(celery_worker(media_root=media_in_tmp, extra_env=env))
        for pk in ids:
            draw_next_picture.delay(pk)
        assert wait_for(
            lambda: Generation.objects.filter(pk__in=ids, status__in=FINAL_OK).exists(),
            timeout=60,
            interval=0.05,
        )
        # No disk persistence: every message still waiting in Redis is gone with it.
        own_redis.kill()
        lost = Generation.objects.filter(pk__in=ids, status=Generation.Status.QUEUED).count()
        # Pictures asked for while Redis is down are saved but never reach the queue,
        # like a generation_submit whose publish failed after its row was committed.
        ids += make_burst(student=student, assignment=assignment, count=3, tag="while-down")
        own_redis.start()
        deadline = time.monotonic() + 60
        while not sweep_until_final(ids, timeout=1) and time.monotonic() < deadline:
            # The worker can exit on the lost connection (kombu: a thread acks while the
            # consumer closes the channel: "Unrecoverable error: AttributeError ...
            # 'hostname'"); docker-compose's `restart: unless-stopped` brings it back.
            if worker.poll() is not None:
                worker = workers.enter_context(
                    celery_worker(media_root=media_in_tmp, extra_env=env)
                )
        ended = all_final(ids)

    assert lost > 0, "Redis restarted after the queue had drained; nothing was at risk"
    statuses = list(Generation.objects.filter(pk__in=ids).values_list("status", flat=True))
    assert ended, statuses
    assert set(statuses) <= set(FINAL_OK), list(
        Generation.objects.filter(pk__in=ids).values_list("status", "attempts", "error_detail")
    )
    for prompt in Generation.objects.filter(pk__in=ids).values_list("prompt", flat=True):
        assert provider_calls(openai_provider, prompt) == 1, prompt

"""A worker killed with kill -9 mid-burst: every picture still ends, none is drawn twice."""

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from classrooms.models import Assignment, User
from generation.models import Generation
from generation.tasks import draw_next_picture
from tests.support.fake_image_api import FakeImageAPI
from tests.support.processes import wait_for
from tests.support.worker import celery_worker
from tests.system.crash.conftest import FINAL_OK, make_burst, provider_calls, sweep_until_final

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_defaults", "shared_redis"),
]

# Generous for a loaded two-core CI machine: starting the second worker alone can take
# seconds there. The sweep (STALE_AFTER) is what brings pictures back, well inside it.
VISIBILITY_TIMEOUT = 30
STALE_AFTER = 4
DRAWING_SECONDS = 1.5


def test_every_picture_ends_after_a_kill_9_and_finished_ones_are_never_drawn_again(
    student: User,
    assignment: Assignment,
    media_in_tmp: Path,
    openai_provider: FakeImageAPI,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    openai_provider.latency_seconds = DRAWING_SECONDS
    settings.GENERATION_STALE_AFTER_SECONDS = STALE_AFTER
    crash_env = {
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "GENERATION_STALE_AFTER_SECONDS": str(STALE_AFTER),
    }
    ids = make_burst(student=student, assignment=assignment, count=10, tag="hard-stop")
    with celery_worker(media_root=media_in_tmp, extra_env=crash_env) as worker:
        for pk in ids:
            draw_next_picture.delay(pk)
        # Kill it once some are done and others are being drawn: a real mid-burst crash.
        assert wait_for(lambda: _some_finished_some_just_started(ids), timeout=30, interval=0.02)
        worker.kill()
        worker.wait()
        killed_at = time.monotonic()
    finished_before = {
        pk: prompt
        for pk, prompt in Generation.objects.filter(pk__in=ids, status__in=FINAL_OK).values_list(
            "pk", "prompt"
        )
    }
    calls_before = {
        prompt: provider_calls(openai_provider, prompt) for prompt in finished_before.values()
    }
    drawing = set(
        Generation.objects.filter(pk__in=ids, status=Generation.Status.GENERATING).values_list(
            "pk", flat=True
        )
    )
    # Pictures the dead worker was drawing stay "generating" until the sweep takes them back.
    assert drawing, "the kill came between pictures; nothing was mid-drawing"

    with celery_worker(media_root=media_in_tmp, extra_env=crash_env):
        left = VISIBILITY_TIMEOUT - (time.monotonic() - killed_at)
        ended = sweep_until_final(ids, timeout=left)
        recovered_in = time.monotonic() - killed_at

    assert ended, list(Generation.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert recovered_in <= VISIBILITY_TIMEOUT
    for generation in Generation.objects.filter(pk__in=ids):
        assert generation.status in (*FINAL_OK, Generation.Status.FAILED), generation.status
        if generation.status == Generation.Status.FAILED:
            assert generation.error_message
        else:
            assert generation.image.name
    # Those taken back from the dead worker were claimed a second time, by the new one.
    assert (
        set(Generation.objects.filter(pk__in=drawing, attempts__gte=2).values_list("pk", flat=True))
        == drawing
    )
    for prompt, calls in calls_before.items():
        assert calls == 1
        assert provider_calls(openai_provider, prompt) == 1, prompt


def _some_finished_some_just_started(ids: list[int]) -> bool:
    """Two done and one claimed under a third of a drawing ago, so still being drawn when
    the kill lands. Any picture "generating" was not enough: the first four finish
    together, and a kill right then found the next four not yet claimed."""
    finished = Generation.objects.filter(pk__in=ids, status__in=FINAL_OK).count()
    just_started = Generation.objects.filter(
        pk__in=ids,
        status=Generation.Status.GENERATING,
        started_at__gte=timezone.now() - timedelta(seconds=DRAWING_SECONDS / 3),
    ).exists()
    return finished >= 2 and just_started

"""The provider's images-per-minute quota: evenly spaced turns shared by every worker."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation
from generation.providers import get_provider
from generation.quota import (
    ImagesPerMinute,
    LocalImagesPerMinute,
    QuotaUnavailable,
    RedisImagesPerMinute,
    Turn,
    quota_for,
)
from generation.services import generation_draw_next, generation_submit
from generation.services.pacing import QUOTA_UNAVAILABLE_RETRY_SECONDS
from tests.conftest import TEST_REDIS_URL, require_service
from tests.support.fake_image_api import FakeImageAPI
from tests.support.ports import free_port
from tests.support.processes import wait_for
from tests.support.worker import celery_worker, redis_is_up

PER_MINUTE = 120  # a turn every 0.5 s, plus the leeway


@pytest.fixture
def quota_key() -> Iterator[str]:
    key = f"edu4all-test:images-per-minute:{uuid.uuid4().hex}"
    yield key
    if redis_is_up():
        redis.Redis.from_url(TEST_REDIS_URL).delete(key)


def redis_quota(key: str) -> RedisImagesPerMinute:
    """One worker machine's view of the shared line (each with its own connection)."""
    require_service(redis_is_up(), "Redis on 127.0.0.1:6379")
    client = redis.Redis.from_url(TEST_REDIS_URL)
    return RedisImagesPerMinute(key=key, images_per_minute=PER_MINUTE, client=client)


@pytest.fixture(params=[pytest.param("redis", marks=pytest.mark.redis), "local"])
def quota(request: pytest.FixtureRequest, quota_key: str) -> ImagesPerMinute:
    if request.param == "redis":
        return redis_quota(quota_key)
    return LocalImagesPerMinute(key=quota_key, images_per_minute=PER_MINUTE)


def test_turns_are_spaced_evenly_so_the_provider_never_sees_more_than_its_quota(
    quota: ImagesPerMinute,
) -> None:
    turns = [quota.take_turn(max_wait=60) for _ in range(5)]

    assert all(turn.booked for turn in turns)
    assert turns[0].wait == 0
    gaps = [later.start - earlier.start for earlier, later in zip(turns, turns[1:], strict=False)]
    assert gaps == pytest.approx([60 / PER_MINUTE + 0.1] * 4, abs=0.002)


def test_a_turn_further_off_than_the_worker_will_wait_is_not_booked_and_keeps_no_place(
    quota: ImagesPerMinute,
) -> None:
    first = quota.take_turn(max_wait=60)

    too_far = quota.take_turn(max_wait=0.1)
    next_turn = quota.take_turn(max_wait=60)

    assert not too_far.booked and too_far.wait > 0.1
    assert next_turn.start == pytest.approx(first.start + quota.interval, abs=0.002)


def test_a_turn_nobody_used_is_given_back_unless_someone_booked_after_it(
    quota: ImagesPerMinute,
) -> None:
    first = quota.take_turn(max_wait=60)
    second = quota.take_turn(max_wait=60)

    quota.give_back(first)  # someone booked after it: keeping the line as it is
    quota.give_back(second)  # the last one: the next taker gets it
    again = quota.take_turn(max_wait=60)

    assert again.start == pytest.approx(second.start, abs=0.002)


def test_an_unreachable_shared_line_raises_the_quotas_own_error(quota_key: str) -> None:
    client = redis.Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_timeout=1)
    quota = RedisImagesPerMinute(key=quota_key, images_per_minute=PER_MINUTE, client=client)

    with pytest.raises(QuotaUnavailable):
        quota.take_turn(max_wait=60)
    with pytest.raises(QuotaUnavailable):
        quota.give_back(Turn(booked=True, wait=0.0, start=1.0))


@pytest.mark.redis
def test_workers_on_different_machines_share_one_line(quota_key: str) -> None:
    machine_a, machine_b = redis_quota(quota_key), redis_quota(quota_key)

    turns = [machine.take_turn(max_wait=60) for machine in (machine_a, machine_b) * 3]

    starts = sorted(turn.start for turn in turns)
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
    assert gaps == pytest.approx([machine_a.interval] * 5, abs=0.002)


def test_the_offline_preview_has_no_quota_and_zero_means_no_limit(settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMAGE_PROVIDER_IMAGES_PER_MINUTE = 6
    assert not quota_for(get_provider("offline")).limited
    assert quota_for(get_provider("azure")).limited

    settings.IMAGE_PROVIDER_IMAGES_PER_MINUTE = 0
    unlimited = quota_for(get_provider("openai"))
    assert not unlimited.limited
    assert all(unlimited.take_turn(max_wait=0).booked for _ in range(100))


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("school_defaults")
def test_two_workers_keep_a_burst_within_the_quota_and_the_provider_never_answers_429(
    student: User,
    classmate: User,
    classroom: Classroom,
    assignment: Assignment,
    media_in_tmp: Path,
    openai_provider: FakeImageAPI,
) -> None:
    require_service(redis_is_up(), "Redis on 127.0.0.1:6379")
    openai_provider.set_quota(3, per_seconds=3)  # beyond it, the fake answers 429
    others = [User.objects.create(username=f"pupil-{n}", role=User.Role.STUDENT) for n in range(4)]
    classroom.students.add(*others)
    # One turn every 1.6 s: four requests span 4.8 s, so a request that leaves up to 1.8 s
    # late on a loaded machine still keeps to the fake's 3 in 3 s. Two workers each keeping
    # a quota of their own would send two at a time, and the fake would answer 429.
    quota = {"IMAGE_PROVIDER_IMAGES_PER_MINUTE": "40"}

    with (
        celery_worker(media_root=media_in_tmp, extra_env=quota, name="worker-a"),
        celery_worker(media_root=media_in_tmp, extra_env=quota, name="worker-b"),
    ):
        ids = [
            generation_submit(
                student=pupil, assignment=assignment, prompt="a lighthouse on Mars", options={}
            )[0].pk
            for pupil in [student, classmate, *others]
        ]
        finished = wait_for(
            lambda: (
                not Generation.objects.filter(
                    pk__in=ids, status__in=Generation.IN_PROGRESS
                ).exists()
            ),
            timeout=90,
        )

    statuses = list(Generation.objects.filter(pk__in=ids).values_list("status", flat=True))
    assert finished, statuses
    assert statuses == [Generation.Status.AWAITING_REVIEW] * 6
    assert openai_provider.quota_rejections == 0
    assert Generation.objects.filter(pk__in=ids, attempts=1).count() == 6


# --- the worker's side: a turn first, then the fairest picture ---------------------------


def images_posted(api: FakeImageAPI) -> int:
    return sum(1 for r in api.requests if r["path"].endswith("/images/generations"))


@pytest.mark.django_db
def test_a_message_whose_turn_is_far_off_comes_back_later_and_claims_nothing(
    student: User,
    classmate: User,
    assignment: Assignment,
    openai_provider: FakeImageAPI,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.REDIS_URL = ""  # the local default: turns kept in this process
    settings.IMAGE_PROVIDER_IMAGES_PER_MINUTE = 1  # one turn a minute
    [anas] = generation_submit(student=student, assignment=assignment, prompt="a fox", options={})
    [bens] = generation_submit(student=classmate, assignment=assignment, prompt="a owl", options={})

    first = generation_draw_next(generation_id=anas.pk)
    second = generation_draw_next(generation_id=bens.pk)

    bens.refresh_from_db()
    assert first.retry_in is None
    assert second.retry_in is not None and 25 < second.retry_in <= 60
    assert bens.status == Generation.Status.QUEUED and bens.attempts == 0
    assert images_posted(openai_provider) == 1


@pytest.mark.django_db
def test_when_redis_is_unreachable_the_message_comes_back_shortly_and_claims_nothing(
    student: User,
    assignment: Assignment,
    openai_provider: FakeImageAPI,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    closed_port = free_port()
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port}/0"
    settings.IMAGE_PROVIDER_IMAGES_PER_MINUTE = 6
    [generation] = generation_submit(
        student=student, assignment=assignment, prompt="a whale", options={}
    )

    outcome = generation_draw_next(generation_id=generation.pk)

    generation.refresh_from_db()
    assert outcome.retry_in == QUOTA_UNAVAILABLE_RETRY_SECONDS
    assert generation.status == Generation.Status.QUEUED and generation.attempts == 0
    assert images_posted(openai_provider) == 0

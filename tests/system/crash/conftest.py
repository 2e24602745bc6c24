"""Helpers for the crash tests: a burst of unique pictures, a Redis of our own, a sweep loop."""

import contextlib
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from kombu.exceptions import OperationalError

from classrooms.models import Assignment, User
from edu4all.celery import app as celery_app
from generation.models import Generation
from generation.services import generations_sweep_stale
from tests.conftest import require_service
from tests.generation.conftest import fake_image_api, openai_provider
from tests.support.fake_image_api import FakeImageAPI
from tests.support.ports import free_port
from tests.support.processes import wait_until_started
from tests.support.worker import redis_is_up

__all__ = ["fake_image_api", "openai_provider"]

FINAL_OK = (Generation.Status.AWAITING_REVIEW, Generation.Status.APPROVED)


@pytest.fixture
def shared_redis() -> None:
    require_service(redis_is_up(), "Redis on 127.0.0.1:6379")


def make_burst(*, student: User, assignment: Assignment, count: int, tag: str) -> list[int]:
    """Rows as generation_submit leaves them (queued), each with a prompt of its own so the
    fake API's log tells which picture was asked for how often."""
    return [
        Generation.objects.create(
            student=student,
            assignment=assignment,
            prompt=f"{tag} picture number {number}",
            options={"orientation": "square"},
            size="1024x1024",
            model="dall-e-3",
        ).pk
        for number in range(count)
    ]


def provider_calls(api: FakeImageAPI, prompt: str) -> int:
    """How many times the image endpoint was asked for this student's prompt."""
    return sum(
        1
        for request in list(api.requests)
        if request["path"].split("?")[0].endswith("/images/generations")
        and f"\n{prompt}\n" in str((request["json"] or {}).get("prompt", ""))
    )


def all_final(ids: list[int]) -> bool:
    return not Generation.objects.filter(pk__in=ids, status__in=Generation.IN_PROGRESS).exists()


def sweep_until_final(ids: list[int], *, timeout: float, interval: float = 0.5) -> bool:
    """What beat does every minute in production, done every half second here."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all_final(ids):
            return True
        # The broker may be down; the records stay in the database for the next sweep.
        with contextlib.suppress(OperationalError):
            generations_sweep_stale()
        time.sleep(interval)
    return all_final(ids)


class OwnRedis:
    """A throwaway redis-server on a free loopback port, never the shared one."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_until_started(self.process, lambda: redis_is_up(self.url), timeout=10):
            raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    require_service(
        bool(subprocess.run(["which", "redis-server"], capture_output=True).stdout), "redis-server"
    )
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.kill()


@contextmanager
def publishing_to(url: str) -> Iterator[None]:
    """Point this test process's Celery app (what the sweep publishes with) at `url`."""
    saved = celery_app.conf.broker_url
    _switch(url)
    try:
        yield
    finally:
        _switch(saved)


def _switch(url: str) -> None:
    # Dropped, not closed: kombu keeps pools per broker URL, shared by later tests.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.conf.broker_url = url


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything in this folder is a crash test: `make test-crash` runs only these."""
    for item in items:
        if "tests/system/crash/" in item.nodeid:
            item.add_marker(pytest.mark.crash)

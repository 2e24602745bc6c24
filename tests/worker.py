"""Start a real Celery worker process against Redis and the test database."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

from tests.conftest import TEST_QUEUE, TEST_REDIS_URL

ROOT = Path(__file__).resolve().parent.parent


def redis_is_up(url: str = TEST_REDIS_URL) -> bool:
    host_port = url.split("//", 1)[1].split("/", 1)[0]
    host, _, port = host_port.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def celery_worker(
    *, media_root: Path, extra_env: dict[str, str] | None = None, name: str = "worker"
) -> Iterator[subprocess.Popen[bytes]]:
    """A worker on this test process's own queue, sharing its database and media folder.

    Give each of several workers at once a `name` of its own (its log is `<name>.log`).
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database_url = f"sqlite:///{database['NAME']}"
    else:
        # settings hold the test database's name (test_<name>) once pytest-django made it.
        login = quote(database["USER"], safe="")
        if database["PASSWORD"]:
            login += ":" + quote(database["PASSWORD"], safe="")
        database_url = (
            f"postgres://{login}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": TEST_REDIS_URL,
        "CELERY_QUEUE": TEST_QUEUE,
        "MEDIA_ROOT": str(media_root),
        "IMAGE_PROVIDER": settings.IMAGE_PROVIDER,
        "IMAGE_MODEL": settings.IMAGE_MODEL,
        "OPENAI_API_KEY": settings.OPENAI_API_KEY or "",
        "OPENAI_BASE_URL": settings.OPENAI_BASE_URL or "",
        **(extra_env or {}),
    }
    log_path = media_root.parent / f"{name}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "edu4all",
                "worker",
                "--pool=threads",
                "--concurrency=4",
                "--loglevel=INFO",
                "-Q",
                TEST_QUEUE,
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"test-{name}-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_ready(log_path, process)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(
    log_path: Path, process: subprocess.Popen[bytes], timeout: float = 30
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Celery worker exited early:\n{log_path.read_text()}")
        if b"ready." in log_path.read_bytes():
            return
        time.sleep(0.2)
    raise RuntimeError(f"Celery worker did not start:\n{log_path.read_text()}")


def wait_for(condition, timeout: float = 30, interval: float = 0.2) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False

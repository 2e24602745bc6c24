"""Start a real Celery worker process against Redis and the test database."""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings

from tests.conftest import TEST_QUEUE, TEST_REDIS_URL
from tests.support.ports import port_is_open
from tests.support.processes import celery_worker_command, stop, wait_until_started

ROOT = Path(__file__).resolve().parents[2]


def redis_is_up(url: str = TEST_REDIS_URL) -> bool:
    address = urlsplit(url)
    return port_is_open(address.port or 6379, address.hostname or "127.0.0.1")


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
        # The application's settings, not the test suite's (which would name a queue and
        # test database after the worker's own process).
        "DJANGO_SETTINGS_MODULE": "edu4all.settings",
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
    command = celery_worker_command(
        queue=TEST_QUEUE, name=f"test-{name}-{os.getpid()}", pool="threads", concurrency=4
    )
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            if not wait_until_started(process, lambda: b"ready." in log_path.read_bytes(), 30):
                raise RuntimeError(f"Celery worker did not start:\n{log_path.read_text()}")
            yield process
        finally:
            stop(process)

"""Starting, waiting for and stopping the real processes tests and benchmarks run:
Celery workers, redis-server and the storage emulators. No Django here, so the
benchmark scripts can use it too."""

import subprocess
import sys
import time
from collections.abc import Callable


def celery_worker_command(*, queue: str, name: str, pool: str, concurrency: int) -> list[str]:
    """A worker on `queue` alone, without the chatter a single test worker doesn't need."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "edu4all",
        "worker",
        f"--pool={pool}",
        f"--concurrency={concurrency}",
        "--loglevel=INFO",
        "-Q",
        queue,
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "-n",
        f"{name}@%h",
    ]


def wait_for(condition: Callable[[], bool], timeout: float = 30, interval: float = 0.2) -> bool:
    """True as soon as `condition()` is; False if it still is not after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def wait_until_started(
    process: subprocess.Popen[bytes], ready: Callable[[], bool], timeout: float
) -> bool:
    """True once `ready()`; False if the process exits first or `timeout` passes."""
    return wait_for(lambda: process.poll() is not None or ready(), timeout, interval=0.1) and (
        process.poll() is None
    )


def stop(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """Ask the process to stop; kill it if it has not within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

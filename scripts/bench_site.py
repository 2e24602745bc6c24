"""A throwaway site for the benchmarks: its own PostgreSQL database, media folder, Redis
queue and fake image API on 127.0.0.1, all removed afterwards; and what the benchmarks
share to drive it (noise pictures, a real worker, a class pressing the button at once).

Used by bench_burst.py, bench_quota.py and bench_edits.py.
"""

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import redis  # noqa: E402
from PIL import Image  # noqa: E402

from tests.support import fake_image_api  # noqa: E402
from tests.support.processes import celery_worker_command, wait_for, wait_until_started  # noqa: E402

if TYPE_CHECKING:
    from classrooms.models import Assignment, User

POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
CORES = os.cpu_count() or 1
IMAGE_SIDE = 1024
# How often the benchmarks ask the database whether the class is done: fine enough for
# an 8 s target, without a query every 20 ms competing with the worker for two cores.
POLL_SECONDS = 0.05
# The worker the benchmarks drive (what `make run` and compose use), and the issue's
# yardstick for the worker's own time per picture.
THREADS = 32
OVERHEAD_LATENCY = 2.0
OVERHEAD_TARGET = 0.10
ALONE = 5  # pictures timed one at a time for the overhead figure


class TimedFakeImageAPI(fake_image_api.FakeImageAPI):
    """The fake image API, also noting how long it spent on each POST it answered (reading
    the request, its set latency, writing the answer): the provider's share of a picture's
    time, so a benchmark can take it out. For an edit that includes reading a 1.5 MB
    multipart upload with the standard library's e-mail parser, which is slow."""

    def __init__(self, latency_seconds: float = 0.0) -> None:
        # (path, began, ended) on time.monotonic(), in the order answered
        self.answered: list[tuple[str, float, float]] = []
        super().__init__(latency_seconds)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self
        handler = super()._handler()

        class Timed(handler):  # type: ignore[valid-type,misc]
            def do_POST(self) -> None:
                began = time.monotonic()
                super().do_POST()
                with api._lock:
                    api.answered.append((self.path, began, time.monotonic()))

        return Timed

    def pictures_answered(self, since: int = 0) -> list[tuple[float, float]]:
        """(began, ended) of each picture request (not moderation) from answer `since` on."""
        with self._lock:
            answered = self.answered[since:]
        return [(began, ended) for path, began, ended in answered if "/images/" in path]

    def picture_seconds(self, since: int = 0) -> float:
        """Seconds spent answering picture requests from answer `since` on."""
        return sum(ended - began for began, ended in self.pictures_answered(since))


@dataclass
class BenchSite:
    run_id: str
    env: dict[str, str]
    media_root: Path
    temp: Path
    api: TimedFakeImageAPI
    queues: list[str]

    def queue(self, label: str) -> str:
        """A Redis queue of the run's own, removed at the end."""
        name = f"edu4all-bench-{self.run_id}-{label}"
        self.queues.append(name)
        return name


@contextlib.contextmanager
def bench_site(png: bytes, **extra_env: str) -> Iterator[BenchSite]:
    """Set Django up on a fresh database pointed at a fake OpenAI API serving `png`."""
    # Every picture the fake API hands out (base64 or link) is this one.
    fake_image_api.png_bytes = lambda size="1024x1024", color=None: png
    api = TimedFakeImageAPI(latency_seconds=0)
    api.start()
    run_id = uuid.uuid4().hex[:10]
    database = f"edu4all_bench_{run_id}"
    temp = Path(tempfile.mkdtemp(prefix="edu4all-bench-"))
    media_root = temp / "media"
    media_root.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "edu4all.settings",
        "EDU4ALL_ENV_FILE": str(temp / "no.env"),  # a developer's .env must not leak in
        "DATABASE_URL": f"{POSTGRES_SERVER}/{database}",
        "REDIS_URL": REDIS_URL,
        "CELERY_QUEUE": f"edu4all-bench-{run_id}",
        "MEDIA_ROOT": str(media_root),
        "IMAGE_PROVIDER": "openai",
        "OPENAI_API_KEY": "sk-bench",
        "OPENAI_BASE_URL": f"{api.base_url}/v1",
        "IMAGE_MODEL": "dall-e-3",
        # The worker signs every picture (C2PA): a development pair of the run's own.
        "C2PA_SIGNING_KEY_FILE": str(temp / "c2pa" / "signing-key.pem"),
        "C2PA_CERT_CHAIN_FILE": str(temp / "c2pa" / "cert-chain.pem"),
        **extra_env,
    }
    os.environ.update(env)
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    site = BenchSite(run_id, env, media_root, temp, api, [])
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from generation.provenance.keys import write_dev_pair

        write_dev_pair(
            key_file=Path(env["C2PA_SIGNING_KEY_FILE"]),
            chain_file=Path(env["C2PA_CERT_CHAIN_FILE"]),
        )

        call_command("migrate", verbosity=0)
        yield site
    finally:
        from django.db import connections

        connections.close_all()
        api.stop()
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        client = redis.Redis.from_url(REDIS_URL)
        for queue in site.queues:
            for key in client.scan_iter(match=f"*{queue}*"):
                client.delete(key)
        for key in client.scan_iter(match="edu4all:images-per-minute:*"):
            if api.base_url in key.decode():
                client.delete(key)
        # The workers' remote-control bindings leave this index behind; the database is
        # the benchmark's own, so once no binding is left, neither should the index be.
        if not list(client.scan_iter(match="_kombu.binding.*")):
            client.delete("_kombu.binding_deadlines")
        client.close()
        shutil.rmtree(temp, ignore_errors=True)


def publish_to(queue: str, *, moderation: bool) -> None:
    """Send this process's tasks to `queue`, with prompt moderation on or off."""
    from django.conf import settings

    from edu4all.celery import app
    from generation.models import SafetySettings

    app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE = queue
    safety = SafetySettings.current()
    safety.moderation_enabled = moderation
    safety.save()


def a_class(label: str, *, size: int) -> tuple["Assignment", list["User"]]:
    """A teacher's class of `size` students with one open assignment (5 pictures each)."""
    from classrooms.models import Assignment, Classroom, User

    teacher = User.objects.create(username=f"teacher-{label}", role=User.Role.TEACHER)
    classroom = Classroom.objects.create(name=f"Bench {label}")
    classroom.teachers.add(teacher)
    assignment = Assignment.objects.create(
        classroom=classroom, title="Under the sea", created_by=teacher, image_limit=5
    )
    students = [
        User.objects.create(username=f"{label}-student-{n}", role=User.Role.STUDENT)
        for n in range(size)
    ]
    classroom.students.add(*students)
    return assignment, students


def noise_png(side: int = IMAGE_SIDE) -> bytes:
    """A PNG that compresses like a real picture would not: about 1.5 MB at 1024x1024.

    Noise in the low bits of a smooth gradient, so the size lands inside the 1-3 MB of
    a real DALL-E picture instead of the few kB of a flat colour.
    """
    gradient = Image.linear_gradient("L").resize((side, side))
    noise = Image.effect_noise((side, side), 40)
    image = Image.merge("RGB", (gradient, noise, gradient.rotate(90)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def process_tree(pid: int) -> list[int]:
    pids = [pid]
    for index in range(len(pids) + 64):  # breadth-first over /proc children lists
        if index >= len(pids):
            break
        for task in Path(f"/proc/{pids[index]}/task").glob("*"):
            try:
                pids += [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                continue
    return list(dict.fromkeys(pids))


def cpu_seconds(pid: int) -> float:
    """The CPU time a process (all its threads) has used so far, user and system."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    user, system = int(fields[11]), int(fields[12])  # utime and stime, in clock ticks
    return (user + system) / os.sysconf("SC_CLK_TCK")


def start_worker(
    *, env: dict[str, str], queue: str, pool: str, concurrency: int, log: Path
) -> subprocess.Popen[bytes]:
    command = celery_worker_command(queue=queue, name=queue, pool=pool, concurrency=concurrency)
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, "CELERY_QUEUE": queue},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if not wait_until_started(process, lambda: b"ready." in log.read_bytes(), timeout=60):
        stop_worker(process)
        raise RuntimeError(f"worker did not start:\n{log.read_text()}")
    return process


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    # Children first: a prefork worker killed hard would leave its pool behind.
    tree = process_tree(process.pid)
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        for pid in reversed(tree):
            with contextlib.suppress(OSError):
                os.kill(pid, 9)
        process.wait()


def all_finished(ids: list[int], *, timeout: float) -> bool:
    """Wait until every one of these pictures has finished (stored, failed, blocked...)."""
    from generation.models import Generation

    def finished() -> bool:
        done = Generation.objects.filter(pk__in=ids, finished_at__isnull=False).count()
        return done == len(ids)

    return wait_for(finished, timeout=timeout, interval=POLL_SECONDS)


def warm_up(api: fake_image_api.FakeImageAPI, submits: list[Callable[[], int]], log: Path) -> None:
    """One quick picture per worker slot, with an instant provider, so imports and
    connections are made before the clock starts, as in a worker that has been running."""
    api.latency_seconds = 0
    warm = [submit() for submit in submits]
    if not all_finished(warm, timeout=60):
        raise RuntimeError(f"warm-up did not finish:\n{log.read_text()}")


def at_once(submits: list[Callable[[], int]]) -> tuple[float, list[int]]:
    """Run each submission on its own thread, all released at the same moment; return
    that moment (time.monotonic) and the ids of the pictures they made. Re-raises the
    first error."""
    from django.db import connection

    barrier = threading.Barrier(len(submits) + 1)
    submitted: list[int] = []
    errors: list[BaseException] = []

    def run(submit: Callable[[], int]) -> None:
        try:
            barrier.wait()
            submitted.append(submit())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(submit,)) for submit in submits]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.monotonic()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return started, submitted


def stored_and_visible(ids: list[int], media_root: Path) -> list[int]:
    """The ids among these that are awaiting review with both files on disk; the first few
    others are printed with what went wrong."""
    from generation.models import Generation

    pictures = Generation.objects.filter(pk__in=ids)
    done = [
        g.pk
        for g in pictures
        if g.status == Generation.Status.AWAITING_REVIEW
        and (media_root / str(g.image.name)).is_file()
        and (media_root / str(g.thumbnail.name)).is_file()
    ]
    for generation in pictures.exclude(pk__in=done)[:3]:
        print(f"  not stored: #{generation.pk} {generation.status} {generation.error_detail}")
    return done


@dataclass(frozen=True)
class TimedAlone:
    """One picture drawn on its own: the worker's time (claimed to finished) and the fake
    API's own time answering its picture request meanwhile."""

    worker_seconds: float
    provider_seconds: float

    @property
    def outside_provider(self) -> float:
        return max(0.0, self.worker_seconds - self.provider_seconds)


def worker_seconds_alone(
    api: TimedFakeImageAPI, submits: list[Callable[[], int]]
) -> list[TimedAlone]:
    """Each submission on its own, waiting for the worker to finish it before the next."""
    from generation.models import Generation

    timed = []
    for submit in submits:
        since = len(api.answered)
        pk = submit()
        all_finished([pk], timeout=60)
        worker = Generation.objects.get(pk=pk).duration_seconds or 0.0
        timed.append(TimedAlone(worker, api.picture_seconds(since)))
    return timed

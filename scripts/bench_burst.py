"""A whole class pressing "Generate" at once: `make bench`.

Starts the fake image API (tests/fake_image_api.py) on 127.0.0.1 with a set latency and
noise PNGs of about 2 MB (handed out as DALL-E links, so every image is downloaded),
makes a throwaway PostgreSQL database and media folder, starts a real Celery worker on
a queue of its own in Redis, and submits one picture from each of N students at the
same moment through `generation_submit`. Then it prints:

- the time until every picture is stored and visible (awaiting review, both files on
  disk), in seconds and as a ratio to one provider round-trip, for the threads worker
  (`--pool=threads --concurrency=32`) and the default prefork worker (one per core);
- the time each picture spent in the worker outside the provider call (download,
  verify, thumbnail, C2PA signing of both, store, database, prompt moderation), as a
  fraction of a 2 s latency;
- the peak memory of the worker process and its children.

Prompt moderation stays on (the site's default: one call to the fake API's
/v1/moderations per picture, answered at once); `--no-moderation` switches it off.
A script, not a test: timings on a shared machine are for looking at, not for CI.
"""

import argparse
import contextlib
import io
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_site import bench_site  # noqa: E402
from PIL import Image  # noqa: E402

from tests.support import fake_image_api  # noqa: E402
from tests.support.processes import celery_worker_command, wait_for, wait_until_started  # noqa: E402

CORES = os.cpu_count() or 1
THREADS = 32
OVERHEAD_LATENCY = 2.0  # the yardstick for overhead
OVERHEAD_TARGET = 0.10
ALONE = 5  # pictures timed one at a time for the overhead figure
MEMORY_TARGET_MB = 500
IMAGE_SIDE = 1024
# How often the benchmark asks the database whether the class is done: fine enough for
# an 8 s target, without a query every 20 ms competing with the worker for two cores.
POLL_SECONDS = 0.05


def noise_png(side: int = IMAGE_SIDE) -> bytes:
    """A PNG that compresses like a real picture would not: about 2 MB at 1024x1024.

    Noise in the low bits of a smooth gradient, so the size lands inside the 1-3 MB of
    a real DALL-E picture instead of the few kB of a flat colour.
    """
    gradient = Image.linear_gradient("L").resize((side, side))
    noise = Image.effect_noise((side, side), 40)
    image = Image.merge("RGB", (gradient, noise, gradient.rotate(90)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


@dataclass
class RunResult:
    label: str
    done: int
    total: int
    seconds: float
    task_seconds: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    alone_seconds: list[float] = field(default_factory=list)


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


def rss_mb(pids: list[int]) -> float:
    total_kb = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return total_kb / 1024


class MemorySampler:
    """Peak of the summed RSS of a process and its children, sampled every 50 ms.

    The list of children is read again every half second: walking every thread of a
    32-thread worker at 20 Hz would take CPU from the worker being measured.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        pids: list[int] = []
        listed_at = 0.0
        while not self._stop.is_set():
            if time.monotonic() - listed_at > 0.5:
                pids, listed_at = process_tree(self.pid), time.monotonic()
            self.peak_mb = max(self.peak_mb, rss_mb(pids))
            self._stop.wait(0.05)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=4.0, help="provider seconds (4)")
    parser.add_argument("--students", type=int, default=30, help="pictures at once (30)")
    parser.add_argument("--skip-prefork", action="store_true", help="threads worker only")
    parser.add_argument("--no-moderation", action="store_true", help="prompt moderation off")
    args = parser.parse_args()

    png = noise_png()
    with bench_site(png) as site:
        print(
            f"Burst of {args.students} pictures, provider latency {args.latency:g} s, "
            f"PNG {len(png) / 1e6:.1f} MB via link, PostgreSQL, {CORES} cores, "
            f"prompt moderation {'off' if args.no_moderation else 'on'}"
        )
        configs = [("threads", THREADS)] + ([] if args.skip_prefork else [("prefork", CORES)])
        results = [
            run_burst(
                api=site.api,
                env=site.env,
                queue=site.queue(pool),
                pool=pool,
                concurrency=concurrency,
                args=args,
                media_root=site.media_root,
                log=site.temp / f"worker-{pool}.log",
            )
            for pool, concurrency in configs
        ]
        return report(results, args)


def run_burst(
    *,
    api: fake_image_api.FakeImageAPI,
    env: dict[str, str],
    queue: str,
    pool: str,
    concurrency: int,
    args: argparse.Namespace,
    media_root: Path,
    log: Path,
) -> RunResult:
    from django.conf import settings
    from django.db import connection

    from classrooms.models import Assignment, Classroom, User
    from edu4all.celery import app
    from generation.models import Generation, SafetySettings
    from generation.services import generation_submit

    # This process publishes to the worker's queue.
    app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE = queue
    safety = SafetySettings.current()
    safety.moderation_enabled = not args.no_moderation
    safety.save()

    teacher = User.objects.create(username=f"teacher-{pool}", role=User.Role.TEACHER)
    classroom = Classroom.objects.create(name=f"Bench {pool}")
    classroom.teachers.add(teacher)
    assignment = Assignment.objects.create(
        classroom=classroom, title="Under the sea", created_by=teacher, image_limit=5
    )
    students = [
        User.objects.create(username=f"{pool}-student-{n}", role=User.Role.STUDENT)
        for n in range(args.students + concurrency + ALONE)
    ]
    classroom.students.add(*students)
    warm_up, alone, students = (
        students[:concurrency],
        students[concurrency : concurrency + ALONE],
        students[concurrency + ALONE :],
    )

    worker = start_worker(env=env, queue=queue, pool=pool, concurrency=concurrency, log=log)
    try:
        # One quick picture per worker slot first, so imports and connections are made
        # before the clock starts, as they would be in a worker that has been running.
        api.latency_seconds = 0
        warm = [
            generation_submit(
                student=s, assignment=assignment, prompt="A warm-up fish", options={}
            )[0]
            for s in warm_up
        ]
        warm_ids = [g.pk for g in warm]
        if not wait_for(
            lambda: (
                Generation.objects.filter(pk__in=warm_ids, finished_at__isnull=False).count()
                == len(warm_ids)
            ),
            timeout=60,
        ):
            raise RuntimeError(f"warm-up did not finish:\n{log.read_text()}")

        api.latency_seconds = args.latency
        barrier = threading.Barrier(len(students) + 1)
        submitted: list[int] = []
        errors: list[BaseException] = []

        def submit(student: User) -> None:
            try:
                barrier.wait()
                [generation] = generation_submit(
                    student=student,
                    assignment=assignment,
                    prompt=f"A happy octopus reading a book, number {student.pk}",
                    options={},
                )
                submitted.append(generation.pk)
            except BaseException as exc:
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=submit, args=(s,)) for s in students]
        for thread in threads:
            thread.start()
        with MemorySampler(worker.pid) as memory:
            barrier.wait()
            started = time.monotonic()
            for thread in threads:
                thread.join()
            if errors:
                raise errors[0]

            def visible() -> list[Generation]:
                return [
                    g
                    for g in Generation.objects.filter(
                        pk__in=submitted, status=Generation.Status.AWAITING_REVIEW
                    )
                    if (media_root / str(g.image.name)).is_file()
                    and (media_root / str(g.thumbnail.name)).is_file()
                ]

            def finished() -> bool:
                return Generation.objects.filter(
                    pk__in=submitted, finished_at__isnull=False
                ).count() == len(submitted)

            wait_for(finished, timeout=args.latency * len(students) + 120, interval=POLL_SECONDS)
            seconds = time.monotonic() - started
        done = visible()
        # The same pictures one at a time with an instant provider: the worker's own cost
        # per picture, without thirty of them queueing for the same two cores.
        api.latency_seconds = 0
        alone_seconds = []
        for student in alone if pool == "threads" else []:
            [generation] = generation_submit(
                student=student, assignment=assignment, prompt="A lone whale", options={}
            )
            pk = generation.pk

            def alone_finished(pk: int = pk) -> bool:
                return Generation.objects.filter(pk=pk, finished_at__isnull=False).exists()

            wait_for(alone_finished, timeout=60, interval=POLL_SECONDS)
            generation.refresh_from_db()
            alone_seconds.append(generation.duration_seconds or 0.0)
        if len(done) < len(submitted):
            failed = Generation.objects.filter(pk__in=submitted).exclude(
                pk__in=[g.pk for g in done]
            )
            for generation in failed[:3]:
                print(
                    f"  not stored: #{generation.pk} {generation.status} {generation.error_detail}"
                )
        return RunResult(
            label=f"{pool} x{concurrency}",
            done=len(done),
            total=len(submitted),
            seconds=seconds,
            task_seconds=[g.duration_seconds or 0.0 for g in done],
            peak_rss_mb=memory.peak_mb,
            alone_seconds=alone_seconds,
        )
    finally:
        stop_worker(worker)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(results: list[RunResult], args: argparse.Namespace) -> int:
    latency = args.latency
    target = 1.5 * latency + 2
    all_ok = True
    for result in results:
        ok = result.done == result.total
        within = result.seconds <= target
        outcome = (
            f"(target <= {target:.1f} s = 1.5 x latency + 2 s) {verdict(ok and within)}"
            if result.label.startswith("threads")
            else "(Celery's default, for comparison)"
        )
        print(
            f"{result.label:>12}: {result.done}/{result.total} stored and visible in "
            f"{result.seconds:.2f} s = {result.seconds / latency:.2f} x latency {outcome}"
        )
        if result.label.startswith("threads"):
            all_ok &= ok and within
    threads = results[0]
    limit = OVERHEAD_TARGET * OVERHEAD_LATENCY
    if threads.alone_seconds:
        alone = statistics.median(threads.alone_seconds)
        all_ok &= alone < limit
        print(
            f"    overhead: one picture alone, worker time outside the provider call "
            f"median {alone * 1000:.0f} ms = {alone / OVERHEAD_LATENCY:.1%} of a 2 s latency "
            f"(target < {OVERHEAD_TARGET:.0%} = {limit * 1000:.0f} ms) {verdict(alone < limit)}"
        )
    if threads.total:
        # What each picture adds to the class's wait: the burst beyond one round-trip,
        # shared out. This is the figure that decides the 1.5 x latency + 2 s target.
        added = max(0.0, threads.seconds - latency) / threads.total
        print(
            f"    overhead: in the burst, {added * 1000:.0f} ms of wall-clock per picture "
            f"beyond one round-trip = {added / OVERHEAD_LATENCY:.1%} of a 2 s latency "
            f"(for comparison, no target)"
        )
    overheads = sorted(max(0.0, t - latency) for t in threads.task_seconds)
    if overheads:
        print(
            f"    in-burst task time beyond the latency (includes waiting for a core): "
            f"median {statistics.median(overheads):.2f} s, max {overheads[-1]:.2f} s"
        )
    for result in results:
        ok = result.peak_rss_mb < MEMORY_TARGET_MB
        if result.label.startswith("threads"):
            all_ok &= ok
        print(
            f"      memory: {result.label} peak worker RSS (process and children) "
            f"{result.peak_rss_mb:.0f} MB (target < {MEMORY_TARGET_MB} MB) {verdict(ok)}"
        )
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())

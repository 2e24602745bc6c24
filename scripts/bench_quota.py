"""A class asking for more pictures than the provider's quota allows at once: `make bench`.

The fake image API (tests/fake_image_api.py) allows 30 pictures in any sliding minute
and answers 429 beyond it, like OpenAI and Azure. The worker is told the same quota
(IMAGE_PROVIDER_IMAGES_PER_MINUTE=30). One student asks for 4 pictures first, then 28
classmates ask for 2 each at the same moment: 60 pictures through the real services, a
real Celery worker, Redis and PostgreSQL. It prints:

- how many requests the provider refused with 429 (target: none);
- the drain time, until the last picture is stored, against what the quota allows
  (60 pictures at 30 a minute: 120 s; target within 10 %);
- whether every student's first picture was drawn before anyone's second (fairness).

A script, not a test: it takes about two minutes and its timings are for looking at.
"""

import argparse
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site import bench_site, noise_png, start_worker, stop_worker, verdict

from tests.support.fake_image_api import FakeImageAPI
from tests.support.processes import wait_for

if TYPE_CHECKING:
    from generation.models import Generation

DRAIN_TARGET = 1.10  # at most 10 % over what the quota allows
THREADS = 32


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-minute", type=int, default=30, help="the quota (30)")
    parser.add_argument("--students", type=int, default=28, help="classmates asking for 2 (28)")
    parser.add_argument("--latency", type=float, default=4.0, help="provider seconds (4)")
    args = parser.parse_args()
    per_minute = str(args.per_minute)
    with bench_site(noise_png(), IMAGE_PROVIDER_IMAGES_PER_MINUTE=per_minute) as site:
        site.api.set_quota(args.per_minute, per_seconds=60)
        site.api.latency_seconds = args.latency
        queue = site.queue("quota")
        worker = start_worker(
            env=site.env,
            queue=queue,
            pool="threads",
            concurrency=THREADS,
            log=site.temp / "worker-quota.log",
        )
        try:
            return run(args, queue, site.api)
        finally:
            stop_worker(worker)


def run(args: argparse.Namespace, queue: str, api: FakeImageAPI) -> int:
    from django.conf import settings
    from django.db import connection

    from classrooms.models import Assignment, Classroom, User
    from edu4all.celery import app
    from generation.models import Generation
    from generation.services import generation_submit

    app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE = queue
    teacher = User.objects.create(username="teacher", role=User.Role.TEACHER)
    classroom = Classroom.objects.create(name="Quota class")
    classroom.teachers.add(teacher)
    assignment = Assignment.objects.create(
        classroom=classroom, title="Volcanoes", created_by=teacher, image_limit=5
    )
    eager, *classmates = [
        User.objects.create(username=f"student-{n}", role=User.Role.STUDENT)
        for n in range(args.students + 1)
    ]
    classroom.students.add(eager, *classmates)

    def ask(student: User, count: int) -> None:
        try:
            generation_submit(
                student=student,
                assignment=assignment,
                prompt=f"A volcano made of ice cream, by {student.username}",
                options={},
                count=count,
            )
        finally:
            connection.close()

    started = time.monotonic()
    ask(eager, 4)
    threads = [threading.Thread(target=ask, args=(s, 2)) for s in classmates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = 4 + 2 * len(classmates)
    print(
        f"{total} pictures from {len(classmates) + 1} students (one asked for 4 first), "
        f"quota {args.per_minute} a minute on the fake API and in the worker, "
        f"latency {args.latency:g} s"
    )

    def drained() -> bool:
        return not Generation.objects.filter(status__in=Generation.IN_PROGRESS).exists()

    wait_for(drained, timeout=total * 60 / args.per_minute * 3 + 60, interval=0.2)
    seconds = time.monotonic() - started
    return report(args, total, seconds, api.quota_rejections)


def report(args: argparse.Namespace, total: int, seconds: float, rejections: int) -> int:
    from generation.models import Generation

    pictures = list(Generation.objects.order_by("created_at", "pk"))
    stored = [g for g in pictures if g.status == Generation.Status.AWAITING_REVIEW]
    allowed = total * 60 / args.per_minute
    drain_ok = seconds <= DRAIN_TARGET * allowed and len(stored) == total
    fair = firsts_before_seconds(pictures)
    print(
        f"   stored: {len(stored)}/{total}; the provider answered 429 to {rejections} "
        f"requests (target 0) {verdict(rejections == 0)}"
    )
    print(
        f"    drain: {seconds:.1f} s = {seconds / allowed:.2f} x the {allowed:.0f} s the quota "
        f"allows (target <= {DRAIN_TARGET:.2f} x) {verdict(drain_ok)}"
    )
    print(
        f" fairness: every student's first picture drawn before anyone's second: "
        f"{'yes' if fair else 'no'} {verdict(fair)}"
    )
    return 0 if rejections == 0 and drain_ok and fair else 1


def firsts_before_seconds(pictures: list["Generation"]) -> bool:
    """Each student's pictures oldest first: were all first ones started before any other?"""
    seen: set[int] = set()
    firsts, later = [], []
    for generation in pictures:  # oldest first
        (later if generation.student_id in seen else firsts).append(generation)
        seen.add(generation.student_id)
    if not later or any(g.started_at is None for g in firsts + later):
        return False
    return max(g.started_at for g in firsts) <= min(g.started_at for g in later)


if __name__ == "__main__":
    sys.exit(main())

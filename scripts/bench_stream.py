"""Watching a picture being drawn: `make bench`.

Starts the fake image API on 127.0.0.1 streaming the way the real one does (two partial
pictures, then the final one, spread over a 4 s drawing: events at 1/3, 2/3 and 3/3 of
the latency), a throwaway PostgreSQL database, media folder and Redis queue, and a real
Celery worker (threads). A student submits a gpt-image-2 picture through
`generation_submit`; the student's own status poll (the real view, through Django's test
client, asked every 50 ms) is watched until it shows the picture so far, and the partial
picture's link answers with it. Prints, per run and as the median:

- the time from submission until the first partial picture is visible in the poll, in
  seconds and as a fraction of the latency (target: at most 40 %);
- when the fake API sent that partial (its share of the latency, a third of it here), so
  the rest is the worker's and the site's own time;
- that the final picture replaced it: the partial's row field and file gone.

Prompt moderation stays on (one instant call to the fake API); `--image-moderation`
also moderates each partial picture before it is shown. A script, not a test: timings on
a shared machine are for looking at, not for CI.
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_site import BenchSite, bench_site, noise_png, start_worker, stop_worker  # noqa: E402

from tests.support.processes import wait_for  # noqa: E402

if TYPE_CHECKING:
    from django.test import Client

    from generation.models import Generation

TARGET_FRACTION = 0.40
POLL_SECONDS = 0.05
CONCURRENCY = 4


@dataclass
class StreamRun:
    first_visible: float  # seconds from submission until the poll showed a partial
    first_sent: float  # seconds from submission until the fake API sent it
    asked: float  # seconds from submission until the fake API was asked for the picture
    partials_seen: int  # distinct partial pictures the poll showed
    final_replaced: bool  # finished with its picture, the partial gone (row and file)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=4.0, help="provider seconds (4)")
    parser.add_argument("--partials", type=int, default=2, help="partial pictures (2)")
    parser.add_argument("--runs", type=int, default=3, help="pictures, one after another (3)")
    parser.add_argument(
        "--image-moderation", action="store_true", help="moderate each partial picture"
    )
    args = parser.parse_args()

    png = noise_png()
    extra = {"IMAGE_MODEL": "gpt-image-2", "IMAGE_PARTIAL_IMAGES": str(args.partials)}
    with bench_site(png, **extra) as site:
        print(
            f"Streamed drawing: {args.partials} partial pictures over a {args.latency:g} s "
            f"drawing, PNG {len(png) / 1e6:.1f} MB each, PostgreSQL, a threads worker, "
            f"picture moderation of partials {'on' if args.image_moderation else 'off'}"
        )
        queue = site.queue("stream")
        log = site.temp / "worker-stream.log"
        runs = run_streams(site=site, queue=queue, log=log, args=args)
        return report(runs, args)


def run_streams(
    *, site: BenchSite, queue: str, log: Path, args: argparse.Namespace
) -> list[StreamRun]:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from classrooms.models import Assignment, Classroom, User
    from edu4all.celery import app
    from generation.models import Generation, SafetySettings
    from generation.services import generation_submit

    app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE = queue
    safety = SafetySettings.current()
    safety.image_moderation_enabled = args.image_moderation
    safety.save()
    teacher = User.objects.create(username="teacher-stream", role=User.Role.TEACHER)
    classroom = Classroom.objects.create(name="Bench stream")
    classroom.teachers.add(teacher)
    assignment = Assignment.objects.create(
        classroom=classroom, title="A lighthouse", created_by=teacher, image_limit=50
    )
    student = User.objects.create(username="stream-student", role=User.Role.STUDENT)
    classroom.students.add(student)
    client = Client()
    client.force_login(student)

    worker = start_worker(
        env=site.env, queue=queue, pool="threads", concurrency=CONCURRENCY, log=log
    )
    try:
        # One quick picture first, so imports and connections are made before the clock.
        site.api.latency_seconds = 0
        [warm] = generation_submit(
            student=student, assignment=assignment, prompt="A warm-up boat", options={}
        )
        if not wait_for(
            lambda: Generation.objects.filter(pk=warm.pk, finished_at__isnull=False).exists(),
            timeout=60,
        ):
            raise RuntimeError(f"warm-up did not finish:\n{log.read_text()}")
        site.api.latency_seconds = args.latency
        runs = []
        for number in range(args.runs):
            runs.append(
                one_stream(
                    site=site,
                    client=client,
                    submit=lambda n=number: generation_submit(
                        student=student,
                        assignment=assignment,
                        prompt=f"A lighthouse made of books, number {n}",
                        options={},
                    )[0],
                    status_url=lambda pk: reverse("image_status", args=[pk]),
                    partial_url=lambda pk: reverse("image_partial", args=[pk]),
                    latency=args.latency,
                )
            )
        return runs
    finally:
        stop_worker(worker)


def one_stream(
    *,
    site: BenchSite,
    client: "Client",
    submit: Callable[[], "Generation"],
    status_url: Callable[[int], str],
    partial_url: Callable[[int], str],
    latency: float,
) -> StreamRun:
    from generation.models import Generation

    sent_before = len(site.api.stream_log)
    asked_before = len(site.api.requests)
    started = time.monotonic()
    generation = submit()
    first_visible = 0.0
    shown: set[str] = set()
    deadline = started + latency * 3 + 30
    while time.monotonic() < deadline:
        card = client.get(status_url(generation.pk)).content.decode()
        if "data-partial" in card:
            marker = card.split("?v=", 1)[1].split('"', 1)[0]
            partial = client.get(partial_url(generation.pk))
            if partial.status_code == 200:
                b"".join(partial.streaming_content)  # the picture itself, as a browser would
                if not shown:
                    first_visible = time.monotonic() - started
                shown.add(marker)
        elif "data-poll-url" not in card:
            break  # finished
        time.sleep(POLL_SECONDS)
    wait_for(
        lambda: Generation.objects.filter(pk=generation.pk, finished_at__isnull=False).exists(),
        timeout=latency + 30,
        interval=POLL_SECONDS,
    )
    generation.refresh_from_db()
    partial_events = [
        at for at, kind in site.api.stream_log[sent_before:] if kind.endswith("partial_image")
    ]
    asked = [
        r["at"]
        for r in site.api.requests[asked_before:]
        if r["path"].endswith("/images/generations")
    ]
    leftovers = list((site.media_root / "partials").rglob("*.*"))
    return StreamRun(
        first_visible=first_visible,
        first_sent=(partial_events[0] - started) if partial_events else 0.0,
        asked=(asked[0] - started) if asked else 0.0,
        partials_seen=len(shown),
        final_replaced=bool(
            generation.status == Generation.Status.AWAITING_REVIEW
            and generation.image
            and not generation.partial_image
            and not leftovers
        ),
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(runs: list[StreamRun], args: argparse.Namespace) -> int:
    latency = args.latency
    for number, run in enumerate(runs, 1):
        print(
            f"  run {number}: first partial visible after {run.first_visible:.2f} s "
            f"({run.first_visible / latency:.0%} of the latency; the fake was asked at "
            f"{run.asked:.2f} s and sent it at {run.first_sent:.2f} s), "
            f"{run.partials_seen}/{args.partials} partials seen, "
            f"final replaced it: {'yes' if run.final_replaced else 'NO'}"
        )
    seen = [run.first_visible for run in runs if run.first_visible]
    all_seen = len(seen) == len(runs)
    median = statistics.median(seen) if seen else float("inf")
    ok = all_seen and median / latency <= TARGET_FRACTION
    print(
        f"  time to the first partial in the status poll: median {median:.2f} s = "
        f"{median / latency:.0%} of a {latency:g} s drawing "
        f"(target <= {TARGET_FRACTION:.0%} = {TARGET_FRACTION * latency:.1f} s) {verdict(ok)}"
    )
    replaced = all(run.final_replaced for run in runs)
    print(f"  the final picture replaced every partial, files deleted: {verdict(replaced)}")
    return 0 if ok and replaced else 1


if __name__ == "__main__":
    sys.exit(main())

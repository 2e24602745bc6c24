"""A 30-picture class book, made as the worker makes it: `make bench`.

A throwaway PostgreSQL database and media folder (bench_site.py) hold a class of 30
students, each with an approved 1024x1024 noise picture (about 1.5 MB, signed and stored
as the worker stores it) turned in with a caption in Spanish. The book is then made by
`export_build` in a fresh Python process, the one a worker would be, so its peak memory
(the process's maximum resident set, Django and ReportLab included) is the book's alone.
It prints the time and that peak against the targets (under 30 s, under 300 MB), checks
the PDF has a cover and a page per picture, and times the ZIP of originals too (no
target). A script, not a test: timings on a shared machine are for looking at.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

TARGET_SECONDS = 30.0
TARGET_MB = 300.0
CAPTION = "Me gusta porque el niño y la señora están en el jardín, ¿verdad?"


def build_in_this_process(export_id: int) -> None:
    """The child's part: make one export and report its time and this process's peak."""
    import django

    django.setup()
    from generation.exports.models import Export
    from generation.services.exports import export_build

    started = time.perf_counter()
    export_build(export_id=export_id)
    seconds = time.perf_counter() - started
    export = Export.objects.get(pk=export_id)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "state": export.state}))


def timed_build(env: dict[str, str], export_id: int) -> dict[str, float | str]:
    done = subprocess.run(
        [sys.executable, __file__, "--build", str(export_id)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30, help="pictures in the book (30)")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build_in_this_process(args.build)
        return 0

    from bench_site import CORES, IMAGE_SIDE, a_class, bench_site, noise_png, verdict

    png = noise_png()
    with bench_site(png) as site:
        import pypdfium2
        from django.core.files.storage import default_storage

        from generation.exports.models import Export
        from generation.images import store_images, verified_image
        from generation.models import Generation, TurnIn

        print(
            f"class book of {args.students} approved {IMAGE_SIDE}x{IMAGE_SIDE} noise pictures "
            f"({len(png) / 1e6:.1f} MB each), PostgreSQL, {CORES} cores"
        )
        assignment, students = a_class("book", size=args.students)
        for number, student in enumerate(students):
            # A picture of each student's own: the same bytes twice would be embedded once.
            data = png if number == 0 else noise_png()
            picture = Generation.objects.create(
                student=student,
                assignment=assignment,
                prompt="un castillo en la luna",
                size=f"{IMAGE_SIDE}x{IMAGE_SIDE}",
                status=Generation.Status.APPROVED,  # the bench's own rows, made as they end up
                provider="openai",
                model="dall-e-3",
            )
            original, thumbnail = store_images(
                generation=picture,
                data=data,
                image=verified_image(data),
                provider="openai",
                model="dall-e-3",
            )
            picture.image.name, picture.thumbnail.name = original, thumbnail
            picture.save(update_fields=["image", "thumbnail"])
            TurnIn.objects.create(
                student=student, assignment=assignment, generation=picture, caption=CAPTION
            )
        teacher = assignment.classroom.teachers.get()
        env = {**site.env, "PYTHONPATH": str(ROOT)}

        def export_of(kind: str) -> Export:
            return Export.objects.create(
                assignment=assignment,
                teacher=teacher,
                kind=kind,
                source=Export.Source.TURNED_IN,
                language="es",
            )

        book = export_of(Export.Kind.BOOK)
        result = timed_build(env, book.pk)
        book.refresh_from_db()
        with default_storage.open(book.file.name, "rb") as stored:
            pdf = stored.read()
        pages = len(pypdfium2.PdfDocument(pdf))
        seconds, peak = float(result["seconds"]), float(result["peak_mb"])
        pages_ok = result["state"] == "ready" and pages == args.students + 1
        time_ok, memory_ok = seconds < TARGET_SECONDS, peak < TARGET_MB
        print(
            f"  book: {seconds:.1f} s, peak {peak:.0f} MB, {pages} pages, "
            f"{len(pdf) / 1e6:.1f} MB PDF"
        )
        print(f"  {verdict(time_ok)}: under {TARGET_SECONDS:g} s")
        print(f"  {verdict(memory_ok)}: under {TARGET_MB:g} MB peak")
        print(f"  {verdict(pages_ok)}: a cover and a page per picture")

        archive = export_of(Export.Kind.ZIP)
        zipped = timed_build(env, archive.pk)
        archive.refresh_from_db()
        size = default_storage.size(archive.file.name) / 1e6
        print(
            f"  zip of originals (no target): {float(zipped['seconds']):.1f} s, "
            f"peak {float(zipped['peak_mb']):.0f} MB, {size:.0f} MB"
        )
    return 0 if time_ok and memory_ok and pages_ok else 1


if __name__ == "__main__":
    sys.exit(main())

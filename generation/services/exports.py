"""A teacher asks for an assignment's pictures as a ZIP or a class book; the worker makes
the file. Starting is one row and one message (a double click gets the same row); making
it ends as ready or failed, never stuck (the stale sweep fails what no worker finished)."""

import logging
import tempfile
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from classrooms.models import Assignment, User
from generation import messages, queue
from generation.exports.archive import write_zip
from generation.exports.book import Cover, write_book
from generation.exports.models import Export, ExportKind, ExportState
from generation.exports.states import export_move
from generation.selectors.exports import export_picture_count, export_pictures

logger = logging.getLogger(__name__)

# Well past what a class book takes (seconds for thirty pictures), and past the task's
# own time limit (generation/tasks.py), so the sweep never fails one still being made.
EXPORT_STALE_AFTER = timedelta(minutes=20)
# A made file holds children's names and pictures; the teacher downloads it, and the
# site's copy goes after this (the pictures themselves stay on the site).
EXPORT_KEEP = timedelta(days=7)


def export_start(*, teacher: User, assignment: Assignment, kind: str, source: str) -> Export:
    """Ask the worker for the file. The caller has checked that `teacher` teaches the
    assignment's class. Raises ValidationError (kind message) when there is nothing to
    put in it. The same teacher asking again for the same file while one is on its way
    (a double click) gets that one."""
    if not export_picture_count(assignment=assignment, source=source):
        raise ValidationError(messages.EXPORT_NOTHING_YET, code="empty")
    language = teacher.language or translation.get_language() or settings.LANGUAGE_CODE
    try:
        with transaction.atomic():
            export = Export.objects.create(
                assignment=assignment, teacher=teacher, kind=kind, source=source, language=language
            )
            queue.build_export_after_commit(export.pk)
    except IntegrityError:
        return Export.objects.get(
            assignment=assignment,
            teacher=teacher,
            kind=kind,
            source=source,
            state__in=Export.IN_PROGRESS,
        )
    logger.info("teacher %s asked for export %s (%s)", teacher.pk, export.pk, kind)
    return export


def export_build(*, export_id: int) -> None:
    """Make the file: claim the row, write the pictures into a temporary file (progress
    noted as it goes), store it, and say it is ready; any error ends it as failed."""
    export = Export.objects.select_related("assignment__classroom").filter(pk=export_id).first()
    if export is None or export.state != ExportState.QUEUED:
        return  # gone, or another delivery of the same message took it already
    if not export_move(export, ExportState.BUILDING, started_at=timezone.now()):
        return  # taken at this very moment
    stored = ""
    try:
        with translation.override(export.language or settings.LANGUAGE_CODE):
            stored = _write_and_store(export)
    # Not a retry (nothing here is worth one): whatever went wrong, the teacher must see
    # the export end, with a kind message, and staff the detail.
    except Exception as exc:
        logger.exception("export %s failed", export.pk)
        if stored:
            default_storage.delete(stored)
        export_move(
            export,
            ExportState.FAILED,
            error_message=str(messages.EXPORT_FAILED),
            error_detail=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        return
    if not export_move(
        export, ExportState.READY, file=stored, progress=100, finished_at=timezone.now()
    ):
        default_storage.delete(stored)  # the sweep gave up on it meanwhile


def _write_and_store(export: Export) -> str:
    assignment = export.assignment
    pictures = export_pictures(assignment=assignment, source=export.source)

    def progress(done: int, total: int) -> None:
        # The last few per cent are storing the file.
        export.progress_set(done * 95 // max(total, 1))

    # On disk, not in memory: a ZIP of a big class's originals is hundreds of megabytes.
    with tempfile.TemporaryFile() as out:
        if export.kind == ExportKind.BOOK:
            cover = Cover(classroom=assignment.classroom.name, assignment=assignment.title)
            write_book(out, cover=cover, pictures=pictures, progress=progress)
        else:
            write_zip(out, pictures, progress)
        out.seek(0)
        name = f"exports/assignment-{assignment.pk}/{export.pk}-{uuid.uuid4().hex[:12]}"
        return default_storage.save(f"{name}.{export.extension}", File(out))


def exports_sweep_stale() -> int:
    """Fail the exports no worker finished in time (a lost message, a killed worker)."""
    deadline = timezone.now() - EXPORT_STALE_AFTER
    stale = Q(state=ExportState.QUEUED, created_at__lt=deadline) | Q(
        state=ExportState.BUILDING, started_at__lt=deadline
    )
    failed = 0
    for export in Export.objects.filter(stale).only("pk", "state"):
        failed += export_move(
            export,
            ExportState.FAILED,
            error_message=str(messages.EXPORT_TIMED_OUT),
            error_detail="Unfinished after the time allowed; failed by the stale sweep.",
            finished_at=timezone.now(),
        )
    return failed


def exports_delete_old() -> int:
    """Delete the exports (rows and files) made more than EXPORT_KEEP ago; how many."""
    old = Export.objects.filter(created_at__lt=timezone.now() - EXPORT_KEEP)
    deleted = 0
    for export in old.only("pk", "file"):
        name = export.file.name or ""
        # The row first, so a failed file delete leaves a stray file, never a row
        # pointing at a missing one.
        if Export.objects.filter(pk=export.pk).delete()[0]:
            deleted += 1
            if name:
                try:
                    default_storage.delete(name)
                except Exception:
                    logger.exception("could not delete the file of old export %s", export.pk)
    return deleted

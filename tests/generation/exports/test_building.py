"""Making the file: one export for a double click, progress noted as it goes, and every
failure ending as failed with a kind message, never stuck."""

from datetime import timedelta

import pytest
from celery import current_app
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from classrooms.models import Assignment, User
from generation import messages, queue, tasks
from generation.exports.models import Export
from generation.exports.states import IllegalExportMove, export_move
from generation.services.exports import export_build, export_start
from tests.generation.exports.conftest import GREEN, RED, solid_picture


def start(teacher: User, assignment: Assignment, kind: str = "book") -> Export:
    return export_start(teacher=teacher, assignment=assignment, kind=kind, source="approved")


def test_the_task_the_service_sends_is_the_one_the_worker_runs() -> None:
    assert tasks.build_export.name == queue.BUILD_EXPORT
    assert queue.BUILD_EXPORT in current_app.tasks


def test_starting_sends_the_export_to_the_worker_once_committed(
    teacher: User,
    student: User,
    assignment: Assignment,
    django_capture_on_commit_callbacks,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    solid_picture(student=student, assignment=assignment, colour=RED)
    sent: list[tuple[str, list[int]]] = []
    # The broker's edge: what would go on the queue.
    monkeypatch.setattr(
        current_app, "send_task", lambda name, args: sent.append((name, args)), raising=False
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        export = start(teacher, assignment)
    assert sent == []  # nothing before the row is committed

    for callback in callbacks:
        callback()

    assert sent == [(queue.BUILD_EXPORT, [export.pk])]
    assert export.state == Export.State.QUEUED and export.language == "en"


def test_a_second_ask_while_one_is_on_its_way_gets_the_same_export(
    teacher: User, student: User, assignment: Assignment
) -> None:
    solid_picture(student=student, assignment=assignment, colour=RED)
    first = start(teacher, assignment)
    again = start(teacher, assignment)
    other_kind = start(teacher, assignment, kind="zip")

    assert again.pk == first.pk
    assert other_kind.pk != first.pk
    assert Export.objects.count() == 2


def test_the_database_refuses_two_of_the_same_export_on_their_way(
    teacher: User, assignment: Assignment
) -> None:
    fields = {"assignment": assignment, "teacher": teacher, "kind": "book", "source": "approved"}
    Export.objects.create(language="en", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Export.objects.create(language="en", **fields)


def test_a_new_export_may_be_asked_for_once_the_last_one_is_ready(
    teacher: User, student: User, assignment: Assignment
) -> None:
    solid_picture(student=student, assignment=assignment, colour=RED)
    first = start(teacher, assignment)
    export_build(export_id=first.pk)

    assert start(teacher, assignment).pk != first.pk


def test_nothing_to_export_is_refused_kindly(teacher: User, assignment: Assignment) -> None:
    with pytest.raises(ValidationError) as refused:
        start(teacher, assignment)
    assert refused.value.messages == [str(messages.EXPORT_NOTHING_YET)]
    assert not Export.objects.exists()


def test_progress_is_noted_picture_by_picture_and_a_damaged_one_fails_it_kindly(
    teacher: User, student: User, classmate: User, assignment: Assignment
) -> None:
    solid_picture(student=student, assignment=assignment, colour=RED)  # Ana, first
    damaged = solid_picture(student=classmate, assignment=assignment, colour=GREEN)  # Ben
    with default_storage.open(damaged.image.name, "wb") as stored:
        stored.write(b"not a picture at all")
    export = start(teacher, assignment)

    export_build(export_id=export.pk)

    export.refresh_from_db()
    assert export.state == Export.State.FAILED
    assert export.progress == 47  # Ana's page was made (1 of 2) before Ben's failed
    assert export.error_message == str(messages.EXPORT_FAILED)
    assert "UnidentifiedImageError" in export.error_detail
    assert export.finished_at is not None and not export.file


def test_a_finished_book_is_ready_at_a_hundred_per_cent(
    teacher: User, student: User, assignment: Assignment
) -> None:
    solid_picture(student=student, assignment=assignment, colour=RED)
    export = start(teacher, assignment)

    tasks.build_export(export.pk)  # the task, as the worker runs it

    export.refresh_from_db()
    assert (export.state, export.progress) == (Export.State.READY, 100)
    assert export.file.name.endswith(".pdf") and default_storage.exists(export.file.name)


def test_a_second_delivery_of_the_message_makes_nothing_more(
    teacher: User, student: User, assignment: Assignment
) -> None:
    solid_picture(student=student, assignment=assignment, colour=RED)
    export = start(teacher, assignment)
    export_build(export_id=export.pk)
    export.refresh_from_db()
    made = export.file.name

    export_build(export_id=export.pk)
    export_build(export_id=export.pk + 1000)  # one that is gone

    export.refresh_from_db()
    assert export.file.name == made
    assert len(list(default_storage.listdir(made.rsplit("/", 1)[0])[1])) == 1


def test_the_stale_sweep_fails_an_export_no_worker_finished(
    teacher: User, student: User, assignment: Assignment
) -> None:
    solid_picture(student=student, assignment=assignment, colour=RED)
    long_ago = timezone.now() - timedelta(hours=1)
    lost = start(teacher, assignment)
    Export.objects.filter(pk=lost.pk).update(created_at=long_ago)
    hung = start(teacher, assignment, kind="zip")
    Export.objects.filter(pk=hung.pk).update(state="building", started_at=long_ago)
    fresh = Export.objects.create(
        assignment=assignment, teacher=student, kind="book", source="turned_in", language="en"
    )

    assert tasks.sweep_stale_generations()["exports_failed"] == 2

    for export in (lost, hung):
        export.refresh_from_db()
        assert export.state == Export.State.FAILED
        assert export.error_message == str(messages.EXPORT_TIMED_OUT)
    fresh.refresh_from_db()
    assert fresh.state == Export.State.QUEUED
    # A worker that comes back to a failed export changes nothing.
    export_build(export_id=hung.pk)
    hung.refresh_from_db()
    assert hung.state == Export.State.FAILED and not hung.file


def test_an_export_moves_only_as_its_table_allows(teacher: User, assignment: Assignment) -> None:
    export = Export.objects.create(
        assignment=assignment, teacher=teacher, kind="zip", source="approved", language="en"
    )
    with pytest.raises(IllegalExportMove):
        export_move(export, Export.State.READY)


def test_erasing_a_student_erases_the_exports_that_hold_their_work(
    teacher: User,
    student: User,
    classmate: User,
    assignment: Assignment,
    other_assignment: Assignment,
) -> None:
    from generation.privacy import student_data_delete

    solid_picture(student=student, assignment=assignment, colour=RED)
    solid_picture(student=classmate, assignment=other_assignment, colour=GREEN)
    with_ana = start(teacher, assignment)
    export_build(export_id=with_ana.pk)
    with_ana.refresh_from_db()
    without_ana = Export.objects.create(
        assignment=other_assignment, teacher=teacher, kind="zip", source="approved",
        language="en",
    )  # fmt: skip

    student_data_delete(student=student)

    assert not Export.objects.filter(pk=with_ana.pk).exists()
    assert not default_storage.exists(with_ana.file.name)
    assert Export.objects.filter(pk=without_ana.pk).exists()


def test_an_export_is_deleted_a_week_after_it_was_made(
    teacher: User, student: User, assignment: Assignment
) -> None:
    solid_picture(student=student, assignment=assignment, colour=RED)
    old, recent = start(teacher, assignment), start(teacher, assignment, kind="zip")
    for export in (old, recent):
        export_build(export_id=export.pk)
        export.refresh_from_db()
    Export.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))

    assert tasks.delete_old_exports() == 1

    assert not Export.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.file.name)
    assert Export.objects.filter(pk=recent.pk).exists() and default_storage.exists(recent.file.name)


def test_the_beat_runs_the_export_clean_up_and_the_sweep() -> None:
    from django.conf import settings

    for entry in ("delete-old-exports", "sweep-stale-generations"):
        assert settings.CELERY_BEAT_SCHEDULE[entry]["task"] in current_app.tasks

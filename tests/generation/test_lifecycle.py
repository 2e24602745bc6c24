"""A picture's status changes in one module, by the moves its table allows, and only once."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from classrooms.models import Assignment, User
from generation import lifecycle
from generation.models import Generation
from generation.services import image_review
from tests.support.factories import GenerationFactory

ROOT = Path(__file__).resolve().parents[2]
APP_PACKAGES = ("generation", "classrooms", "edu4all")
# Calls that write the fields they are given (reads such as filter() may name status freely).
WRITING_CALLS = {"update", "create", "get_or_create", "update_or_create", "Generation"}


def _status_writes(path: Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(), filename=str(path))
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in WRITING_CALLS and any(kw.arg == "status" for kw in node.keywords):
                found.append(f"{where}:{node.lineno} {name}(status=...)")
            if any(
                kw.arg == "update_fields"
                and any(
                    isinstance(elt, ast.Constant) and elt.value == "status"
                    for elt in ast.walk(kw.value)
                )
                for kw in node.keywords
            ):
                found.append(f"{where}:{node.lineno} save(update_fields=status)")
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    found.append(f"{where}:{node.lineno} .status = ...")
    return found


def test_no_module_but_the_lifecycle_writes_a_pictures_status() -> None:
    modules = [
        path
        for package in APP_PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and path != ROOT / "generation" / "lifecycle.py"
    ]
    assert len(modules) > 50  # the scan sees the code
    writes = [write for path in modules for write in _status_writes(path)]
    assert writes == []


def test_the_scan_finds_each_way_of_writing_a_status(tmp_path: Path) -> None:
    """The check above can fail: each idiom it looks for is found in a sample module."""
    sample = tmp_path / "writer.py"
    sample.write_text(
        "def f(g, qs):\n"
        "    qs.update(status='approved')\n"
        "    Generation.objects.create(status='blocked')\n"
        "    g.status = 'approved'\n"
        "    g.save(update_fields=['status'])\n"
        "    qs.filter(status='queued')\n"
    )
    assert len(_status_writes(sample)) == 4


def test_the_database_refuses_a_status_it_does_not_know(
    student: User, assignment: Assignment
) -> None:
    generation = GenerationFactory(student=student, assignment=assignment)
    with pytest.raises(IntegrityError), transaction.atomic():
        Generation.objects.filter(pk=generation.pk).update(status="lost")


def test_a_blocked_picture_can_never_be_approved(
    teacher: User, student: User, assignment: Assignment
) -> None:
    blocked = GenerationFactory(student=student, assignment=assignment, blocked=True)

    with pytest.raises(lifecycle.IllegalTransition):
        lifecycle.approve(blocked, by=teacher)
    with pytest.raises(ValidationError, match="already been reviewed"):
        image_review(generation=blocked, teacher=teacher, approve=True)

    blocked.refresh_from_db()
    assert blocked.status == Generation.Status.BLOCKED
    assert blocked.reviewed_by is None


def test_a_move_on_a_row_that_moved_on_changes_nothing_and_says_so(
    teacher: User, student: User, assignment: Assignment
) -> None:
    waiting = GenerationFactory(student=student, assignment=assignment, awaiting_review=True)
    old_copy = Generation.objects.get(pk=waiting.pk)
    assert lifecycle.reject(waiting, by=teacher, reason="Tell me more about the weather.")

    assert lifecycle.approve(old_copy, by=teacher) is False

    waiting.refresh_from_db()
    assert waiting.status == Generation.Status.REJECTED
    assert waiting.rejection_reason == "Tell me more about the weather."


def test_a_worker_that_lost_its_attempt_cannot_finish_the_picture(
    student: User, assignment: Assignment
) -> None:
    """The sweep gave the picture to another worker (a new attempt); the first one's
    result is dropped even though the status reads the same."""
    drawing = GenerationFactory(student=student, assignment=assignment, drawing=True, attempts=1)
    Generation.objects.filter(pk=drawing.pk).update(attempts=2)

    assert lifecycle.fail(drawing, message="oops", detail="late") is False
    assert Generation.objects.get(pk=drawing.pk).status == Generation.Status.GENERATING


def test_every_status_can_be_reached_and_only_finished_ones_are_ends() -> None:
    reachable = {to for _from, to in lifecycle.TRANSITIONS}
    assert reachable == set(Generation.Status)
    leaving = {source for source, _to in lifecycle.TRANSITIONS if source is not None}
    assert leaving == {
        Generation.Status.QUEUED,
        Generation.Status.GENERATING,
        Generation.Status.AWAITING_REVIEW,
        # A teacher's decision can be changed later (issue 14).
        Generation.Status.APPROVED,
        Generation.Status.REJECTED,
    }


def test_a_picture_starts_only_queued_or_blocked(student: User, assignment: Assignment) -> None:
    with pytest.raises(lifecycle.IllegalTransition):
        lifecycle.generation_create(
            student=student, assignment=assignment, prompt="x", status=Generation.Status.APPROVED
        )
    blocked = lifecycle.generation_create(
        student=student, assignment=assignment, prompt="x", status=Generation.Status.BLOCKED
    )
    assert blocked.finished_at is not None

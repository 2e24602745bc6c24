"""Pictures nobody will see again are deleted after RETENTION_DAYS; the records stay."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from classrooms.models import Assignment, User
from generation.models import Generation
from generation.services.retention import expired_images_delete
from generation.tasks import delete_expired_images
from tests.support.factories import finished_generation

pytestmark = pytest.mark.django_db


def decided_days_ago(generation: Generation, days: int) -> Generation:
    when = timezone.now() - timedelta(days=days)
    Generation.objects.filter(pk=generation.pk).update(
        created_at=when, finished_at=when, reviewed_at=when
    )
    generation.refresh_from_db()
    return generation


def files_of(generation: Generation) -> list[str]:
    return [generation.image.name, generation.thumbnail.name]


@pytest.mark.parametrize(
    "status",
    [
        Generation.Status.REJECTED,
        Generation.Status.FAILED,
        Generation.Status.FILTERED,
        Generation.Status.BLOCKED,
    ],
)
def test_old_unseen_pictures_lose_their_files_but_keep_the_record(
    student: User, assignment: Assignment, settings: object, status: str
) -> None:
    settings.RETENTION_DAYS = 30  # type: ignore[attr-defined]
    generation = decided_days_ago(
        finished_generation(student=student, assignment=assignment, status=status), 31
    )
    names = files_of(generation)
    assert all(default_storage.exists(name) for name in names)

    assert delete_expired_images() == 1

    assert not any(default_storage.exists(name) for name in names)
    generation.refresh_from_db()
    assert (generation.image.name, generation.thumbnail.name) == ("", "")
    assert generation.status == status
    assert generation.prompt == "the Eiffel Tower on the Moon"


@pytest.mark.parametrize("status", [Generation.Status.APPROVED, Generation.Status.AWAITING_REVIEW])
def test_pictures_the_class_can_still_see_are_kept(
    student: User, assignment: Assignment, status: str
) -> None:
    generation = decided_days_ago(
        finished_generation(student=student, assignment=assignment, status=status), 400
    )
    assert expired_images_delete(days=30) == 0
    assert all(default_storage.exists(name) for name in files_of(generation))
    generation.refresh_from_db()
    assert generation.image


def test_recent_rejections_are_kept_until_the_retention_period_ends(
    student: User, assignment: Assignment
) -> None:
    generation = decided_days_ago(
        finished_generation(
            student=student, assignment=assignment, status=Generation.Status.REJECTED
        ),
        29,
    )
    assert expired_images_delete(days=30) == 0
    assert all(default_storage.exists(name) for name in files_of(generation))


def test_the_period_counts_from_the_teachers_decision_not_the_request(
    student: User, assignment: Assignment
) -> None:
    generation = finished_generation(
        student=student, assignment=assignment, status=Generation.Status.REJECTED
    )
    long_ago = timezone.now() - timedelta(days=90)
    Generation.objects.filter(pk=generation.pk).update(
        created_at=long_ago, finished_at=long_ago, reviewed_at=timezone.now() - timedelta(days=2)
    )
    assert expired_images_delete(days=30) == 0


def test_a_second_sweep_finds_nothing_left_to_do(student: User, assignment: Assignment) -> None:
    decided_days_ago(
        finished_generation(
            student=student, assignment=assignment, status=Generation.Status.FAILED
        ),
        60,
    )
    assert expired_images_delete(days=30) == 1
    assert expired_images_delete(days=30) == 0


def test_a_file_that_cannot_be_deleted_does_not_stop_the_sweep(
    student: User, assignment: Assignment, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = (
        decided_days_ago(
            finished_generation(
                student=student, assignment=assignment, status=Generation.Status.REJECTED
            ),
            60,
        )
        for _ in range(2)
    )
    really_delete = default_storage.delete

    def flaky_delete(name: str) -> None:
        if name == first.image.name:
            raise OSError("storage unavailable")
        really_delete(name)

    monkeypatch.setattr(default_storage, "delete", flaky_delete)
    assert expired_images_delete(days=30) == 2
    assert not default_storage.exists(second.image.name)
    assert default_storage.exists(first.image.name)


def test_the_sweep_runs_in_beat(settings: object) -> None:
    schedule = settings.CELERY_BEAT_SCHEDULE  # type: ignore[attr-defined]
    assert schedule["delete-expired-images"]["task"] == "generation.tasks.delete_expired_images"

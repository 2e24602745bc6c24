"""How many pictures a student has used or asked for: the counts limits are checked against."""

from datetime import datetime
from typing import NamedTuple

from django.db.models import Count, Q

from classrooms.models import Assignment, User
from generation.models import ExtraPictures, Generation


def images_used(*, student: User, assignment: Assignment) -> int:
    """Pictures that count against the allowance: not those whose try a teacher gave back."""
    return (
        Generation.objects.filter(
            student=student, assignment=assignment, status__in=Generation.USES_QUOTA
        )
        .exclude(try_given_back=True)
        .count()
    )


def extra_pictures_for(*, student: User, assignment: Assignment) -> int:
    """Pictures a teacher gave this student for this assignment on top of its limit."""
    extra = (
        ExtraPictures.objects.filter(student=student, assignment=assignment)
        .values_list("count", flat=True)
        .first()
    )
    return extra or 0


def picture_allowance(*, student: User, assignment: Assignment) -> int:
    """The assignment's limit plus the student's extra pictures."""
    return assignment.image_limit + extra_pictures_for(student=student, assignment=assignment)


def pictures_left(*, student: User, assignment: Assignment) -> int:
    """The student's "pictures left": the allowance less the pictures that count."""
    allowed = picture_allowance(student=student, assignment=assignment)
    return max(allowed - images_used(student=student, assignment=assignment), 0)


class Attempts(NamedTuple):
    minute: int
    day: int


def student_attempts_since(
    *, student: User, day_start: datetime, minute_start: datetime
) -> Attempts:
    """How many pictures a student asked for since each moment, in every class and
    whatever became of them, in one query (the per-student rate limit). Notes of refused
    requests (the rate_limit layer) are not attempts."""
    counts = (
        Generation.objects.filter(student=student, created_at__gte=day_start)
        .exclude(safety_layer=Generation.SafetyLayer.RATE_LIMIT)
        .aggregate(day=Count("pk"), minute=Count("pk", filter=Q(created_at__gte=minute_start)))
    )
    return Attempts(minute=counts["minute"], day=counts["day"])

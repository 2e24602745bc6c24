"""How many pictures a student has used or asked for: the counts limits are checked against."""

from datetime import datetime
from typing import NamedTuple

from django.db.models import Count, Q

from classrooms.models import Assignment, User
from generation.models import Generation


def images_used(*, student: User, assignment: Assignment) -> int:
    return Generation.objects.filter(
        student=student, assignment=assignment, status__in=Generation.USES_QUOTA
    ).count()


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

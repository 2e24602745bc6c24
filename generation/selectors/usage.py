"""The admin's usage report (like Moodle's AI usage report): pictures asked for in a date
range, optionally one class's or one teacher's classes', counted by status with their
estimated cost, per class and for the school, and each picture as a row for the CSV.

A constant number of queries whatever the number of pictures or classes: one grouped
query for the classes' numbers and one for their teachers; the CSV streams one query of
pictures, with the teachers' names from one more.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from classrooms.access import teaching
from classrooms.models import Classroom, User
from generation.models import Generation, GenerationStatus
from generation.selectors.budgets import NOTHING, SPEND

STATUSES = tuple(GenerationStatus)


@dataclass(frozen=True)
class UsageFilters:
    start: datetime  # from this moment
    end: datetime  # up to, not including, this one
    classroom: Classroom | None = None
    teacher: User | None = None


@dataclass
class UsageRow:
    """One class's numbers (or the whole report's, with no class)."""

    name: str
    teachers: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    cost: Decimal = NOTHING

    def count_list(self) -> list[int]:
        return [self.counts.get(status, 0) for status in STATUSES]


@dataclass(frozen=True)
class UsageReport:
    rows: list[UsageRow]
    totals: UsageRow
    statuses: tuple[GenerationStatus, ...] = STATUSES


def usage_generations(filters: UsageFilters) -> QuerySet[Generation]:
    generations = Generation.objects.filter(
        created_at__gte=filters.start, created_at__lt=filters.end
    )
    if filters.classroom is not None:
        generations = generations.filter(assignment__classroom=filters.classroom)
    if filters.teacher is not None:
        # The classes this teacher teaches, co-taught ones included: the one predicate.
        generations = generations.filter(teaching(filters.teacher, "assignment__classroom"))
    return generations


def _teacher_names(classroom_ids: "QuerySet[Generation, int] | list[int]") -> dict[int, list[str]]:
    """Each class's teachers' names, in one query."""
    links = (
        Classroom.teachers.through.objects.filter(classroom_id__in=classroom_ids)
        .select_related("user")
        .order_by("user__username")
    )
    names: dict[int, list[str]] = defaultdict(list)
    for link in links:
        names[link.classroom_id].append(str(link.user))
    return names


def usage_report(filters: UsageFilters) -> UsageReport:
    """Two queries: the classes' numbers, then their teachers."""
    per_status = {
        f"n_{status.value}": Count("pk", filter=Q(status=status.value)) for status in STATUSES
    }
    grouped = (
        usage_generations(filters)
        .order_by()
        .values("assignment__classroom", "assignment__classroom__name")
        .annotate(total=Count("pk"), cost=SPEND, **per_status)
        .order_by("assignment__classroom__name", "assignment__classroom")
    )
    found: list[dict[str, Any]] = [dict(row) for row in grouped]
    teachers = _teacher_names([row["assignment__classroom"] for row in found]) if found else {}
    totals = UsageRow(name="")
    rows = []
    for found_row in found:
        row = UsageRow(
            name=found_row["assignment__classroom__name"],
            teachers=teachers.get(found_row["assignment__classroom"], []),
            counts={status.value: found_row[f"n_{status.value}"] for status in STATUSES},
            total=found_row["total"],
            cost=found_row["cost"],
        )
        rows.append(row)
        totals.total += row.total
        totals.cost += row.cost
        for status, count in row.counts.items():
            totals.counts[status] = totals.counts.get(status, 0) + count
    return UsageReport(rows=rows, totals=totals)


CSV_HEADER = (
    "created_at",
    "class",
    "teachers",
    "assignment",
    "student",
    "status",
    "provider",
    "model",
    "size",
    "quality",
    "estimated_cost_usd",
    "quoted_cost_usd",
)


def usage_csv_rows(filters: UsageFilters) -> Iterator[list[str]]:
    """The header, then one row per picture, oldest first (prompts are never included)."""
    generations = usage_generations(filters)
    teachers = _teacher_names(
        generations.order_by().values_list("assignment__classroom", flat=True).distinct()
    )
    yield list(CSV_HEADER)
    rows = (
        generations.select_related("student", "assignment__classroom")
        .only(
            "created_at",
            "status",
            "provider",
            "model",
            "size",
            "options",
            "estimated_cost",
            "quoted_cost",
            "student__username",
            "assignment__title",
            "assignment__classroom__name",
        )
        .order_by("created_at", "pk")
    )
    for generation in rows.iterator(chunk_size=2000):
        classroom = generation.assignment.classroom
        yield [
            generation.created_at.isoformat(),
            classroom.name,
            ", ".join(teachers.get(classroom.pk, [])),
            generation.assignment.title,
            generation.student.username,
            generation.status,
            generation.provider,
            generation.model,
            generation.size,
            str(generation.options.get("quality", "")),
            str(generation.estimated_cost),
            str(generation.quoted_cost),
        ]

"""How many of a student's pictures carry a teacher's decision they have not seen yet,
per assignment: the "N new" beside each assignment on their class page (issue 14)."""

from collections.abc import Iterable

from django.db.models import Count

from classrooms.models import Assignment, User
from generation.models import Generation


def new_decisions_by_assignment(
    *, student: User, assignments: Iterable[Assignment]
) -> dict[int, int]:
    """{assignment id: new decisions} for this student's own pictures only, in one query
    however many assignments and pictures there are (none for no assignments). Reading
    them does not mark them seen: opening the assignment or the picture does."""
    rows = (
        Generation.objects.filter(
            student=student, assignment__in=list(assignments), decision_unseen=True
        )
        .order_by()
        .values("assignment_id")
        .annotate(count=Count("pk"))
        .values_list("assignment_id", "count")
    )
    return dict(rows)

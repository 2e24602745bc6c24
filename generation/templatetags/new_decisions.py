"""`{% with_new_decisions %}` for the student's class page, a classrooms template: the
page's view lives in classrooms, which never imports generation, so the template asks."""

from collections.abc import Iterable

from django import template

from classrooms.models import Assignment, User
from generation.selectors.new_decisions import new_decisions_by_assignment

register = template.Library()


@register.simple_tag
def with_new_decisions(assignments: Iterable[Assignment], *, student: User) -> list[Assignment]:
    """`{% with_new_decisions assignments student=request.user as assignments %}`: the
    assignments, each with `new_decisions`, the number of the student's pictures with a
    decision they have not seen yet; one query for the whole class."""
    listed = list(assignments)
    counts = new_decisions_by_assignment(student=student, assignments=listed)
    for assignment in listed:
        assignment.new_decisions = counts.get(assignment.pk, 0)  # type: ignore[attr-defined]
    return listed

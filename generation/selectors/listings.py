"""Lists of pictures for pages (galleries, a student's work, the review queue, a class's
work) and the picture numbers a teacher's class pages show. Access comes first: every
list is built on a queryset generation/access.py or classrooms/access.py handed out."""

from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from classrooms.access import teaching
from classrooms.models import Assignment, Classroom, User
from generation.access import generations_taught_by
from generation.models import Generation

if TYPE_CHECKING:  # django-stubs is a development dependency only
    from django_stubs_ext import WithAnnotations


class ClassNumbers(TypedDict):
    student_count: int
    waiting: int


class AssignmentNumbers(TypedDict):
    image_count: int
    waiting: int
    blocked: int
    cost: Decimal | None


# Pages of pictures (review queue, galleries, a class's work) show this many at a time,
# so a page costs the same queries and bytes with 30 pictures in the class or 3000.
PICTURES_PER_PAGE = 30


def gallery_for(assignment: Assignment) -> QuerySet[Generation]:
    """Approved pictures of an assignment, the only ones classmates ever see."""
    return (
        Generation.objects.filter(assignment=assignment, status=Generation.Status.APPROVED)
        .select_related("student")
        .order_by("-created_at")
    )


def student_generations(*, student: User, assignment: Assignment) -> QuerySet[Generation]:
    return Generation.objects.filter(student=student, assignment=assignment).order_by("-created_at")


def review_queue_for(
    teacher: User,
    *,
    classroom: Classroom | None = None,
    assignment: Assignment | None = None,
    student: User | None = None,
) -> QuerySet[Generation]:
    """The teacher's classes' pictures waiting for review, oldest first, maybe only one
    class's, assignment's or student's (the filters came from the teacher's own classes;
    the access rule applies whatever they are)."""
    generations = class_generations_for_teacher(teacher=teacher).filter(
        status=Generation.Status.AWAITING_REVIEW
    )
    if classroom is not None:
        generations = generations.filter(assignment__classroom=classroom)
    if assignment is not None:
        generations = generations.filter(assignment=assignment)
    if student is not None:
        generations = generations.filter(student=student)
    return generations.order_by("created_at", "pk")


def class_generations_for_teacher(
    *, teacher: User, assignment: Assignment | None = None
) -> QuerySet[Generation]:
    """Everything students of the teacher's classes generated, blocked attempts included."""
    generations = generations_taught_by(teacher)
    if assignment is not None:
        generations = generations.filter(assignment=assignment)
    return generations.select_related("student", "assignment__classroom").order_by("-created_at")


def classes_with_waiting_counts(
    teacher: User,
) -> "QuerySet[WithAnnotations[Classroom, ClassNumbers]]":
    """The teacher's classes, each with student_count and waiting (pictures awaiting review)."""
    # A subquery, not a second join: counting students and pictures over one join would
    # group students x pictures rows for every class.
    waiting = (
        Generation.objects.filter(
            assignment__classroom=OuterRef("pk"), status=Generation.Status.AWAITING_REVIEW
        )
        .order_by()
        .values("assignment__classroom")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Classroom.objects.filter(teaching(teacher)).annotate(
        student_count=Count("students"), waiting=Coalesce(Subquery(waiting), 0)
    )


def assignments_with_picture_numbers(
    classroom: Classroom,
) -> "QuerySet[WithAnnotations[Assignment, AssignmentNumbers]]":
    """A class's assignments, each with image_count, waiting, blocked and cost."""
    return classroom.assignments.annotate(
        image_count=Count("generations", filter=Q(generations__image__gt="")),
        waiting=Count(
            "generations", filter=Q(generations__status=Generation.Status.AWAITING_REVIEW)
        ),
        blocked=Count("generations", filter=Q(generations__status=Generation.Status.BLOCKED)),
        cost=Sum("generations__estimated_cost"),
    )

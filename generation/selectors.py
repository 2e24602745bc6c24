"""Who may see which generations: every visibility rule lives here."""

from django.db.models import Q, QuerySet

from classrooms.models import Assignment, User
from generation.models import Generation


def generations_visible_to(user: User) -> QuerySet[Generation]:
    """Every generation this person may open: own work, their classes, approved class work."""
    generations = Generation.objects.select_related("student", "assignment__classroom")
    if not user.is_authenticated:
        return generations.none()
    if user.is_staff:
        return generations
    return generations.filter(
        Q(student=user)
        | Q(assignment__classroom__teachers=user)
        | Q(assignment__classroom__students=user, status=Generation.Status.APPROVED)
    ).distinct()


def generations_in_detail_for(user: User) -> QuerySet[Generation]:
    """Generations whose prompt, status and detail this person may read: own and taught."""
    generations = Generation.objects.select_related("student", "assignment__classroom")
    if not user.is_authenticated:
        return generations.none()
    if user.is_staff:
        return generations
    return generations.filter(Q(student=user) | Q(assignment__classroom__teachers=user)).distinct()


def gallery_for(assignment: Assignment) -> QuerySet[Generation]:
    """Approved pictures of an assignment, the only ones classmates ever see."""
    return (
        Generation.objects.filter(assignment=assignment, status=Generation.Status.APPROVED)
        .select_related("student")
        .order_by("-created_at")
    )


def student_generations(*, student: User, assignment: Assignment) -> QuerySet[Generation]:
    return Generation.objects.filter(student=student, assignment=assignment).order_by("-created_at")


def images_used(*, student: User, assignment: Assignment) -> int:
    return Generation.objects.filter(
        student=student, assignment=assignment, status__in=Generation.USES_QUOTA
    ).count()


def review_queue_for(teacher: User) -> QuerySet[Generation]:
    return (
        Generation.objects.filter(
            assignment__classroom__teachers=teacher,
            status=Generation.Status.AWAITING_REVIEW,
        )
        .select_related("student", "assignment__classroom")
        .order_by("created_at")
    )


def class_generations_for_teacher(
    *, teacher: User, assignment: Assignment | None = None
) -> QuerySet[Generation]:
    """Everything students of the teacher's classes generated, blocked attempts included."""
    generations = Generation.objects.filter(assignment__classroom__teachers=teacher)
    if assignment is not None:
        generations = generations.filter(assignment=assignment)
    return generations.select_related("student", "assignment__classroom").order_by("-created_at")

"""Who may see which generations: every visibility rule lives here."""

from datetime import datetime, timedelta
from typing import NamedTuple

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone

from classrooms.models import Assignment, Classroom, User
from generation.models import DisallowedTerm, Generation


def _taught_by(user: User) -> Exists:
    return Exists(Assignment.objects.filter(pk=OuterRef("assignment_id"), classroom__teachers=user))


def _classmates_of(user: User) -> Exists:
    return Exists(Assignment.objects.filter(pk=OuterRef("assignment_id"), classroom__students=user))


def _in_detail(user: User) -> Q:
    return Q(student=user) | Q(_taught_by(user))


def _visible(
    generations: QuerySet[Generation], user: User, *, in_detail: bool
) -> QuerySet[Generation]:
    """The one statement of who sees what. In detail (prompt, live status, technical
    detail): the author, their class's teachers and admins. The picture alone: also
    classmates, once approved. EXISTS rather than joins, so no row repeats."""
    if not user.is_authenticated:
        return generations.none()
    if user.is_staff:
        return generations
    rule = _in_detail(user)
    if not in_detail:
        rule |= Q(_classmates_of(user), status=Generation.Status.APPROVED)
    return generations.filter(rule)


def generations_visible_to(user: User) -> QuerySet[Generation]:
    """Every generation this person may open: own work, their classes, approved class work."""
    generations = Generation.objects.select_related("student", "assignment__classroom")
    return _visible(generations, user, in_detail=False)


def generations_in_detail_for(user: User) -> QuerySet[Generation]:
    """Generations whose prompt, status and detail this person may read: own and taught."""
    generations = Generation.objects.select_related("student", "assignment__classroom")
    return _visible(generations, user, in_detail=True)


def generation_page_for(user: User, generation_id: int) -> QuerySet[Generation]:
    """The one picture an image page shows, if this person may open it, carrying what the
    page needs to know about them in the same query: viewer_sees_details (the in-detail
    rule above) and viewer_teaches (a teacher of its class: the review panel)."""
    generation = generations_visible_to(user).filter(pk=generation_id)
    if not user.is_authenticated:
        return generation  # already empty
    in_detail = generations_in_detail_for(user).filter(pk=OuterRef("pk"))
    return generation.annotate(
        viewer_teaches=_taught_by(user), viewer_sees_details=Exists(in_detail)
    )


# Pages of pictures (review queue, galleries, a class's work) show this many at a time,
# so a page costs the same queries and bytes with 30 pictures in the class or 3000.
PICTURES_PER_PAGE = 30

# Everything the live status card (generation/_generation_card.html) reads, and no more.
STATUS_CARD_FIELDS = ("status", "prompt", "thumbnail", "error_message", "rejection_reason")


def generation_status_for(user: User, generation_id: int) -> QuerySet[Generation]:
    """The one row a status poll may read (the in-detail rule), in a single primary-key
    query reading only what the status card shows."""
    generation = Generation.objects.filter(pk=generation_id).only(*STATUS_CARD_FIELDS)
    return _visible(generation, user, in_detail=True)


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


def review_queue_for(teacher: User) -> QuerySet[Generation]:
    """The teacher's classes' pictures waiting for review, oldest first."""
    return (
        class_generations_for_teacher(teacher=teacher)
        .filter(status=Generation.Status.AWAITING_REVIEW)
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


# --- The safety log: only ever called with a classroom classrooms.access handed out -----

# What a safety layer or a teacher stopped; failures are the service's fault, not the child's.
SAFETY_STOPS = (
    Generation.Status.BLOCKED,
    Generation.Status.FILTERED,
    Generation.Status.REJECTED,
)
SUMMARY_DAYS = 7
# What a student tried to have drawn, as opposed to the notes of requests refused for
# asking too often: those show in the log, but the summary and the teacher's e-mail
# count attempts at words and pictures, not clicks.
ATTEMPT_LAYERS = [
    "",
    *(layer for layer in Generation.SafetyLayer if layer != Generation.SafetyLayer.RATE_LIMIT),
]


def start_of_day(moment: datetime) -> datetime:
    """Midnight of that day in the school's time zone (settings.TIME_ZONE)."""
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def safety_log_for(classroom: Classroom) -> QuerySet[Generation]:
    """Everything stopped in one class, newest first, with who and which layer."""
    return (
        Generation.objects.filter(assignment__classroom=classroom, status__in=SAFETY_STOPS)
        .select_related("student", "assignment")
        .order_by("-created_at", "-pk")
    )


def safety_summary_for(classroom: Classroom, *, now: datetime) -> QuerySet[User]:
    """Students with stopped attempts in the class in the last week, the most blocked today first.

    Each student carries blocked_today (since midnight, the same day the teacher's e-mail
    counts), blocked_week, filtered_week and rejected_week. Notes of requests refused for
    asking too often (ATTEMPT_LAYERS) are in the log but not here.
    """
    today = start_of_day(now)
    # Filtering before annotating makes the counts use the same join, so only this class's
    # stopped attempts of the last week are counted, whatever else the student made.
    stopped = User.objects.filter(
        generations__assignment__classroom=classroom,
        generations__status__in=SAFETY_STOPS,
        generations__safety_layer__in=ATTEMPT_LAYERS,
        generations__created_at__gte=now - timedelta(days=SUMMARY_DAYS),
    )
    blocked = Q(generations__status=Generation.Status.BLOCKED)
    # Only what a name needs: no password hashes on their way to a template.
    named = stopped.only("username", "display_name", "first_name", "last_name")
    return named.annotate(
        blocked_today=Count("generations", filter=blocked & Q(generations__created_at__gte=today)),
        blocked_week=Count("generations", filter=blocked),
        filtered_week=Count(
            "generations", filter=Q(generations__status=Generation.Status.FILTERED)
        ),
        rejected_week=Count(
            "generations", filter=Q(generations__status=Generation.Status.REJECTED)
        ),
    ).order_by("-blocked_today", "-blocked_week", "display_name", "username")


def blocked_attempts_that_day(generation: Generation) -> int:
    """How many blocked attempts its student made in its class that day, up to this one.

    Counting up to this attempt (not up to now) gives each attempt a fixed place in the
    day, so exactly one attempt is the n-th even when two arrive at once.
    """
    return (
        Generation.objects.filter(
            student_id=generation.student_id,
            assignment__classroom_id=generation.assignment.classroom_id,
            status=Generation.Status.BLOCKED,
            safety_layer__in=ATTEMPT_LAYERS,
            created_at__gte=start_of_day(generation.created_at),
        )
        .filter(
            Q(created_at__lt=generation.created_at)
            | Q(created_at=generation.created_at, pk__lte=generation.pk)
        )
        .count()
    )


def school_wide_term_count() -> int:
    return DisallowedTerm.objects.filter(classroom__isnull=True, is_active=True).count()

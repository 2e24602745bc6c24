"""A class's safety log: what was stopped, who tried most, and the school-wide list size.

Only ever called with a classroom classrooms.access handed out.
"""

from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from classrooms.models import Classroom, User
from generation.models import DisallowedTerm, Generation

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

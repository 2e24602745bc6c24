"""What a teacher's review pages read beyond the queue itself: pictures that arrived
since the page was drawn (the live queue), the teacher's preset reasons, and a picture's
trail of decisions."""

from django.db.models import QuerySet

from classrooms.models import Assignment, User
from generation import messages
from generation.models import ExtraPictures, Generation, PresetReason, ReviewDecision
from generation.selectors.listings import PICTURES_PER_PAGE


def arrived_since(queue: QuerySet[Generation], *, after: int) -> list[Generation]:
    """Pictures of the (filtered) queue newer than the newest the page has: one query on
    the primary key, however long the queue is."""
    return list(queue.filter(pk__gt=after)[:PICTURES_PER_PAGE])


def preset_reasons_for(teacher: User) -> list[str]:
    """The teacher's own reasons; a teacher who never saved any gets the kind defaults,
    in the language they are reading (English or Spanish)."""
    texts = list(PresetReason.objects.filter(teacher=teacher).values_list("text", flat=True))
    return texts or [str(text) for text in messages.DEFAULT_PRESET_REASONS]


def decisions_for(generation: Generation) -> QuerySet[ReviewDecision]:
    """Every decision about this picture and every change of one, oldest first."""
    return ReviewDecision.objects.filter(generation=generation).select_related("teacher")


def extra_pictures_given(assignment: Assignment) -> QuerySet[ExtraPictures]:
    """The students of an assignment who have extra pictures now, for its teacher's page."""
    return (
        ExtraPictures.objects.filter(assignment=assignment, count__gt=0)
        .select_related("student")
        .order_by("student__first_name", "student__username")
    )

"""Which queued picture is drawn next: round-robin across students, then across classes.

A queue message is a worker's permission to draw one picture, not a promise to draw a
particular one. When a worker has its turn with the provider it takes the fairest
picture that is waiting:

1. students take turns: every student's first picture comes before anyone's second, so
   a student who asked for five cannot push classmates back;
2. among pictures with the same turn, classes take turns: the first of class A, the
   first of class B, the second of class A, and so on, so one big class cannot hold up
   a small one;
3. then the oldest first.

A turn counts from when it starts: pictures being drawn, and those drawn since the
oldest waiting picture joined the line, are turns their student and class have had.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from generation.models import Generation

# How many of the oldest waiting pictures are weighed at each turn. A school has far
# fewer waiting at once; past this the oldest are served first.
FAIR_WINDOW = 500


def waiting_to_draw(now: datetime | None = None) -> QuerySet[Generation]:
    """Queued pictures whose retry backoff, if any, is over."""
    now = now or timezone.now()
    return Generation.objects.filter(status=Generation.Status.QUEUED).filter(
        Q(not_before__isnull=True) | Q(not_before__lte=now)
    )


def fair_order(
    waiting: Iterable[tuple[int, int, int]], turns_taken: Iterable[tuple[int, int]]
) -> list[int]:
    """Ids in the order they should be drawn.

    `waiting` holds (id, student id, class id) oldest first; `drawing` holds (student id,
    class id) of each turn already taken.
    """
    student_turns: Counter[int] = Counter()
    class_turns: Counter[int] = Counter()
    for student_id, classroom_id in turns_taken:
        student_turns[student_id] += 1
        class_turns[classroom_id] += 1
    # A class's n-th picture at the same student turn comes after the turns it had.
    places: Counter[tuple[int, int]] = Counter()
    keyed = []
    for age, (pk, student_id, classroom_id) in enumerate(waiting):
        student_turn = student_turns[student_id]
        student_turns[student_id] += 1
        class_turn = class_turns[classroom_id] + places[(classroom_id, student_turn)]
        places[(classroom_id, student_turn)] += 1
        keyed.append((student_turn, class_turn, age, pk))
    return [pk for *_, pk in sorted(keyed)]


def waiting_in_fair_order() -> list[int]:
    """The waiting pictures' ids, fairest first (two queries)."""
    waiting = list(
        waiting_to_draw()
        .order_by("queued_at", "pk")
        .values_list("pk", "queued_at", "student_id", F("assignment__classroom_id"))[:FAIR_WINDOW]
    )
    if not waiting:
        return []
    oldest_queued_at = waiting[0][1]
    turns_taken = (
        Generation.objects.filter(
            Q(status=Generation.Status.GENERATING) | Q(started_at__gte=oldest_queued_at)
        )
        .exclude(status=Generation.Status.QUEUED)
        .values_list("student_id", F("assignment__classroom_id"))
    )
    return fair_order(
        [(pk, student_id, classroom_id) for pk, _, student_id, classroom_id in waiting],
        turns_taken,
    )

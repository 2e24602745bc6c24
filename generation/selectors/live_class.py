"""The class right now, for its teachers' live page: who is working, what is being drawn,
blocked attempts today and who has turned in. One query per poll however many pictures
the class has made: the class's students, each with their numbers as correlated
subqueries on the (student, assignment) index. Only ever called with a classroom
classrooms.access handed out."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation, TurnIn
from generation.selectors.safety_log import ATTEMPT_LAYERS, start_of_day

# A student who asked for a picture this recently is working, even with none on its way.
WORKING_WINDOW = timedelta(minutes=5)


def _count(rows: QuerySet[Generation] | QuerySet[TurnIn], field: str = "pk") -> Coalesce:
    counted = rows.order_by().values("student").annotate(n=Count(field, distinct=True))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


@dataclass(frozen=True)
class LiveStudent:
    student: User
    drawing: int  # pictures queued or being drawn
    drawing_prompt: str  # the newest of them
    last_asked_at: datetime | None
    blocked_today: int
    turned_in: int  # open assignments they turned something in for
    working: bool
    asked_just_now: bool  # in the last minute: "0 minutes ago" says nothing to a teacher


@dataclass(frozen=True)
class LiveClass:
    classroom: Classroom
    now: datetime
    students: list[LiveStudent]  # working first, then by name
    assignments_to_turn_in: int  # open assignments that ask for a turn-in

    @property
    def working_count(self) -> int:
        return sum(1 for row in self.students if row.working)

    @property
    def drawing_count(self) -> int:
        return sum(row.drawing for row in self.students)

    @property
    def blocked_today(self) -> int:
        return sum(row.blocked_today for row in self.students)

    @property
    def turned_in_count(self) -> int:
        """Students who turned in for every open assignment that asks for it."""
        if not self.assignments_to_turn_in:
            return 0
        return sum(1 for row in self.students if row.turned_in >= self.assignments_to_turn_in)


def live_class(*, classroom: Classroom, now: datetime) -> LiveClass:
    """One query: the class's students annotated with their live numbers."""
    theirs = Generation.objects.filter(
        student=OuterRef("pk"), assignment__classroom_id=classroom.pk
    )
    on_its_way = theirs.filter(status__in=Generation.IN_PROGRESS)
    blocked = theirs.filter(
        status=Generation.Status.BLOCKED,
        safety_layer__in=ATTEMPT_LAYERS,
        created_at__gte=start_of_day(now),
    )
    to_turn_in = Assignment.objects.filter(
        classroom_id=classroom.pk, is_open=True, turn_in_limit__gt=0
    )
    turned_in = TurnIn.objects.filter(
        student=OuterRef("pk"), assignment__in=to_turn_in.values("pk")
    )
    open_count = to_turn_in.order_by().values("classroom").annotate(n=Count("pk")).values("n")
    rows = (
        classroom.students.annotate(
            drawing=_count(on_its_way),
            drawing_prompt=Subquery(on_its_way.order_by("-created_at").values("prompt")[:1]),
            last_asked_at=Subquery(
                theirs.order_by().values("student").annotate(at=Max("created_at")).values("at")
            ),
            blocked_today=_count(blocked),
            turned_in=_count(turned_in, "assignment"),
            to_turn_in=Coalesce(Subquery(open_count, output_field=IntegerField()), 0),
        )
        .only("pk", "username", "display_name", "first_name", "last_name")
        .order_by("display_name", "username", "pk")
    )
    recent = now - WORKING_WINDOW
    students = []
    to_turn_in_count = 0
    for row in rows:
        to_turn_in_count = row.to_turn_in
        students.append(
            LiveStudent(
                student=row,
                drawing=row.drawing,
                drawing_prompt=row.drawing_prompt or "",
                last_asked_at=row.last_asked_at,
                blocked_today=row.blocked_today,
                turned_in=row.turned_in,
                working=bool(row.drawing)
                or (row.last_asked_at is not None and row.last_asked_at >= recent),
                asked_just_now=row.last_asked_at is not None
                and row.last_asked_at >= now - timedelta(minutes=1),
            )
        )
    students.sort(key=lambda live: not live.working)  # stable: names stay in order
    return LiveClass(
        classroom=classroom,
        now=now,
        students=students,
        assignments_to_turn_in=to_turn_in_count,
    )

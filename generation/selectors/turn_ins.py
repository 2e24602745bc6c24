"""What was turned in for an assignment: one student's picks (their page and their
pictures' pages) and the whole class's (the teacher's page), each in a fixed number of
queries however many students or pictures there are. Callers have already asked
classrooms/access.py or generation/access.py who may see these."""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, When
from django.db.models.functions import Coalesce

from classrooms.models import Assignment, User
from generation.access import may_read_caption
from generation.models import TURN_IN_CAPTION_MAX_LENGTH, Generation, TurnIn


@dataclass(frozen=True)
class StudentTurnIns:
    """One student's turned-in pictures for one assignment, and the ones they could add."""

    limit: int
    turn_ins: list[TurnIn]  # oldest first, each with its generation
    eligible: list[Generation]  # drawn pictures that may be turned in and are not yet
    caption_max_length: int = TURN_IN_CAPTION_MAX_LENGTH

    @property
    def count(self) -> int:
        return len(self.turn_ins)

    @property
    def has_room(self) -> bool:
        return self.count < self.limit


def student_turn_ins(*, student: User, assignment: Assignment) -> StudentTurnIns:
    """Two queries: the student's turn-ins with their pictures, and the pictures left."""
    turn_ins = list(
        TurnIn.objects.filter(student=student, assignment=assignment).select_related("generation")
    )
    eligible = list(
        Generation.objects.filter(
            student=student,
            assignment=assignment,
            status__in=TurnIn.statuses_for(assignment),
        )
        .exclude(image="")
        .exclude(pk__in=[turn_in.generation_id for turn_in in turn_ins])
        .order_by("-created_at")
    )
    return StudentTurnIns(limit=assignment.turn_in_limit, turn_ins=turn_ins, eligible=eligible)


@dataclass(frozen=True)
class StudentRow:
    student: User
    turn_ins: list[TurnIn]


@dataclass(frozen=True)
class ClassTurnIns:
    """Every student of an assignment's class, with what they turned in (maybe nothing)."""

    rows: list[StudentRow]

    @property
    def student_count(self) -> int:
        return len(self.rows)

    @property
    def turned_in_count(self) -> int:
        """Students who turned in at least one picture."""
        return sum(1 for row in self.rows if row.turn_ins)


def class_turn_ins(*, assignment: Assignment) -> ClassTurnIns:
    """Two queries whatever the class size: the students, then every turn-in with its
    picture. Students who left the class are not listed."""
    picks = (
        TurnIn.objects.filter(assignment=assignment)
        .select_related("generation")
        .order_by("created_at", "pk")
    )
    students = (
        assignment.classroom.students.order_by("display_name", "username", "pk")
        .prefetch_related(Prefetch("turn_ins", queryset=picks, to_attr="turned_in"))
        .only("pk", "username", "display_name", "first_name", "last_name")
    )
    return ClassTurnIns(
        rows=[StudentRow(student=student, turn_ins=student.turned_in) for student in students]
    )


@dataclass(frozen=True)
class PictureTurnIn:
    """Turning in, as one picture's page shows it (from with_turn_in's annotations)."""

    turn_in_id: int | None  # None: not turned in, or the viewer may not know
    caption: str
    count: int  # how many its author turned in for its assignment
    limit: int
    may_turn_in: bool  # its author may turn it in now (the open/closed rule aside)
    waits_for_teacher: bool  # it could be turned in once approved
    hand_is_full: bool  # it could be turned in, but as many as the limit already are
    caption_max_length: int = TURN_IN_CAPTION_MAX_LENGTH


def with_turn_in(generations: QuerySet[Generation], *, viewer: User) -> QuerySet[Generation]:
    """Pictures annotated, in the same query, with turn_in_id and turn_in_caption (null
    unless the viewer may read them: generation/access.py) and author_turn_in_count
    (its author's turn-ins for its assignment)."""
    own = TurnIn.objects.filter(generation=OuterRef("pk"))
    by_author = (
        TurnIn.objects.filter(student=OuterRef("student_id"), assignment=OuterRef("assignment_id"))
        .order_by()
        .values("student")
        .annotate(n=Count("pk"))
        .values("n")
    )
    readable = may_read_caption(viewer)
    return generations.annotate(
        turn_in_id=Case(When(readable, then=Subquery(own.values("pk")[:1]))),
        turn_in_caption=Case(When(readable, then=Subquery(own.values("caption")[:1]))),
        author_turn_in_count=Coalesce(Subquery(by_author, output_field=IntegerField()), 0),
    )


def picture_turn_in(generation: Generation) -> PictureTurnIn:
    """What with_turn_in annotated on this picture, and whether it may be turned in."""
    assignment = generation.assignment
    turn_in_id: int | None = getattr(generation, "turn_in_id", None)
    count: int = getattr(generation, "author_turn_in_count", 0)
    open_to_it = turn_in_id is None and generation.has_image
    has_room = count < assignment.turn_in_limit
    eligible = open_to_it and generation.status in TurnIn.statuses_for(assignment)
    return PictureTurnIn(
        turn_in_id=turn_in_id,
        caption=getattr(generation, "turn_in_caption", None) or "",
        count=count,
        limit=assignment.turn_in_limit,
        may_turn_in=eligible and has_room,
        waits_for_teacher=open_to_it
        and has_room
        and assignment.requires_approval
        and generation.status == Generation.Status.AWAITING_REVIEW,
        hand_is_full=eligible and not has_room and assignment.turn_in_limit > 0,
    )

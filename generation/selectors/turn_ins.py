"""What was turned in for an assignment: one student's picks (their page and their
pictures' pages) and the whole class's (the teacher's page), each in a fixed number of
queries however many students or pictures there are. Callers have already asked
classrooms/access.py or generation/access.py who may see these."""

from dataclasses import dataclass

from django.db.models import Prefetch

from classrooms.models import Assignment, User
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

    def of(self, generation: Generation) -> TurnIn | None:
        return next((t for t in self.turn_ins if t.generation_id == generation.pk), None)

    def may_add(self, generation: Generation) -> bool:
        return self.has_room and any(g.pk == generation.pk for g in self.eligible)


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


def picture_turn_in(*, generation: Generation) -> TurnIn | None:
    """The turn-in of one picture, if it was turned in (its page, for a teacher)."""
    return TurnIn.objects.filter(generation=generation).first()


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

"""What an export holds, and an assignment's exports: each in one query however many
pictures or exports there are. Callers have asked classrooms/access.py first."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from classrooms.models import Assignment, User
from generation.exports.models import Export, ExportSource
from generation.models import Generation, TurnIn
from generation.providers.registry import makes_ai_pictures


@dataclass(frozen=True)
class ExportPicture:
    """One picture as the class book and the spreadsheet show it."""

    generation_id: int
    first_name: str
    caption: str  # what the student wrote when turning it in; empty if not turned in
    prompt: str
    created_at: datetime
    made_by_ai: bool
    image_name: str  # the stored, signed original
    thumbnail_name: str


def first_name_of(student: User) -> str:
    """Only a first name leaves the site: the account's first name as written ("María
    José" is one), else the first word of the name the teacher sees."""
    if student.first_name.strip():
        return student.first_name.strip()
    name = str(student).strip()
    return name.split()[0] if name else student.username


def _pictures(assignment: Assignment, source: str) -> QuerySet[Generation]:
    turned_in = TurnIn.objects.filter(generation=OuterRef("pk"))
    pictures = Generation.objects.filter(assignment=assignment).exclude(image="")
    if source == ExportSource.TURNED_IN:
        # Turned in, and still in a state that may be turned in: a picture whose approval
        # was taken back since is out of the book.
        return pictures.filter(Exists(turned_in), status__in=TurnIn.statuses_for(assignment))
    return pictures.filter(status=Generation.Status.APPROVED)


def export_picture_count(*, assignment: Assignment, source: str) -> int:
    return _pictures(assignment, source).count()


def export_pictures(*, assignment: Assignment, source: str) -> list[ExportPicture]:
    """The pictures, in name order then oldest first; one query."""
    caption = TurnIn.objects.filter(generation=OuterRef("pk")).order_by("created_at", "pk")
    rows = (
        _pictures(assignment, source)
        .select_related("student")
        .annotate(book_caption=Subquery(caption.values("caption")[:1]))
        .only(
            "pk",
            "prompt",
            "created_at",
            "provider",
            "image",
            "thumbnail",
            "student__username",
            "student__first_name",
            "student__last_name",
            "student__display_name",
        )
    )
    pictures = [
        ExportPicture(
            generation_id=row.pk,
            first_name=first_name_of(row.student),
            caption=row.book_caption or "",
            prompt=row.prompt,
            created_at=row.created_at,
            made_by_ai=makes_ai_pictures(row.provider),
            image_name=row.image.name or "",
            thumbnail_name=row.thumbnail.name or "",
        )
        for row in rows
    ]
    return sorted(pictures, key=lambda p: (p.first_name.casefold(), p.created_at, p.generation_id))


def assignment_exports(*, assignment: Assignment) -> QuerySet[Export]:
    """Every export of the assignment, newest first, with who asked (one query)."""
    return Export.objects.filter(assignment=assignment).select_related("teacher")

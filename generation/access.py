"""Which pictures a person may see or act on: every picture rule, built on the
membership predicates of classrooms/access.py. Views ask here first.

Anything a person may not see is a 404, so a guessed link reveals nothing.
"""

from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from classrooms.access import attending, teaching
from classrooms.models import Assignment, User
from generation.models import Export, Generation, TurnIn


def _its_class(user: User, predicate: Callable[[User, str], Exists]) -> Exists:
    """A membership predicate about a picture's class, through its assignment: nested
    EXISTS rather than a join, so a query for one picture by its key stays a join-free
    primary-key lookup and no row repeats."""
    assignments = Assignment.objects.filter(
        predicate(user, "classroom"), pk=OuterRef("assignment_id")
    )
    return Exists(assignments)


# Everything the live status card (generation/_generation_card.html) reads, and no more.
STATUS_CARD_FIELDS = (
    "status",
    "prompt",
    "thumbnail",
    "error_message",
    "rejection_reason",
    # A new teacher's decision ("New" on the card) and a try given back.
    "decision_unseen",
    "try_given_back",
    # Whose it is and where it belongs ("Start from this prompt"), which layer stopped it
    # (the words a list stopped are marked), and what the model understood
    # (generation/_prompt_understood.html), once it is drawn.
    "student",
    "assignment",
    "safety_layer",
    "revised_prompt",
    "provider",
    # The picture so far, shown to its owner only while it is being drawn.
    "partial_image",
)


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
    rule = Q(student=user) | Q(_its_class(user, teaching))
    if not in_detail:
        rule |= Q(_its_class(user, attending), status=Generation.Status.APPROVED)
    return generations.filter(rule)


def generations_visible_to(user: User) -> QuerySet[Generation]:
    """Every generation this person may open: own work, their classes, approved class work."""
    generations = Generation.objects.select_related("student", "assignment__classroom")
    return _visible(generations, user, in_detail=False)


def generations_in_detail_for(user: User) -> QuerySet[Generation]:
    """Generations whose prompt, status and detail this person may read: own and taught."""
    generations = Generation.objects.select_related("student", "assignment__classroom")
    return _visible(generations, user, in_detail=True)


def generations_taught_by(teacher: User) -> QuerySet[Generation]:
    """Every picture of the classes this person teaches, blocked attempts included: what a
    teacher reviews and lists. Teaching only; admins use the admin."""
    return Generation.objects.filter(_its_class(teacher, teaching))


def generation_page_for(user: User, generation_id: int) -> QuerySet[Generation]:
    """The one picture an image page shows, if this person may open it, carrying what the
    page needs to know about them in the same query: viewer_sees_details (the in-detail
    rule above) and viewer_teaches (a teacher of its class: the review panel), and
    has_edits (whether a chain of changes hangs from it: selectors/edits.py)."""
    generation = generations_visible_to(user).filter(pk=generation_id)
    if not user.is_authenticated:
        return generation  # already empty
    in_detail = generations_in_detail_for(user).filter(pk=OuterRef("pk"))
    return generation.annotate(
        viewer_teaches=_its_class(user, teaching),
        viewer_sees_details=Exists(in_detail),
        has_edits=Exists(Generation.objects.filter(parent=OuterRef("pk"))),
    )


def generation_status_for(user: User, generation_id: int) -> QuerySet[Generation]:
    """The one row a status poll may read (the in-detail rule), in a single primary-key
    query reading only what the status card shows."""
    # The assignment comes along (the card's buttons ask whether it allows edits).
    generation = (
        Generation.objects.filter(pk=generation_id)
        .select_related("assignment")
        .only(*STATUS_CARD_FIELDS, "assignment__id", "assignment__editing_allowed")
    )
    return _visible(generation, user, in_detail=True)


def generation_for_viewer(user: User, generation_id: int) -> Generation:
    return get_object_or_404(generations_visible_to(user), pk=generation_id)


def generation_for_page(user: User, generation_id: int) -> Generation:
    """As generation_for_viewer, with viewer_teaches and viewer_sees_details for its page."""
    return get_object_or_404(generation_page_for(user, generation_id))


def generation_status_card_for(user: User, generation_id: int) -> Generation:
    """The same people as generations_in_detail_for, in the one query a status poll makes."""
    return get_object_or_404(generation_status_for(user, generation_id))


def own_generations(user: User) -> QuerySet[Generation]:
    """A student's own pictures: the only ones they may reuse ("Start from this prompt",
    "Another version")."""
    return Generation.objects.filter(student=user)


def own_generation_in(user: User, assignment: Assignment, generation_id: str) -> Generation | None:
    """The student's own picture of this assignment with this id (from a query string),
    or None: a classmate's, another assignment's or a made-up id is quietly ignored, so
    nothing about it shows."""
    if not (generation_id.isascii() and generation_id.isdigit() and len(generation_id) < 19):
        return None
    return own_generations(user).filter(assignment=assignment, pk=int(generation_id)).first()


def own_generation_for(user: User, generation_id: int) -> Generation:
    """One of the student's own pictures, with its assignment and class; else 404."""
    return get_object_or_404(
        own_generations(user).select_related("assignment__classroom"), pk=generation_id
    )


def partial_for_owner(user: User, generation_id: int) -> Generation:
    """The picture so far of one of the student's own pictures still being drawn; else
    404. Only its owner: not classmates, teachers or admins (it was never reviewed)."""
    generation = get_object_or_404(
        own_generations(user).only("pk", "student", "status", "partial_image"),
        pk=generation_id,
        status__in=Generation.IN_PROGRESS,
    )
    if not generation.partial_image:
        raise Http404
    return generation


def generation_for_reviewer(user: User, generation_id: int) -> Generation:
    return get_object_or_404(
        generations_taught_by(user).select_related("assignment__classroom", "student"),
        pk=generation_id,
    )


def may_read_caption(user: User) -> Q:
    """On pictures: who reads what a student wrote when turning one in. The student and
    their class's teachers; not classmates, not even admins on the site's pages."""
    return Q(student_id=user.pk) | Q(_its_class(user, teaching))


def turn_in_for_student(user: User, turn_in_id: int) -> TurnIn | None:
    """One of this student's own turn-ins, or None: gone already (a second click on
    "Take back") or never theirs, which a page must not tell apart."""
    return (
        TurnIn.objects.filter(student_id=user.pk, pk=turn_in_id)
        .select_related("assignment", "generation")
        .first()
    )


def export_for_teacher(user: User, export_id: int) -> Export:
    """An export of an assignment in a class this person teaches, whoever of its teachers
    asked for it; else 404. Teaching only: not admins on the site's pages, not students."""
    exports = Export.objects.select_related("assignment__classroom", "teacher").filter(
        Exists(Assignment.objects.filter(teaching(user, "classroom"), pk=OuterRef("assignment_id")))
    )
    return get_object_or_404(exports, pk=export_id)

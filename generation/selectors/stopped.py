"""Which of a blocked prompt's words the disallow lists stopped, for the pages that show it.

Worked out when the page is shown, not stored: the lists are compiled and cached per
version anyway, so it costs a look-up per blocked prompt; a word a teacher has allowed
since is no longer marked, and one blocked since is (what matters to a child about to
rephrase is what the lists stop now); and it needs no write in the submission or worker
paths. Only the student's own characters are ever marked, never a list's term.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from classrooms.models import Assignment
from generation.models import Generation, SafetySettings
from generation.safety import list_matchers
from generation.safety.matching import stopped_spans

# Stops decided by a disallow list: the only ones with words to mark.
LIST_LAYERS = (
    Generation.SafetyLayer.SCHOOL_LIST,
    Generation.SafetyLayer.CATEGORY,
    Generation.SafetyLayer.CLASS_LIST,
)


@dataclass(frozen=True)
class PromptPart:
    """A stretch of the student's prompt, and whether the lists stopped it."""

    text: str
    stopped: bool


def prompt_parts(text: str, spans: Iterable[tuple[int, int]]) -> list[PromptPart]:
    """The text cut at the spans, in order: every character once, stopped or not."""
    parts: list[PromptPart] = []
    position = 0
    for begin, end in spans:
        if begin > position:
            parts.append(PromptPart(text[position:begin], stopped=False))
        parts.append(PromptPart(text[begin:end], stopped=True))
        position = end
    if position < len(text):
        parts.append(PromptPart(text[position:], stopped=False))
    return parts


def with_stopped_words(generations: Iterable[Generation]) -> None:
    """Give each generation a `stopped_parts` list: its prompt in parts with the stopped
    words marked where a list blocked it and the school shows them, else empty.

    The same few queries however many generations: the settings, their assignments'
    classes and each class's list version, and only if one was blocked by a list.
    """
    rows = list(generations)
    for generation in rows:
        generation.stopped_parts = []  # type: ignore[attr-defined]
    blocked = [
        g
        for g in rows
        if g.status == Generation.Status.BLOCKED and g.safety_layer in LIST_LAYERS and g.prompt
    ]
    if not blocked or not SafetySettings.current().show_stopped_words:
        return
    classroom_of = {
        assignment.pk: assignment.classroom
        for assignment in Assignment.objects.filter(
            pk__in={g.assignment_id for g in blocked}
        ).select_related("classroom")
    }
    matchers = {
        classroom.pk: list_matchers(classroom)
        for classroom in {c.pk: c for c in classroom_of.values()}.values()
    }
    for generation in blocked:
        classroom = classroom_of[generation.assignment_id]
        spans = stopped_spans(generation.prompt, matchers[classroom.pk])
        if spans:
            generation.stopped_parts = prompt_parts(generation.prompt, spans)  # type: ignore[attr-defined]

"""The same idea in several styles: which art styles a request may use, one picture each.

`generation_submit` asks `comparison_options` for the options each picture adds; the
pictures then go through every rule and safety layer like any others.
"""

import uuid
from collections.abc import Sequence

from django.core.exceptions import ValidationError

from classrooms.models import Assignment, User
from generation import messages
from generation.models import Generation
from generation.selectors import pictures_left
from generation.selectors.art_styles import active_art_styles
from generation.selectors.comparisons import ART_STYLE_KEY, ART_STYLE_WORDS_KEY, COMPARISON_KEY

LEAST_STYLES = 2
MOST_STYLES = 4


def comparison_options(
    *, student: User, assignment: Assignment, names: Sequence[str]
) -> list[dict[str, str]]:
    """What each picture of a comparison adds to its options (its style's name and words,
    and one id shared by all), in the admin's order of styles; [] when none was picked.

    Raises ValidationError with a kind message, before anything is saved, when the
    assignment offers no comparison, too few or too many styles were picked, a style is
    not (or no longer) active, or fewer pictures are left than styles picked. The quota
    is checked again, under the student's lock, when the pictures are made.
    """
    picked = list(dict.fromkeys(str(name) for name in names if str(name).strip()))
    if not picked:
        return []
    if not assignment.style_comparison_allowed:
        raise ValidationError(messages.STYLES_NOT_OFFERED, code="styles")
    if not LEAST_STYLES <= len(picked) <= MOST_STYLES:
        raise ValidationError(
            messages.STYLES_HOW_MANY,
            code="styles",
            params={"least": LEAST_STYLES, "most": MOST_STYLES},
        )
    styles = list(active_art_styles().filter(name__in=picked))
    if len(styles) != len(picked):
        raise ValidationError(messages.STYLE_NOT_AVAILABLE, code="styles")
    remaining = pictures_left(student=student, assignment=assignment)
    # None left at all: the usual "you have made all your pictures" says it best.
    if remaining == 1:
        raise ValidationError(messages.STYLES_ONE_LEFT, code="quota")
    if 1 < remaining < len(picked):
        raise ValidationError(
            messages.STYLES_NOT_ENOUGH_LEFT, code="quota", params={"remaining": remaining}
        )
    comparison = uuid.uuid4().hex
    return [
        {
            ART_STYLE_KEY: style.name,
            ART_STYLE_WORDS_KEY: style.prompt_words,
            COMPARISON_KEY: comparison,
        }
        for style in styles
    ]


def same_art_style(generation: Generation) -> list[dict[str, str]]:
    """One more picture in the art style `generation` was drawn in ([] if it had none);
    on its own, not part of the comparison it came from."""
    if ART_STYLE_KEY not in generation.options:
        return []
    kept = (ART_STYLE_KEY, ART_STYLE_WORDS_KEY)
    return [{key: generation.options[key] for key in kept if key in generation.options}]

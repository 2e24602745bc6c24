"""The art styles Edu4All ships with: seed data for the migration (and a regenerated one).

Names are English data an admin may change; they are also marked for translation so a
school in another language sees the shipped ones in its own words.
"""

from typing import Any

from django.utils.translation import gettext_noop

# (name, words that finish "Draw the picture …"), in the order students see them.
DEFAULT_ART_STYLES: tuple[tuple[str, str], ...] = (
    (gettext_noop("Watercolour"), "in the style of a watercolour painting"),
    (gettext_noop("Oil painting"), "in the style of an oil painting"),
    (gettext_noop("Pencil sketch"), "as a pencil sketch"),
    (gettext_noop("3D render"), "as a 3D render"),
    (gettext_noop("Pixel art"), "as pixel art"),
    (gettext_noop("Comic book"), "in the style of a comic book"),
    (gettext_noop("Collage"), "as a paper collage"),
    (gettext_noop("Clay model"), "as a clay model"),
)
ORDER_STEP = 10  # room for an admin to put a style in between


def art_styles_seed(model: Any) -> int:
    """Add the shipped styles that are missing (by name) to `model`, the real ArtStyle or
    a migration's historical one; return how many were added."""
    added = 0
    for position, (name, words) in enumerate(DEFAULT_ART_STYLES, start=1):
        _style, created = model.objects.get_or_create(
            name=name, defaults={"prompt_words": words, "order": position * ORDER_STEP}
        )
        added += created
    return added

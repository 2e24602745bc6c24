"""A page of pictures with each comparison (one idea in several styles) kept together."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from generation.models import Generation

# The keys generation_submit writes into each picture of a comparison's options.
COMPARISON_KEY = "comparison"
ART_STYLE_KEY = "art_style"
ART_STYLE_WORDS_KEY = "art_style_words"


@dataclass
class PictureRow:
    """One entry of a page: a single picture, or the pictures of one comparison."""

    generation: Generation
    comparison: list[Generation] = field(default_factory=list)


def comparison_rows(generations: Iterable[Generation]) -> list[PictureRow]:
    """The pictures in their order, a comparison's pictures in one row where its first
    one appears, in the order the styles were picked. No queries: the rows are read."""
    rows: list[PictureRow] = []
    groups: dict[str, PictureRow] = {}
    for generation in generations:
        key = str((generation.options or {}).get(COMPARISON_KEY) or "")
        if not key:
            rows.append(PictureRow(generation=generation))
            continue
        row = groups.get(key)
        if row is None:
            row = groups[key] = PictureRow(generation=generation)
            rows.append(row)
        row.comparison.append(generation)
    for row in groups.values():
        row.comparison.sort(key=lambda picture: picture.pk)
    return rows

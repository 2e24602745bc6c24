"""The chain of edits around a picture: what it was changed from, and what was made of it."""

from dataclasses import dataclass, field

from classrooms.models import User
from generation.access import generations_visible_to
from generation.models import Generation

# Deeper chains are possible; a page shows the closest ones.
MAX_CHAIN = 10
_CHAIN_FIELDS = ("pk", "parent_id", "prompt", "status", "thumbnail", "created_at")


@dataclass(frozen=True)
class EditChain:
    ancestors: list[Generation] = field(default_factory=list)  # the original first
    edits: list[Generation] = field(default_factory=list)  # made from this one, oldest first

    @property
    def is_empty(self) -> bool:
        return not self.ancestors and not self.edits


def edit_chain_for(generation: Generation, viewer: User) -> EditChain:
    """The pictures around `generation` that `viewer` may see (a classmate sees only the
    approved ones, like anywhere else); a hidden step ends the chain there."""
    # The image page's query says whether it has edits (access.generation_page_for).
    has_edits = getattr(generation, "has_edits", None)
    if has_edits is None:
        has_edits = generation.edits.exists()
    if generation.parent_id is None and not has_edits:
        return EditChain()
    visible = generations_visible_to(viewer).select_related(None).only(*_CHAIN_FIELDS)
    ancestors: list[Generation] = []
    parent_id = generation.parent_id
    while parent_id is not None and len(ancestors) < MAX_CHAIN:
        parent = visible.filter(pk=parent_id).first()
        if parent is None:
            break
        ancestors.append(parent)
        parent_id = parent.parent_id
    ancestors.reverse()
    edits = list(visible.filter(parent_id=generation.pk).order_by("created_at")[:MAX_CHAIN])
    return EditChain(ancestors=ancestors, edits=edits)

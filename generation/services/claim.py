"""A worker takes a waiting picture for itself: by id, or the fairest one in the line."""

from generation import lifecycle
from generation.models import Generation
from generation.services.dispatch import waiting_in_fair_order


def generation_claim(*, generation_id: int) -> Generation | None:
    """Move a queued generation to generating; None if missing or someone else has it."""
    if not lifecycle.claim(generation_id=generation_id):
        return None
    # The class comes along in the same query: the lists are checked again before drawing.
    return Generation.objects.select_related("assignment__classroom", "student").get(
        pk=generation_id
    )


def generation_claim_fairest() -> Generation | None:
    """Claim the fairest waiting picture (see dispatch.py); None if nothing is waiting.

    If other workers claimed every picture in the line as it was read, it is read again:
    a picture queued meanwhile has a message that one of them took instead, so giving up
    here would leave it waiting for the stale sweep.
    """
    while waiting := waiting_in_fair_order():
        for pk in waiting:
            generation = generation_claim(generation_id=pk)
            if generation is not None:
                return generation
    return None

"""A drawing message waits for a turn with the provider, then draws the fairest picture.

The message names one picture, but under the provider's quota a classmate's may go first;
this one is drawn by a later message (see dispatch.py for the order).
"""

import logging
import time

from django.utils import timezone

from generation.models import Generation
from generation.providers import get_provider
from generation.quota import QuotaUnavailable, quota_for
from generation.services.claim import generation_claim_fairest
from generation.services.dispatch import waiting_to_draw
from generation.services.drawing import generation_draw
from generation.services.outcome import DONE, RunOutcome

logger = logging.getLogger(__name__)

# A worker thread waits this long at most for its turn with the provider; past it, the
# message comes back later (so a long line never holds a prefork process for minutes).
MAX_WAIT_FOR_TURN_SECONDS = 30.0
QUOTA_UNAVAILABLE_RETRY_SECONDS = 5.0
# Under a quota, time allowed between a turn's start and the request leaving.
PREPARE_SECONDS = 0.3


def generation_draw_next(*, generation_id: int) -> RunOutcome:
    """Wait for a turn with the provider, then draw the fairest waiting picture.

    `generation_id` is the message's own picture: usually the one drawn, and the one whose
    backoff decides when the message comes back if nothing can be drawn now.
    """
    quota = quota_for(get_provider())
    if quota.limited and not waiting_to_draw().exists():
        return _nothing_waiting(generation_id)  # no turn taken for nothing
    try:
        turn = quota.take_turn(max_wait=MAX_WAIT_FOR_TURN_SECONDS)
    except QuotaUnavailable as exc:
        logger.warning("provider quota unavailable (%s); trying again shortly", exc)
        return RunOutcome(retry_in=QUOTA_UNAVAILABLE_RETRY_SECONDS)
    if not turn.booked:
        # The line is long: come back shortly before this message's turn could come.
        return RunOutcome(retry_in=min(max(turn.wait - MAX_WAIT_FOR_TURN_SECONDS, 1.0), 60.0))
    # The request leaves a fixed moment after the turn starts, however long claiming,
    # composing and moderation took, so requests stay as evenly spaced as the turns.
    depart_at = time.monotonic() + turn.wait + PREPARE_SECONDS if quota.limited else None
    if turn.wait:
        time.sleep(turn.wait)
    generation = generation_claim_fairest()
    if generation is None:
        quota.give_back(turn)
        return _nothing_waiting(generation_id)
    return generation_draw(generation, depart_at=depart_at)


def _nothing_waiting(generation_id: int) -> RunOutcome:
    """Nothing to draw now; unless this message's own picture is still in its backoff."""
    not_before = (
        Generation.objects.filter(pk=generation_id, status=Generation.Status.QUEUED)
        .values_list("not_before", flat=True)
        .first()
    )
    if not_before is not None and not_before > timezone.now():
        return RunOutcome(retry_in=(not_before - timezone.now()).total_seconds())
    logger.info("nothing waiting to draw for message of generation %s", generation_id)
    return DONE

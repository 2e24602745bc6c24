"""The worker's side: claim, check the lists, moderate, compose, call the provider, store."""

import hashlib
import logging
import random
import time
from dataclasses import dataclass
from datetime import timedelta

import redis
from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import F, Q
from django.utils import timezone
from PIL import Image

from generation import messages
from generation.capabilities import active_capabilities, capabilities_for
from generation.images import store_images, verified_image
from generation.models import Generation
from generation.pricing import estimate_cost
from generation.providers import FailureKind, ImageRequest, ProviderError, get_provider
from generation.ratelimit import images_per_minute_for
from generation.safety import active_metaprompt, check_prompt, compose_prompt
from generation.safety.moderation import moderate_image, moderate_text, moderation_switches
from generation.safety.notify import notify_if_student_keeps_trying
from generation.services.dispatch import waiting_in_fair_order, waiting_to_draw

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 2.0
RETRY_CAP_SECONDS = 60.0
# A worker thread waits this long at most for its turn with the provider; past it, the
# message comes back later (so a long line never holds a prefork process for minutes).
MAX_WAIT_FOR_TURN_SECONDS = 30.0
QUOTA_UNAVAILABLE_RETRY_SECONDS = 5.0
# Under a quota, time allowed between a turn's start and the request leaving.
PREPARE_SECONDS = 0.3


@dataclass(frozen=True)
class RunOutcome:
    """What the task should do next: nothing, or try again after `retry_in` seconds."""

    retry_in: float | None = None


DONE = RunOutcome()


def generation_claim(*, generation_id: int) -> Generation | None:
    """Move a queued generation to generating; None if missing or someone else has it."""
    claimed = Generation.objects.filter(pk=generation_id, status=Generation.Status.QUEUED).update(
        status=Generation.Status.GENERATING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
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


def generation_run(*, generation_id: int) -> RunOutcome:
    """Wait for a turn with the provider, then draw the fairest waiting picture.

    The message's own picture is usually the one drawn; when the provider's quota makes
    pictures wait, a classmate's may go first and this one is drawn by a later message.
    """
    quota = images_per_minute_for(settings.IMAGE_PROVIDER)
    if quota.limited and not waiting_to_draw().exists():
        return _nothing_waiting(generation_id)  # no turn taken for nothing
    try:
        turn = quota.take_turn(max_wait=MAX_WAIT_FOR_TURN_SECONDS)
    except redis.RedisError as exc:
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
    return _draw(generation, depart_at=depart_at)


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


def _draw(generation: Generation, *, depart_at: float | None = None) -> RunOutcome:
    """Check the lists, compose, moderate, call the provider, store, move the status on."""
    try:
        if _blocked_by_lists(generation):
            return DONE
        _compose_final_prompt(generation)
        moderation_on = moderation_switches()
        if moderation_on.prompt:
            moderation = moderate_text(generation.prompt)
            if moderation.flagged:
                # Stopped before any picture is asked for: blocked, never sent, no quota.
                if generation.mark_blocked(
                    message=str(messages.PROMPT_BLOCKED),
                    layer=Generation.SafetyLayer.MODERATION,
                    rule=moderation.rule,
                ):
                    notify_if_student_keeps_trying(generation=generation)
                return DONE
        provider = get_provider()
        request = ImageRequest(
            prompt=generation.final_prompt,
            size=generation.size,
            quality=generation.options.get("quality", ""),
            style=generation.options.get("style", ""),
            user_hash=student_hash(generation.student_id),
        )
        if depart_at is not None:
            time.sleep(max(0.0, depart_at - time.monotonic()))
        # Outside any transaction: the call takes seconds and holds no locks.
        result = provider.generate(request)
        image = verified_image(
            result.image_bytes, expected_size=request.size if provider.checks_size else None
        )
        if moderation_on.image:
            mime_type = Image.MIME.get(image.format or "PNG", "image/png")
            moderation = moderate_image(result.image_bytes, mime_type=mime_type)
            if moderation.flagged:
                generation.mark_filtered(
                    message=str(messages.GENERATION_IMAGE_FILTERED),
                    detail=f"Picture moderation flagged: {moderation.rule}",
                    layer=Generation.SafetyLayer.IMAGE_MODERATION,
                    rule=moderation.rule,
                )
                return DONE
        original, thumbnail = store_images(
            student_id=generation.student_id,
            generation_id=generation.pk,
            data=result.image_bytes,
            image=image,
        )
    except ProviderError as exc:
        return _handle_provider_error(generation, exc)
    except Exception as exc:
        logger.exception("generation %s failed unexpectedly", generation.pk)
        _finish_failed(
            generation,
            detail=f"{type(exc).__name__}: {exc}",
            message=str(_message_for_unexpected(exc)),
        )
        return DONE

    cost = estimate_cost(
        provider=provider.name,
        model=result.model,
        size=generation.size,
        # A model asked for no quality draws at its first (standard) one.
        quality=generation.options.get("quality")
        or next(iter(capabilities_for(result.model).qualities), ""),
        usage=result.usage,
    )
    status = (
        Generation.Status.AWAITING_REVIEW
        if generation.assignment.requires_approval
        else Generation.Status.APPROVED
    )
    finished = generation.as_read().update(
        image=original,
        thumbnail=thumbnail,
        revised_prompt=result.revised_prompt,
        provider=provider.name,
        model=result.model,
        usage=result.usage,
        estimated_cost=cost,
        status=status,
        finished_at=timezone.now(),
        error_message="",
        error_detail="",
    )
    if not finished:
        for name in (original, thumbnail):
            default_storage.delete(name)
        logger.info("generation %s was taken over while drawing; result dropped", generation.pk)
        return DONE
    generation.status = status
    logger.info("generation %s finished as %s", generation.pk, generation.status)
    return DONE


def _blocked_by_lists(generation: Generation) -> bool:
    """The lists again, as they are now: a term added while the picture waited in the
    queue, or for a retry, stops it here, before moderation or any picture is asked for."""
    verdict = check_prompt(generation.prompt, classroom=generation.assignment.classroom)
    if verdict.allowed:
        return False
    if generation.mark_blocked(
        message=str(messages.PROMPT_BLOCKED), layer=verdict.layer, rule=verdict.rule
    ):
        logger.info("generation %s blocked in the worker by the %s", generation.pk, verdict.layer)
        notify_if_student_keeps_trying(generation=generation)
    return True


def _compose_final_prompt(generation: Generation) -> None:
    metaprompt = active_metaprompt()
    # The model that will draw it now, which an admin may have changed since submission.
    composed = compose_prompt(
        metaprompt, generation.prompt, limit=active_capabilities().max_prompt_chars
    )
    generation.metaprompt = metaprompt
    generation.final_prompt = composed.text
    generation.prompt_was_shortened = composed.shortened
    generation.save(update_fields=["metaprompt", "final_prompt", "prompt_was_shortened"])


def _handle_provider_error(generation: Generation, exc: ProviderError) -> RunOutcome:
    if exc.is_filtered:
        message = (
            messages.GENERATION_IMAGE_FILTERED
            if exc.kind is FailureKind.IMAGE_FILTERED
            else messages.GENERATION_FILTERED
        )
        generation.mark_filtered(
            message=str(message),
            detail=exc.detail,
            layer=Generation.SafetyLayer.PROVIDER_FILTER,
            rule=exc.detail.split(":", 1)[0],
        )
        return DONE
    if exc.is_permanent or generation.attempts >= settings.GENERATION_MAX_ATTEMPTS:
        _finish_failed(generation, detail=exc.detail, message=str(messages.GENERATION_FAILED))
        return DONE
    delay = retry_delay(generation.attempts, exc.retry_after)
    generation_requeue(generation=generation, detail=exc.detail, delay=delay)
    return RunOutcome(retry_in=delay)


def _message_for_unexpected(exc: Exception) -> str:
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, SoftTimeLimitExceeded):
        return str(messages.GENERATION_TIMED_OUT)
    return str(messages.GENERATION_FAILED)


def _finish_failed(generation: Generation, *, detail: str, message: str) -> None:
    if generation.mark_failed(message=message, detail=detail):
        logger.info("generation %s failed: %s", generation.pk, detail[:200])


def generation_requeue(*, generation: Generation, detail: str, delay: float = 0.0) -> None:
    """Back in the line, not to be drawn for `delay` seconds (the provider's backoff)."""
    now = timezone.now()
    generation.as_read().update(
        status=Generation.Status.QUEUED,
        queued_at=now,
        not_before=now + timedelta(seconds=delay),
        error_detail=detail,
    )


def retry_delay(attempt: int, retry_after: float | None) -> float:
    """Exponential backoff with full jitter, never sooner than the provider asked."""
    backoff = min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0))
    delay = random.uniform(0, backoff)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return min(delay, RETRY_CAP_SECONDS)


def student_hash(student_id: int) -> str:
    salted = f"{settings.USER_HASH_SALT}:{student_id}".encode()
    return hashlib.sha256(salted).hexdigest()[:32]


def generations_sweep_stale() -> dict[str, int]:
    """Re-enqueue generations stuck in the queue or mid-drawing; fail them after N tries.

    The queue can lose messages (a killed worker, a restarted broker); the database
    cannot, so this periodic sweep is what guarantees nothing stays in progress forever.
    """
    from generation.tasks import generate_image

    deadline = timezone.now() - timedelta(seconds=settings.GENERATION_STALE_AFTER_SECONDS)
    # Queued ones count from when they were queued, drawing ones from when drawing began,
    # so a picture that waited in line is never taken from a worker still drawing it.
    stale = Q(status=Generation.Status.QUEUED, queued_at__lt=deadline) | Q(
        status=Generation.Status.GENERATING, started_at__lt=deadline
    )
    counts = {"requeued": 0, "failed": 0}
    for generation in Generation.objects.filter(stale).only("pk", "attempts"):
        still_stale = Generation.objects.filter(stale, pk=generation.pk)
        if generation.attempts >= settings.GENERATION_MAX_ATTEMPTS:
            counts["failed"] += still_stale.update(
                status=Generation.Status.FAILED,
                error_message=str(messages.GENERATION_TIMED_OUT),
                error_detail="Still unfinished after every attempt; failed by the stale sweep.",
                finished_at=timezone.now(),
            )
            continue
        if still_stale.update(status=Generation.Status.QUEUED, queued_at=timezone.now()):
            generate_image.delay(generation.pk)
            counts["requeued"] += 1
    return counts

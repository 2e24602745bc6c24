"""Every change to a generation goes through these functions: views, tasks, admin alike."""

import hashlib
import logging
import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from classrooms.models import Assignment, User
from generation import messages
from generation.capabilities import active_capabilities, active_model_name, capabilities_for
from generation.images import store_images, verified_image
from generation.models import Generation
from generation.pricing import estimate_cost
from generation.providers import FailureKind, ImageRequest, ProviderError, get_provider
from generation.safety import active_metaprompt, check_prompt, compose_prompt, student_prompt_limit
from generation.selectors import images_used

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 2.0
MAX_PICTURES_PER_REQUEST = 4
RETRY_CAP_SECONDS = 60.0


# --- Submission ------------------------------------------------------------------------


def assignment_submission_problem(*, assignment: Assignment) -> str:
    """Why no new picture may be made for this assignment right now, or ""."""
    if not assignment.is_open:
        return str(messages.ASSIGNMENT_CLOSED)
    if assignment.due_at and assignment.due_at < timezone.now():
        return str(messages.ASSIGNMENT_PAST_DUE)
    return ""


def prompt_length_limit() -> int:
    return student_prompt_limit(active_metaprompt(), active_capabilities().max_prompt_chars)


def allowed_options(assignment: Assignment) -> dict[str, list[str]]:
    """The options a student may pick: what the teacher allowed and the model supports.

    An assignment that allows nothing for an option gets the model's first choice.
    """
    capabilities = active_capabilities()

    def pick(allowed: list[str], supported: tuple[str, ...]) -> list[str]:
        chosen = [value for value in allowed if value in supported]
        return chosen or list(supported[:1])

    return {
        "orientation": pick(assignment.allowed_orientations, tuple(capabilities.sizes)),
        "quality": pick(assignment.allowed_qualities, capabilities.qualities),
        "style": pick(assignment.allowed_styles, capabilities.styles),
    }


def generation_submit(
    *,
    student: User,
    assignment: Assignment,
    prompt: str,
    options: dict[str, str],
    count: int = 1,
) -> list[Generation]:
    """Check a student's request and save it as queued pictures, or as one blocked attempt.

    Each picture is its own record and task, so several pictures from a model that draws
    one per request are made in parallel. Raises ValidationError with a kind message,
    saving nothing, when the request cannot be accepted at all.
    """
    problem = assignment_submission_problem(assignment=assignment)
    if problem:
        raise ValidationError(problem, code="closed")
    prompt = (prompt or "").strip()
    if not prompt:
        raise ValidationError(messages.PROMPT_EMPTY, code="empty")
    limit = prompt_length_limit()
    if len(prompt) > limit:
        raise ValidationError(messages.PROMPT_TOO_LONG, code="too_long", params={"limit": limit})
    if not 1 <= count <= MAX_PICTURES_PER_REQUEST:
        raise ValidationError(messages.OPTION_NOT_ALLOWED, code="option")
    chosen = _chosen_options(assignment, options)

    with transaction.atomic():
        # Lock the student's row so two quick clicks cannot both pass the quota check.
        User.objects.select_for_update().filter(pk=student.pk).first()
        remaining = assignment.image_limit - images_used(student=student, assignment=assignment)
        if remaining <= 0:
            raise ValidationError(
                messages.QUOTA_USED_UP, code="quota", params={"limit": assignment.image_limit}
            )
        if count > remaining:
            raise ValidationError(
                messages.QUOTA_NOT_ENOUGH, code="quota", params={"remaining": remaining}
            )
        capabilities = active_capabilities()
        template = {
            "student": student,
            "assignment": assignment,
            "prompt": prompt,
            "options": chosen,
            "size": capabilities.size_for(chosen["orientation"]),
            "provider": settings.IMAGE_PROVIDER,
            "model": active_model_name(),
        }
        verdict = check_prompt(prompt, classroom=assignment.classroom)
        if not verdict.allowed:
            blocked = Generation.objects.create(
                **template,
                status=Generation.Status.BLOCKED,
                safety_layer=verdict.layer,
                safety_rule=verdict.rule,
                error_message=str(messages.PROMPT_BLOCKED),
                finished_at=timezone.now(),
            )
            logger.info("generation %s blocked at submission", blocked.pk)
            return [blocked]

        from generation.tasks import generate_image  # the task module imports this one

        generations = [Generation.objects.create(**template) for _ in range(count)]
        for generation in generations:
            generate_image.delay_on_commit(generation.pk)
    return generations


def _chosen_options(assignment: Assignment, options: dict[str, str]) -> dict[str, str]:
    allowed = allowed_options(assignment)
    chosen: dict[str, str] = {}
    for name, values in allowed.items():
        value = options.get(name) or (values[0] if values else "")
        if values and value not in values:
            raise ValidationError(messages.OPTION_NOT_ALLOWED, code="option")
        if not values and value:
            raise ValidationError(messages.OPTION_NOT_ALLOWED, code="option")
        chosen[name] = value
    return chosen


# --- Running in the worker ---------------------------------------------------------------


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
    return Generation.objects.select_related("assignment", "student").get(pk=generation_id)


def generation_run(*, generation_id: int) -> RunOutcome:
    """Claim, compose, call the provider, store the picture and move the status on."""
    generation = generation_claim(generation_id=generation_id)
    if generation is None:
        logger.info("generation %s not queued any more; nothing to do", generation_id)
        return DONE
    try:
        _compose_final_prompt(generation)
        provider = get_provider()
        request = ImageRequest(
            prompt=generation.final_prompt,
            size=generation.size,
            quality=generation.options.get("quality", ""),
            style=generation.options.get("style", ""),
            user_hash=student_hash(generation.student_id),
        )
        # Outside any transaction: the call takes seconds and holds no locks.
        result = provider.generate(request)
        image = verified_image(
            result.image_bytes, expected_size=request.size if provider.checks_size else None
        )
        original, thumbnail = store_images(
            student_id=generation.student_id,
            generation_id=generation.pk,
            data=result.image_bytes,
            image=image,
        )
    except ProviderError as exc:
        return _handle_provider_error(generation, exc)
    except Exception as exc:  # noqa: BLE001 - anything else fails the record, never retried
        logger.exception("generation %s failed unexpectedly", generation.pk)
        _finish_failed(
            generation,
            detail=f"{type(exc).__name__}: {exc}",
            message=str(_message_for_unexpected(exc)),
        )
        return DONE

    generation.image.name = original
    generation.thumbnail.name = thumbnail
    generation.revised_prompt = result.revised_prompt
    generation.provider = provider.name
    generation.model = result.model
    generation.usage = result.usage
    generation.estimated_cost = estimate_cost(
        provider=provider.name,
        model=result.model,
        size=generation.size,
        # A model asked for no quality draws at its first (standard) one.
        quality=generation.options.get("quality")
        or next(iter(capabilities_for(result.model).qualities), ""),
        usage=result.usage,
    )
    generation.status = (
        Generation.Status.AWAITING_REVIEW
        if generation.assignment.requires_approval
        else Generation.Status.APPROVED
    )
    generation.finished_at = timezone.now()
    generation.error_message = generation.error_detail = ""
    generation.save(
        update_fields=[
            "image",
            "thumbnail",
            "revised_prompt",
            "provider",
            "model",
            "estimated_cost",
            "usage",
            "status",
            "finished_at",
            "error_message",
            "error_detail",
        ]
    )
    logger.info("generation %s finished as %s", generation.pk, generation.status)
    return DONE


def _compose_final_prompt(generation: Generation) -> None:
    metaprompt = active_metaprompt()
    composed = compose_prompt(
        metaprompt, generation.prompt, limit=capabilities_for(generation.model).max_prompt_chars
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
    generation_requeue(generation=generation, detail=exc.detail)
    return RunOutcome(retry_in=retry_delay(generation.attempts, exc.retry_after))


def _message_for_unexpected(exc: Exception) -> str:
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, SoftTimeLimitExceeded):
        return str(messages.GENERATION_TIMED_OUT)
    return str(messages.GENERATION_FAILED)


def _finish_failed(generation: Generation, *, detail: str, message: str) -> None:
    generation.mark_failed(message=message, detail=detail)
    logger.info("generation %s failed: %s", generation.pk, detail[:200])


def generation_requeue(*, generation: Generation, detail: str) -> None:
    Generation.objects.filter(pk=generation.pk, status=Generation.Status.GENERATING).update(
        status=Generation.Status.QUEUED, queued_at=timezone.now(), error_detail=detail
    )


def retry_delay(attempt: int, retry_after: float | None) -> float:
    """Exponential backoff with full jitter, never sooner than the provider asked."""
    backoff = min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0))
    delay = random.uniform(0, backoff)  # noqa: S311 - jitter, not security
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


# --- Review -------------------------------------------------------------------------------


def image_review(*, generation: Generation, teacher: User, approve: bool, reason: str = "") -> None:
    """Approve or reject a picture waiting for review; rejection needs a reason."""
    if generation.status != Generation.Status.AWAITING_REVIEW:
        raise ValidationError(messages.REVIEW_NOT_PENDING, code="not_pending")
    if approve:
        generation.approve(by=teacher)
        return
    reason = reason.strip()
    if not reason:
        raise ValidationError(messages.REVIEW_REASON_NEEDED, code="reason")
    generation.reject(by=teacher, reason=reason)

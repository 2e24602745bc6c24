"""Drawing one claimed picture: the lists again, compose, moderate, call, verify, store."""

import hashlib
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from generation import lifecycle, messages
from generation.capabilities import active_capabilities, capabilities_for
from generation.editing.masks import (
    MaskError,
    outside_of,
    put_back_outside,
    validate_mask,
)
from generation.editing.png import png_bytes
from generation.images import store_images, verified_image
from generation.models import Generation
from generation.pricing import estimate_cost
from generation.providers import (
    EditRequest,
    FailureKind,
    ImageProvider,
    ImageRequest,
    ProviderError,
    ProviderResult,
    get_provider,
)
from generation.safety import active_metaprompt, check_prompt, compose_prompt
from generation.safety.moderation import moderate_image, moderate_text, moderation_switches
from generation.safety.notify import notify_if_student_keeps_trying
from generation.services.outcome import DONE, RunOutcome
from generation.services.partials import partials_generate
from generation.services.retries import provider_error_handle, unexpected_error_handle

logger = logging.getLogger(__name__)


def generation_draw(generation: Generation, *, depart_at: float | None = None) -> RunOutcome:
    """Draw a claimed picture and move its status on; `depart_at` paces the request."""
    try:
        if _blocked_by_lists(generation):
            return DONE
        _compose_final_prompt(generation)
        if _blocked_by_moderation(generation):
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
        parent = b""
        if generation.is_edit:
            parent = _parent_picture(generation)
            result, image = _edited(provider, generation, request, original=parent)
        else:
            result = partials_generate(generation=generation, provider=provider, request=request)
            image = verified_image(
                result.image_bytes, expected_size=request.size if provider.checks_size else None
            )
        if _picture_flagged(generation, result.image_bytes, image):
            return DONE
        original, thumbnail = store_images(
            generation=generation,
            data=result.image_bytes,
            image=image,
            provider=provider.name,
            model=result.model,
            parent=parent or None,  # read once: sent to the provider, then the ingredient
        )
    except ProviderError as exc:
        return provider_error_handle(generation=generation, error=exc)
    except CannotEdit as exc:
        lifecycle.fail(generation, message=str(exc.message), detail=exc.detail)
        return DONE
    except Exception as exc:
        return unexpected_error_handle(generation=generation, error=exc)
    _finish_drawn(generation, provider=provider, result=result, files=(original, thumbnail))
    return DONE


class CannotEdit(Exception):
    """An edit that cannot be sent: its picture is gone, its mask is unusable, or the
    provider no longer edits. Never retried; the student reads `message`."""

    def __init__(self, message: object, detail: str) -> None:
        super().__init__(detail)
        self.message = message
        self.detail = detail


def _edited(
    provider: ImageProvider,
    generation: Generation,
    request: ImageRequest,
    *,
    original: bytes,
) -> tuple[ProviderResult, Image.Image]:
    """The provider's edit of the parent picture (`original`), verified, with the outside
    put back if asked; the picture comes back decoded too, so the composite is never read
    again."""
    mask = bytes(generation.edit_mask)
    width, height = (int(side) for side in generation.size.split("x"))
    try:
        validate_mask(mask, (width, height))
    except MaskError as error:
        raise CannotEdit(messages.EDIT_NOT_POSSIBLE, f"mask refused: {error.kind}") from error
    if not provider.can_edit:
        raise CannotEdit(
            messages.EDIT_NOT_SUPPORTED_NOW,
            f"{provider.describe()} does not edit pictures",
        )
    edit = EditRequest(
        prompt=request.prompt,
        size=request.size,
        image=original,
        mask=mask,
        quality=request.quality,
        user_hash=request.user_hash,
        input_fidelity="high",
    )
    if not generation.keeps_outside:
        result = provider.edit(edit)
        checked = provider.checks_size
        return result, verified_image(
            result.image_bytes, expected_size=request.size if checked else None
        )
    # The original and the painted area are decoded while the provider draws: the cores
    # are idle during the call, and busy when a class's answers come back together.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="outside") as helper:
        outside = helper.submit(outside_of, original, mask)
        result = provider.edit(edit)
    # With the outside put back, an answer in another size is scaled to the original's.
    edited = verified_image(result.image_bytes)
    try:
        kept = put_back_outside(outside.result(), edited)
    except (OSError, ValueError, MaskError) as error:
        raise ProviderError(
            f"The edited picture could not be put together: {error}", kind=FailureKind.BAD_OUTPUT
        ) from error
    return replace(result, image_bytes=png_bytes(kept)), kept


def _parent_picture(generation: Generation) -> bytes:
    parent = generation.parent
    name = parent.image.name if parent is not None else ""
    if not name or not default_storage.exists(name):
        raise CannotEdit(messages.EDIT_PARENT_GONE, "the picture to change has no file")
    with default_storage.open(name, "rb") as stored:
        data: bytes = stored.read()
    return data


def _blocked_by_lists(generation: Generation) -> bool:
    """The lists again, as they are now: a term added while the picture waited in the
    queue, or for a retry, stops it here, before moderation or any picture is asked for."""
    verdict = check_prompt(generation.prompt, classroom=generation.assignment.classroom)
    if verdict.allowed:
        return False
    if lifecycle.block(
        generation, message=str(messages.PROMPT_BLOCKED), layer=verdict.layer, rule=verdict.rule
    ):
        logger.info("generation %s blocked in the worker by the %s", generation.pk, verdict.layer)
        notify_if_student_keeps_trying(generation=generation)
    return True


def _blocked_by_moderation(generation: Generation) -> bool:
    """The student's text through prompt moderation, if the school has it on."""
    if not moderation_switches().prompt:
        return False
    moderation = moderate_text(generation.prompt)
    if not moderation.flagged:
        return False
    # Stopped before any picture is asked for: blocked, never sent, no quota used.
    if lifecycle.block(
        generation,
        message=str(messages.PROMPT_BLOCKED),
        layer=Generation.SafetyLayer.MODERATION,
        rule=moderation.rule,
    ):
        notify_if_student_keeps_trying(generation=generation)
    return True


def _picture_flagged(generation: Generation, data: bytes, image: Image.Image) -> bool:
    """Picture moderation, if on: a flagged picture is filtered and never stored."""
    if not moderation_switches().image:
        return False
    mime_type = Image.MIME.get(image.format or "PNG", "image/png")
    moderation = moderate_image(data, mime_type=mime_type)
    if not moderation.flagged:
        return False
    lifecycle.filter_out(
        generation,
        message=str(messages.GENERATION_IMAGE_FILTERED),
        detail=f"Picture moderation flagged: {moderation.rule}",
        layer=Generation.SafetyLayer.IMAGE_MODERATION,
        rule=moderation.rule,
    )
    return True


def _compose_final_prompt(generation: Generation) -> None:
    metaprompt = active_metaprompt()
    # The model that will draw it now, which an admin may have changed since submission.
    composed = compose_prompt(
        metaprompt,
        generation.prompt,
        limit=active_capabilities().max_prompt_chars,
        art_style=generation.options.get("art_style_words", ""),
    )
    generation.metaprompt = metaprompt
    generation.final_prompt = composed.text
    generation.prompt_was_shortened = composed.shortened
    generation.save(update_fields=["metaprompt", "final_prompt", "prompt_was_shortened"])


def _finish_drawn(
    generation: Generation,
    *,
    provider: ImageProvider,
    result: ProviderResult,
    files: tuple[str, str],
) -> None:
    """Awaiting review (or approved), with its picture and cost; a row someone else moved
    on meanwhile keeps its state and the files just stored are deleted."""
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
    original, thumbnail = files
    finished = lifecycle.transition(
        generation,
        status,
        image=original,
        thumbnail=thumbnail,
        revised_prompt=result.revised_prompt,
        provider=provider.name,
        model=result.model,
        usage=result.usage,
        estimated_cost=cost,
        finished_at=timezone.now(),
        error_message="",
        error_detail="",
    )
    if not finished:
        for name in files:
            default_storage.delete(name)
        logger.info("generation %s was taken over while drawing; result dropped", generation.pk)
        return
    logger.info("generation %s finished as %s", generation.pk, generation.status)


def student_hash(student_id: int) -> str:
    """A salted hash of the student's id for the provider's `user` field, never a name."""
    salted = f"{settings.USER_HASH_SALT}:{student_id}".encode()
    return hashlib.sha256(salted).hexdigest()[:32]

"""OpenAI moderation (omni-moderation-latest) for prompts and, optionally, finished pictures.

Used only when an OpenAI key is configured and an admin has the layer switched on. The
student's own words are checked, never the metaprompt (whose safety wording would trip
the classifier). A moderation service that cannot be reached does not stop the
picture: the image service's filter and the teacher's review still stand, and the
failure is logged for admins.
"""

import base64
import logging
from dataclasses import dataclass
from typing import Any

import openai
from django.conf import settings

from generation.models import SafetySettings
from generation.providers.openai_images import openai_client

logger = logging.getLogger(__name__)

MODERATION_MODEL = "omni-moderation-latest"
MODERATION_TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class ModerationResult:
    flagged: bool
    categories: tuple[str, ...] = ()

    @property
    def rule(self) -> str:
        return ", ".join(self.categories)


NOT_FLAGGED = ModerationResult(flagged=False)


@dataclass(frozen=True)
class ModerationSwitches:
    """Which moderation layers run for one picture (read once, for the whole picture)."""

    prompt: bool
    image: bool


def moderation_switches() -> ModerationSwitches:
    if not settings.OPENAI_API_KEY:
        return ModerationSwitches(prompt=False, image=False)
    safety = SafetySettings.current()
    return ModerationSwitches(
        prompt=safety.moderation_enabled, image=safety.image_moderation_enabled
    )


def moderate_text(text: str) -> ModerationResult:
    return _moderate(text)


def moderate_image(image_bytes: bytes, *, mime_type: str = "image/png") -> ModerationResult:
    data_url = f"data:{mime_type};base64,{base64.b64encode(image_bytes).decode()}"
    return _moderate([{"type": "image_url", "image_url": {"url": data_url}}])


def _moderate(moderation_input: Any) -> ModerationResult:
    try:
        response = openai_client(timeout=MODERATION_TIMEOUT_SECONDS).moderations.create(
            model=MODERATION_MODEL, input=moderation_input
        )
    except openai.APIError as exc:
        # No prompt in the log: only what went wrong with the service.
        logger.warning(
            "moderation unavailable, later safety layers still apply: %s", type(exc).__name__
        )
        return NOT_FLAGGED
    flagged = [result for result in response.results if result.flagged]
    if not flagged:
        return NOT_FLAGGED
    categories = flagged[0].categories.model_dump(by_alias=True)
    return ModerationResult(
        flagged=True,
        categories=tuple(sorted(name for name, hit in categories.items() if hit)),
    )

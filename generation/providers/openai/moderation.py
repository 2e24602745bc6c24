"""OpenAI's moderation endpoint (omni-moderation-latest) for words and pictures.

It needs an OpenAI key whichever image provider draws, so callers ask `available()`.
An endpoint that cannot be reached flags nothing: the image service's filter and the
teacher's review still stand, and the failure is logged for admins.
"""

import base64
import logging
from typing import Any

import openai
from django.conf import settings

from generation.providers.openai.client import openai_client

logger = logging.getLogger(__name__)

MODERATION_MODEL = "omni-moderation-latest"
MODERATION_TIMEOUT_SECONDS = 15


def available() -> bool:
    return bool(settings.OPENAI_API_KEY)


def flagged_categories_of_text(text: str) -> tuple[str, ...] | None:
    """The categories the words were flagged in (maybe none named); None if not flagged
    or the service is unavailable."""
    return _flagged_categories(text)


def flagged_categories_of_image(image_bytes: bytes, *, mime_type: str) -> tuple[str, ...] | None:
    data_url = f"data:{mime_type};base64,{base64.b64encode(image_bytes).decode()}"
    return _flagged_categories([{"type": "image_url", "image_url": {"url": data_url}}])


def _flagged_categories(moderation_input: Any) -> tuple[str, ...] | None:
    try:
        response = openai_client(timeout=MODERATION_TIMEOUT_SECONDS).moderations.create(
            model=MODERATION_MODEL, input=moderation_input
        )
    except openai.APIError as exc:
        # No prompt in the log: only what went wrong with the service.
        logger.warning(
            "moderation unavailable, later safety layers still apply: %s", type(exc).__name__
        )
        return None
    flagged = [result for result in response.results if result.flagged]
    if not flagged:
        return None
    categories = flagged[0].categories.model_dump(by_alias=True)
    return tuple(sorted(name for name, hit in categories.items() if hit))

"""Reading a streamed `images.generate` answer: partial pictures on the way, then the final.

The service sends server-sent events: `image_generation.partial_image` (`b64_json`,
`partial_image_index`) as many times as `partial_images` asked for, then one
`image_generation.completed` (`b64_json`, `usage`). A compatible server that ignores
`stream` answers with the usual JSON, which is read as such.
"""

import base64
import binascii
import json
import logging
from typing import Any

from openai import Stream
from openai.types import (
    Image,
    ImageGenCompletedEvent,
    ImageGenPartialImageEvent,
    ImageGenStreamEvent,
    ImagesResponse,
)

from generation.providers.base import FailureKind, PartialHandler, ProviderError

logger = logging.getLogger(__name__)


def final_from_stream(stream: Stream[ImageGenStreamEvent], on_partial: PartialHandler) -> Any:
    """An images answer (as `images.generate` without streaming returns) with the final
    picture, after handing each partial picture to `on_partial`. The client's own errors
    (APIError, a timeout, a dropped connection) are left to the caller to sort."""
    content_type = stream.response.headers.get("content-type", "")
    if not content_type.startswith("text/event-stream"):
        return _plain_answer(stream)
    with stream:
        for event in stream:
            if isinstance(event, ImageGenPartialImageEvent):
                partial = _decoded(event.b64_json)
                if partial is not None:
                    on_partial(partial, event.partial_image_index)
            elif isinstance(event, ImageGenCompletedEvent):
                return ImagesResponse.model_construct(
                    created=event.created_at,
                    data=[Image.model_construct(b64_json=event.b64_json)],
                    usage=event.usage,
                )
    # The connection closed before the picture was finished: worth trying again.
    raise ProviderError(
        "The image service's stream ended before the picture was finished.",
        kind=FailureKind.TRANSIENT,
    )


def _plain_answer(stream: Stream[ImageGenStreamEvent]) -> ImagesResponse:
    """A server that ignored `stream` and answered the usual JSON body."""
    response = stream.response
    try:
        body = json.loads(response.read())
        return ImagesResponse.model_validate(body)
    except ValueError as exc:
        raise ProviderError(
            "The image service's answer was neither a stream nor an images answer.",
            kind=FailureKind.BAD_OUTPUT,
        ) from exc
    finally:
        response.close()


def _decoded(b64_json: str) -> bytes | None:
    """A partial picture's bytes; a malformed one is skipped, not worth failing the final."""
    try:
        return base64.b64decode(b64_json, validate=True)
    except (binascii.Error, ValueError):
        logger.warning("a partial picture was not valid base64; skipped")
        return None

"""Watching a picture being drawn: the partial pictures a streaming model sends on the way.

Each one passes picture moderation first (when it is on), then replaces the last one in
the default storage (the web and the worker may share nothing else) and on
`Generation.partial_image`, written only while the row is still this drawing's. Only the
picture's owner is shown it (generation/views/images.py); it is deleted as soon as the
drawing ends, with the final picture stored or without one (`lifecycle.drawing_ended`).
"""

import logging
import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.dispatch import receiver
from PIL import Image

from generation import lifecycle
from generation.images import verified_image
from generation.models import Generation
from generation.provenance import mime_of, signed_picture
from generation.providers import ImageProvider, ImageRequest, ProviderError, ProviderResult
from generation.safety.moderation import moderate_image, moderation_switches

logger = logging.getLogger(__name__)


def partials_generate(
    *, generation: Generation, provider: ImageProvider, request: ImageRequest
) -> ProviderResult:
    """`provider.generate(request)`, keeping each partial picture it streams on the way
    for the student to watch; unchanged where the model does not stream or
    IMAGE_PARTIAL_IMAGES is 0."""
    if not settings.IMAGE_PARTIAL_IMAGES or not provider.can_stream:
        return provider.generate(request)
    keeper = PartialKeeper(
        generation,
        moderated=moderation_switches().image,
        provider=provider.name,
        model=provider.capabilities_model,
    )
    return provider.generate(request, on_partial=keeper)


class PartialKeeper:
    """Stores the partial pictures of one drawing, each replacing the one before."""

    def __init__(
        self, generation: Generation, *, moderated: bool, provider: str = "", model: str = ""
    ) -> None:
        self.generation = generation
        self.moderated = moderated
        # Who drew it, for its signed manifest: a partial is a stored picture too.
        self.provider = provider
        self.model = model
        # A flagged partial stops the showing: the final picture is judged on its own.
        self.stopped = False

    def __call__(self, data: bytes, index: int) -> None:
        if self.stopped:
            return
        try:
            self._keep(data, index)
        except Exception:
            # A partial is a preview: a storage or database hiccup must not cost the
            # student their picture, which is still on its way.
            self.stopped = True
            logger.exception("generation %s: partial picture not kept", self.generation.pk)

    def _keep(self, data: bytes, index: int) -> None:
        try:
            image = verified_image(data)
        except ProviderError as error:
            logger.info("generation %s: partial %s skipped: %s", self.generation.pk, index, error)
            return
        if self.moderated and _flagged(data, image):
            self.stopped = True
            logger.info("generation %s: partial %s flagged, not shown", self.generation.pk, index)
            return
        generation = self.generation
        mime = mime_of(data)
        data = signed_picture(
            generation, provider=self.provider, model=self.model, data=data, mime=mime
        )
        previous = generation.partial_image.name or ""
        extension = (image.format or "PNG").lower().replace("jpeg", "jpg")
        name = default_storage.save(
            f"partials/student-{generation.student_id}/"
            f"{generation.pk}-{index}-{uuid.uuid4().hex[:12]}.{extension}",
            ContentFile(data),
        )
        if not lifecycle.update_unless_moved_on(generation, partial_image=name):
            # Finished, or taken over by another attempt, meanwhile: nobody will show it.
            default_storage.delete(name)
            self.stopped = True
            return
        if previous and previous != name:
            default_storage.delete(previous)


def _flagged(data: bytes, image: Image.Image) -> bool:
    mime_type = Image.MIME.get(image.format or "PNG", "image/png")
    return moderate_image(data, mime_type=mime_type).flagged


def partial_clear(generation: Generation) -> None:
    """Forget and delete the picture's partial picture, if it has one."""
    name = generation.partial_image.name or ""
    if not name:
        return
    # Only that partial: a newer attempt's own is left to it.
    Generation.objects.filter(pk=generation.pk, partial_image=name).update(partial_image="")
    generation.partial_image = ""  # type: ignore[assignment]
    try:
        default_storage.delete(name)
    except Exception:
        # The status has moved on already; a file left behind is only untidy.
        logger.exception("generation %s: partial picture %s not deleted", generation.pk, name)


@receiver(lifecycle.drawing_ended, dispatch_uid="partials-clear")
def _drawing_ended(sender: type[Generation], *, generation: Generation, **kwargs: Any) -> None:
    partial_clear(generation)

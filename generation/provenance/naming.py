"""What a downloaded picture's file name says: made with AI, or the offline preview."""

from django.utils.text import slugify
from django.utils.translation import pgettext_lazy

from generation.models import Generation
from generation.providers.registry import makes_ai_pictures

# Words in a file name: short, and slugified whatever the language makes of them.
MADE_WITH_AI_FILE_WORDS = pgettext_lazy("download file name", "made with AI")
NOT_AI_FILE_WORDS = pgettext_lazy("download file name", "offline preview not AI")


def download_filename(generation: Generation, extension: str) -> str:
    """`edu4all-12-made-with-ai.png`, or `edu4all-12-offline-preview-not-ai.png`."""
    words = MADE_WITH_AI_FILE_WORDS if makes_ai_pictures(generation.provider) else NOT_AI_FILE_WORDS
    return f"edu4all-{generation.pk}-{slugify(str(words))}.{extension}"

"""Pick the image provider named by settings.IMAGE_PROVIDER."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from generation.providers.base import (
    FailureKind,
    ImageProvider,
    ImageRequest,
    ProviderError,
    ProviderResult,
)
from generation.providers.offline import OfflineProvider
from generation.providers.openai_images import AzureOpenAIImageProvider, OpenAIImageProvider

__all__ = [
    "FailureKind",
    "ImageProvider",
    "ImageRequest",
    "ProviderError",
    "ProviderResult",
    "get_provider",
]

PROVIDER_LABELS = {
    "offline": _("Offline preview (not AI)"),
    "openai": _("OpenAI"),
    "azure": _("Azure OpenAI"),
}


def get_provider() -> ImageProvider:
    name = settings.IMAGE_PROVIDER
    if name == "offline":
        return OfflineProvider()
    if name == "openai":
        return OpenAIImageProvider.from_settings()
    if name == "azure":
        return AzureOpenAIImageProvider.from_settings()
    raise ImproperlyConfigured(f"IMAGE_PROVIDER must be offline, openai or azure, not {name!r}.")

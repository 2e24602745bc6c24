"""Which providers exist, and which one settings.IMAGE_PROVIDER picks.

The only place that lists providers: a new one is a package with a class that follows
`base.ImageProvider`, added to PROVIDERS (and, if it can be the default, to DEFAULT_ORDER).
"""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from generation.providers.base import ImageProvider
from generation.providers.offline import OfflineProvider
from generation.providers.openai import AzureOpenAIImageProvider, OpenAIImageProvider

# In the order the docs and messages list them.
PROVIDERS: dict[str, type[ImageProvider]] = {
    provider.name: provider
    for provider in (OfflineProvider, OpenAIImageProvider, AzureOpenAIImageProvider)
}
# When IMAGE_PROVIDER is unset, the first whose settings are all filled in: a configured
# key always wins over the offline preview, and Azure's endpoint and key are the more
# deliberate choice when a school has set both.
DEFAULT_ORDER: tuple[type[ImageProvider], ...] = (
    AzureOpenAIImageProvider,
    OpenAIImageProvider,
    OfflineProvider,
)


def provider_names() -> list[str]:
    return list(PROVIDERS)


def provider_choices_text() -> str:
    """ "offline, openai or azure", for messages about IMAGE_PROVIDER."""
    *first, last = PROVIDERS
    return f"{', '.join(first)} or {last}" if first else last


def default_provider_name(values: Mapping[str, object]) -> str:
    """The provider to use when IMAGE_PROVIDER is unset, from the settings read so far."""
    for provider in DEFAULT_ORDER:
        if all(values.get(setting) for setting in provider.configured_by):
            return provider.name
    return OfflineProvider.name


def find_provider(name: str | None = None) -> ImageProvider | None:
    """The provider called `name` (default: the configured one) built from settings, or None."""
    provider = PROVIDERS.get(settings.IMAGE_PROVIDER if name is None else name)
    if provider is None:
        return None
    alternatives = [other for other in DEFAULT_ORDER if other is not provider]
    return provider.from_settings(alternatives=alternatives)


def get_provider(name: str | None = None) -> ImageProvider:
    """The configured provider (or the one called `name`), ready to draw."""
    provider = find_provider(name)
    if provider is None:
        value = settings.IMAGE_PROVIDER if name is None else name
        raise ImproperlyConfigured(
            f"IMAGE_PROVIDER must be {provider_choices_text()}, not {value!r}."
        )
    return provider


def provider_label(name: str) -> str | Promise:
    """What students and teachers read for a provider (a name the registry lacks as is)."""
    provider = PROVIDERS.get(name)
    return provider.label if provider is not None else name


def makes_ai_pictures(name: str) -> bool:
    """Whether pictures recorded under this provider name were made by AI (unknown: yes)."""
    provider = PROVIDERS.get(name)
    return provider.makes_ai_pictures if provider is not None else True


def costs_money(name: str) -> bool:
    """Whether pictures recorded under this provider name are priced (unknown ones are)."""
    provider = PROVIDERS.get(name)
    return provider.costs_money if provider is not None else True

"""Image providers: one interface (base.py), one package each, picked by registry.py."""

from generation.providers.base import (
    EditRequest,
    FailureKind,
    Finding,
    ImageProvider,
    ImageRequest,
    PartialHandler,
    ProviderError,
    ProviderResult,
    Verdict,
)
from generation.providers.registry import find_provider, get_provider

__all__ = [
    "EditRequest",
    "FailureKind",
    "Finding",
    "ImageProvider",
    "ImageRequest",
    "PartialHandler",
    "ProviderError",
    "ProviderResult",
    "Verdict",
    "find_provider",
    "get_provider",
]

"""The offline preview: pictures drawn locally, clearly labelled as not AI; costs nothing."""

from generation.providers.offline.provider import OfflineProvider

__all__ = ["OfflineProvider"]

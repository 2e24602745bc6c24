"""Old home of the images-per-minute quota, kept while callers move to generation.quota.

`images_per_minute_for(name)` becomes `quota_for(get_provider())`, and catching
`redis.RedisError` becomes catching `generation.quota.QuotaUnavailable`.
"""

from generation.providers.registry import get_provider
from generation.quota import (
    LEEWAY_SECONDS,
    ImagesPerMinute,
    LocalImagesPerMinute,
    QuotaUnavailable,
    RedisImagesPerMinute,
    Turn,
    quota_for,
)

__all__ = [
    "LEEWAY_SECONDS",
    "ImagesPerMinute",
    "LocalImagesPerMinute",
    "QuotaUnavailable",
    "RedisImagesPerMinute",
    "Turn",
    "images_per_minute_for",
]


def images_per_minute_for(provider: str) -> ImagesPerMinute:
    """The turns of the provider called `provider` (shim for services/running.py)."""
    return quota_for(get_provider(provider))

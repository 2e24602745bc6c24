"""The provider's images-per-minute quota, shared by every worker thread, process and machine.

The line a provider's pictures wait in is the provider's to name (`quota_key`), and so is
its usual limit (`default_images_per_minute`); IMAGE_PROVIDER_IMAGES_PER_MINUTE overrides it.
"""

from functools import cache

import redis
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from generation.providers.base import ImageProvider
from generation.quota.turns import (
    LEEWAY_SECONDS,
    ImagesPerMinute,
    LocalImagesPerMinute,
    QuotaUnavailable,
    RedisImagesPerMinute,
    Turn,
)

__all__ = [
    "LEEWAY_SECONDS",
    "ImagesPerMinute",
    "LocalImagesPerMinute",
    "QuotaUnavailable",
    "RedisImagesPerMinute",
    "Turn",
    "configured_images_per_minute",
    "quota_for",
    "quota_summary",
]


def configured_images_per_minute(provider: ImageProvider) -> int:
    """The admin's setting, else the provider's usual default; 0 means no limit."""
    if not provider.quota_key:
        return 0  # it calls no service
    if settings.IMAGE_PROVIDER_IMAGES_PER_MINUTE is not None:
        return int(settings.IMAGE_PROVIDER_IMAGES_PER_MINUTE)
    return provider.default_images_per_minute


def quota_for(provider: ImageProvider) -> ImagesPerMinute:
    """The turns `provider`'s pictures take (one that calls no service has no limit)."""
    per_minute = configured_images_per_minute(provider)
    return _limiter(provider.quota_key or provider.name, per_minute, settings.REDIS_URL)


def quota_summary(provider: ImageProvider) -> str:
    """The quota in words, for the admin's provider page."""
    if not provider.quota_key:
        return _("none needed: %(provider)s calls no service") % {"provider": provider.label}
    quota = quota_for(provider)
    if not quota.limited:
        return _("no limit (IMAGE_PROVIDER_IMAGES_PER_MINUTE is 0)")
    shared = _("shared by all workers through Redis") if settings.REDIS_URL else _("in this worker")
    rate = ngettext(
        "%(count)s picture a minute, one every %(seconds)s s, %(shared)s "
        "(IMAGE_PROVIDER_IMAGES_PER_MINUTE)",
        "%(count)s pictures a minute, one every %(seconds)s s, %(shared)s "
        "(IMAGE_PROVIDER_IMAGES_PER_MINUTE)",
        quota.images_per_minute,
    )
    return rate % {
        "count": quota.images_per_minute,
        "seconds": number_format(quota.interval, decimal_pos=1, use_l10n=True),
        "shared": shared,
    }


@cache
def _limiter(key: str, per_minute: int, redis_url: str) -> ImagesPerMinute:
    # Cached per setting values, so the local turns are shared by the process's threads.
    if not redis_url or not per_minute:
        return LocalImagesPerMinute(key=key, images_per_minute=per_minute)
    client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
    return RedisImagesPerMinute(key=key, images_per_minute=per_minute, client=client)

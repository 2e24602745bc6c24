from django.conf import settings
from django.http import HttpRequest

from generation.providers.registry import provider_label


def image_provider(request: HttpRequest) -> dict[str, str]:
    label = provider_label(settings.IMAGE_PROVIDER)
    return {"image_provider_name": settings.IMAGE_PROVIDER, "image_provider_label": str(label)}

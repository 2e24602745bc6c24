from django.conf import settings
from django.http import HttpRequest

from generation.providers import PROVIDER_LABELS


def image_provider(request: HttpRequest) -> dict[str, str]:
    label = PROVIDER_LABELS.get(settings.IMAGE_PROVIDER, settings.IMAGE_PROVIDER)
    return {"image_provider_name": settings.IMAGE_PROVIDER, "image_provider_label": str(label)}

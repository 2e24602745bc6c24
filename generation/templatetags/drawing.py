"""The address of a picture so far (a partial picture), versioned so each new one loads."""

from pathlib import PurePosixPath

from django import template
from django.urls import reverse

from generation.models import Generation

register = template.Library()


@register.simple_tag
def partial_url(generation: Generation) -> str:
    """`{% partial_url generation %}`: its picture so far, named by the file's random part."""
    version = PurePosixPath(generation.partial_image.name or "").stem.rsplit("-", 1)[-1]
    return f"{reverse('image_partial', args=[generation.pk])}?v={version}"

"""Template filters about pictures that ask the provider registry, so no template names a
provider."""

from django import template

from generation.providers.registry import makes_ai_pictures

register = template.Library()


@register.filter
def made_by_ai(provider_name: str) -> bool:
    """`{% if generation.provider|made_by_ai %}`: was this picture made by AI?"""
    return makes_ai_pictures(provider_name)

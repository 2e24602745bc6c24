"""Template filters about pictures that ask the provider registry, so no template names a
provider."""

from django import template

from generation.models import Generation
from generation.providers.registry import makes_ai_pictures

register = template.Library()


@register.filter
def made_by_ai(provider_name: str) -> bool:
    """`{% if generation.provider|made_by_ai %}`: was this picture made by AI?"""
    return makes_ai_pictures(provider_name)


# Long enough for any prompt a child writes in the form; a screen reader reads it all.
ALT_TEXT_MAX_CHARS = 300


@register.filter
def picture_alt(generation: Generation) -> str:
    """The picture's alternative text: what its author asked for, in their words, the same
    for its author, their teacher and (once approved) their classmates."""
    prompt = " ".join(generation.prompt.split())
    if len(prompt) > ALT_TEXT_MAX_CHARS:
        return prompt[: ALT_TEXT_MAX_CHARS - 1].rstrip() + "…"
    return prompt

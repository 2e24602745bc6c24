"""`{% what_the_model_understood generation %}`: the student's prompt beside the model's
revised prompt, with what the model added marked (generation/_prompt_understood.html)."""

from typing import Any

from django import template

from generation.models import Generation
from generation.prompt_diff import revised_prompt_segments
from generation.providers.registry import makes_ai_pictures

register = template.Library()


@register.inclusion_tag("generation/_prompt_understood.html", takes_context=True)
def what_the_model_understood(
    context: template.Context, generation: Generation, element_id: str = ""
) -> dict[str, Any]:
    """Shows only what the caller's page already shows this viewer: call it where the
    prompt itself may be read. `element_id` names the revised prompt's element."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    by_ai = makes_ai_pictures(generation.provider)
    revised = generation.revised_prompt
    segments = revised_prompt_segments(generation.prompt, revised) if by_ai else []
    return {
        "generation": generation,
        "is_owner": viewer is not None and generation.student_id == viewer.pk,
        "element_id": element_id,
        # A picture made without AI carries a note in place of a revised prompt: no diff.
        "note": "" if by_ai else revised,
        "segments": segments,
        "added_any": any(segment.added for segment in segments),
    }

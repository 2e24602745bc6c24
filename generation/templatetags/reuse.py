"""Template helpers for reusing a picture's prompt: whether it may be drawn again, and
the one-time token each "Another version" button carries."""

from typing import Any

from django import template

from classrooms.models import Assignment
from generation.models import Generation
from generation.services import form_token_new
from generation.services.again import can_draw_again
from generation.services.editing import can_be_edited

register = template.Library()


@register.filter(name="can_draw_again")
def can_draw_again_filter(generation: Generation) -> bool:
    """`{% if generation|can_draw_again %}`: does it offer "Another version"?"""
    return can_draw_again(generation)


@register.simple_tag(takes_context=True)
def again_form_token(context: template.Context, generation: Generation) -> str:
    """A fresh one-time token for this picture's "Another version" form: one click
    makes one picture, however often the form is sent."""
    request: Any = context["request"]
    return form_token_new(student=request.user, assignment=_assignment_of(context, generation))


@register.simple_tag(takes_context=True)
def edit_offered(context: template.Context, generation: Generation) -> bool:
    """`{% edit_offered generation as editable %}`: does it offer "Change part of this
    picture"?"""
    return can_be_edited(generation, assignment=_assignment_of(context, generation))


def _assignment_of(context: template.Context, generation: Generation) -> Assignment:
    """The page's own assignment when it is this picture's, so a page of cards needs no
    query per card."""
    assignment = context.get("assignment")
    if assignment is None or assignment.pk != generation.assignment_id:
        assignment = generation.assignment
    return assignment  # type: ignore[no-any-return]

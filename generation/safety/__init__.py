"""Child safety: disallow lists, moderation and the metaprompt, in one package.

Layers, in order: the school's and the class's disallow lists (local: at submission,
and again in the worker just before drawing), prompt moderation (in the worker, before
any picture is asked for), the metaprompt with the student's words as data, the image
service's own filter, optional moderation of the finished picture, and the teacher's
approval.
"""

from generation.safety.lists import (
    ALLOWED,
    SafetyVerdict,
    check_prompt,
    list_matchers,
    prompt_stopped_spans,
)
from generation.safety.metaprompt import (
    DEFAULT_METAPROMPT,
    ComposedPrompt,
    active_metaprompt,
    compose_prompt,
    student_prompt_limit,
)

__all__ = [
    "ALLOWED",
    "DEFAULT_METAPROMPT",
    "ComposedPrompt",
    "SafetyVerdict",
    "active_metaprompt",
    "check_prompt",
    "compose_prompt",
    "list_matchers",
    "prompt_stopped_spans",
    "student_prompt_limit",
]

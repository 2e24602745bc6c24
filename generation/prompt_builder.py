"""The prompt builder's rule: the lesson's six parts of a prompt put together into one
prompt. static/js/prompt-builder.js follows the same rule in the browser; change both."""

import re
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

# The parts in the order a child fills them in, with what they are called and an example.
PART_NAMES = ("subject", "action", "style", "setting", "details", "quality")
PART_LABELS = {
    "subject": _("Who or what is in your picture?"),
    "action": _("What is it doing?"),
    "style": _("What kind of picture is it?"),
    "setting": _("Where is it?"),
    "details": _("Any special details?"),
    "quality": _("Words for how it looks"),
}
PART_EXAMPLES = {
    "subject": _("For example: a friendly robot"),
    "action": _("For example: watering plants"),
    "style": _("For example: watercolour"),
    "setting": _("For example: in a rooftop garden"),
    "details": _("For example: with a red watering can"),
    "quality": _("For example: bright, detailed"),
}
PART_MAX_LENGTH = 120
PART_TOO_LONG = _(
    "This part is a little long. Try a few words here, up to %(limit_value)d letters."
)

# Who and what they do make the first phrase; the rest follow it, each after a comma.
_AFTER_THE_SUBJECT = ("setting", "details", "style", "quality")
_EDGES = re.compile(r"^[\s,]+|[\s,]+$")
_SPACES = re.compile(r"\s+")


def _tidy(part: str) -> str:
    """One line, single spaces, no comma or space at either end."""
    return _EDGES.sub("", _SPACES.sub(" ", part))


def compose_from_parts(parts: Mapping[str, str]) -> str:
    """The prompt the parts make: "a friendly robot", "watering plants", "watercolour",
    "in a rooftop garden", "with a red watering can", "bright, detailed" make "A friendly
    robot watering plants, in a rooftop garden, with a red watering can, watercolour,
    bright, detailed". Empty parts are left out; no parts make an empty prompt."""
    tidy = {name: _tidy(parts.get(name) or "") for name in PART_NAMES}
    first = " ".join(tidy[name] for name in ("subject", "action") if tidy[name])
    phrases = [first, *(tidy[name] for name in _AFTER_THE_SUBJECT)]
    prompt = ", ".join(phrase for phrase in phrases if phrase)
    return prompt[:1].upper() + prompt[1:]

"""Moderation of prompts and, optionally, finished pictures: which layers run, and verdicts.

Used only when the moderation service is available (an OpenAI key) and an admin has the
layer switched on. The student's own words are checked, never the metaprompt (whose
safety wording would trip the classifier). The call itself lives with the provider
(generation/providers/openai/moderation.py); a service that cannot be reached flags
nothing, so it does not stop the picture.
"""

from dataclasses import dataclass

from generation.models import SafetySettings
from generation.providers.openai import moderation as service


@dataclass(frozen=True)
class ModerationResult:
    flagged: bool
    categories: tuple[str, ...] = ()

    @property
    def rule(self) -> str:
        return ", ".join(self.categories)


NOT_FLAGGED = ModerationResult(flagged=False)


@dataclass(frozen=True)
class ModerationSwitches:
    """Which moderation layers run for one picture (read once, for the whole picture)."""

    prompt: bool
    image: bool


def moderation_switches() -> ModerationSwitches:
    if not service.available():
        return ModerationSwitches(prompt=False, image=False)
    safety = SafetySettings.current()
    return ModerationSwitches(
        prompt=safety.moderation_enabled, image=safety.image_moderation_enabled
    )


def moderate_text(text: str) -> ModerationResult:
    return _result(service.flagged_categories_of_text(text))


def moderate_image(image_bytes: bytes, *, mime_type: str = "image/png") -> ModerationResult:
    return _result(service.flagged_categories_of_image(image_bytes, mime_type=mime_type))


def _result(categories: tuple[str, ...] | None) -> ModerationResult:
    if categories is None:
        return NOT_FLAGGED
    return ModerationResult(flagged=True, categories=categories)

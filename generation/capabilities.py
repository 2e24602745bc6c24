"""What the active provider's model can do, as choices for forms and limits for prompts.

The table of model families lives with the providers (generation/providers/capabilities.py);
which model is active is the provider's business, asked through the registry.
"""

from django.utils.translation import gettext_lazy as _

from generation.providers.capabilities import (
    DALL_E_2,
    DALL_E_3,
    GPT_IMAGE,
    ModelCapabilities,
    capabilities_for,
)
from generation.providers.registry import get_provider

__all__ = [
    "DALL_E_2",
    "DALL_E_3",
    "GPT_IMAGE",
    "ORIENTATION_LABELS",
    "QUALITY_LABELS",
    "STYLE_LABELS",
    "ModelCapabilities",
    "active_capabilities",
    "active_model_name",
    "capabilities_for",
    "editing_available",
    "orientation_choices",
    "quality_choices",
    "style_choices",
]

ORIENTATION_LABELS = {
    "square": _("Square"),
    "landscape": _("Landscape (wide)"),
    "portrait": _("Portrait (tall)"),
}
QUALITY_LABELS = {
    "standard": _("Standard"),
    "hd": _("Extra detail (HD)"),
    "low": _("Quick sketch"),
    "medium": _("Medium"),
    "high": _("High detail"),
}
STYLE_LABELS = {"vivid": _("Vivid"), "natural": _("Natural")}


def active_model_name() -> str:
    """The model id the active provider runs (for Azure, the model behind the deployment)."""
    return get_provider().capabilities_model


def active_capabilities() -> ModelCapabilities:
    return get_provider().capabilities


def editing_available() -> bool:
    """Whether the active provider can change part of a picture (offer the button or not)."""
    return get_provider().can_edit


def orientation_choices() -> list[tuple[str, str]]:
    return [(key, str(ORIENTATION_LABELS[key])) for key in active_capabilities().sizes]


def quality_choices() -> list[tuple[str, str]]:
    return [(key, str(QUALITY_LABELS[key])) for key in active_capabilities().qualities]


def style_choices() -> list[tuple[str, str]]:
    return [(key, str(STYLE_LABELS[key])) for key in active_capabilities().styles]

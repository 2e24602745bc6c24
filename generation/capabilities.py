"""What each image model family can do: sizes per orientation, qualities, styles, limits.

The model id is configuration; this table maps it to a family so that assignment
options and the prompt form only ever offer what the active model supports.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

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


@dataclass(frozen=True)
class ModelCapabilities:
    family: str
    sizes: dict[str, str]  # orientation -> "WxH"
    qualities: tuple[str, ...]
    styles: tuple[str, ...]
    max_prompt_chars: int
    max_images_per_request: int
    returns_base64: bool

    def size_for(self, orientation: str) -> str:
        return self.sizes[orientation]


DALL_E_2 = ModelCapabilities(
    family="dall-e-2",
    sizes={"square": "1024x1024"},
    qualities=(),
    styles=(),
    max_prompt_chars=1000,
    max_images_per_request=10,
    returns_base64=True,
)
DALL_E_3 = ModelCapabilities(
    family="dall-e-3",
    sizes={"square": "1024x1024", "landscape": "1792x1024", "portrait": "1024x1792"},
    qualities=("standard", "hd"),
    styles=("vivid", "natural"),
    max_prompt_chars=4000,
    max_images_per_request=1,
    returns_base64=True,
)
GPT_IMAGE = ModelCapabilities(
    family="gpt-image",
    sizes={"square": "1024x1024", "landscape": "1536x1024", "portrait": "1024x1536"},
    qualities=("low", "medium", "high"),
    styles=(),
    max_prompt_chars=32000,
    max_images_per_request=10,
    returns_base64=True,
)


def capabilities_for(model: str) -> ModelCapabilities:
    name = model.lower()
    if name.startswith("gpt-image"):
        return GPT_IMAGE
    if name.startswith("dall-e-2"):
        return DALL_E_2
    # DALL-E 3 is the lesson's model and what most Azure deployments still run.
    return DALL_E_3


def active_capabilities() -> ModelCapabilities:
    return capabilities_for(active_model_name())


def active_model_name() -> str:
    if settings.IMAGE_PROVIDER == "azure":
        return settings.AZURE_OPENAI_DEPLOYMENT
    return settings.IMAGE_MODEL


def orientation_choices() -> list[tuple[str, str]]:
    return [(key, str(ORIENTATION_LABELS[key])) for key in active_capabilities().sizes]


def quality_choices() -> list[tuple[str, str]]:
    return [(key, str(QUALITY_LABELS[key])) for key in active_capabilities().qualities]


def style_choices() -> list[tuple[str, str]]:
    return [(key, str(STYLE_LABELS[key])) for key in active_capabilities().styles]

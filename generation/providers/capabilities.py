"""What each image model family can do: sizes, qualities, styles, limits, edits, streaming.

The model id is configuration (IMAGE_MODEL, or AZURE_OPENAI_MODEL behind a deployment);
this table maps it to a family so that assignment options, the prompt form and the
request sent to the provider only ever use what the active model supports. Shared by
the providers: OpenAI and Azure serve the same families, and the offline preview takes
the shape of the model it stands in for.

Where a family is served is a separate question: OpenAI's own API retired DALL-E (2026-05-12),
`gpt-image-1` (2026-10-23) and `gpt-image-1.5`, `gpt-image-1-mini` and
`chatgpt-image-latest` (2026-12-01), while Azure deployments and compatible servers may
still run them (RETIRED_ON_OPENAI).
"""

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class ModelCapabilities:
    family: str
    sizes: dict[str, str]  # orientation -> "WxH"
    qualities: tuple[str, ...]
    styles: tuple[str, ...]
    max_prompt_chars: int
    # DALL-E answers with a URL unless asked for base64; gpt-image only ever sends base64
    # and refuses the response_format parameter.
    accepts_response_format: bool
    # Options the family understands beyond the common ones, with their allowed values.
    extra_options: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Options always sent, whatever the configuration says (child safety).
    fixed_options: dict[str, str] = field(default_factory=dict)
    # Whether `images.edit` (a picture, a mask and a prompt) works with this family.
    edits: bool = False
    # Whether it streams partial pictures (`stream` with `partial_images`).
    streams: bool = False
    # The `input_fidelity` values its edits take; empty: the parameter is never sent.
    input_fidelity: tuple[str, ...] = ()
    # Any size whose sides are multiples of `size_step`, with an aspect ratio of at most
    # `max_aspect` : 1 either way, up to `max_side` and `max_pixels` (0: only the sizes
    # listed above).
    size_step: int = 0
    max_aspect: float = 0.0
    max_side: int = 0
    max_pixels: int = 0

    def size_for(self, orientation: str) -> str:
        return self.sizes[orientation]

    @property
    def flexible_sizes(self) -> bool:
        return self.size_step > 0

    def allows_size(self, width: int, height: int) -> bool:
        """Whether the family draws a picture of exactly this size."""
        if f"{width}x{height}" in self.sizes.values():
            return True
        if not self.flexible_sizes or width <= 0 or height <= 0:
            return False
        step = self.size_step
        return (
            width % step == 0
            and height % step == 0
            and max(width, height) <= self.max_side
            and width * height <= self.max_pixels
            and max(width, height) / min(width, height) <= self.max_aspect
        )


DALL_E_2 = ModelCapabilities(
    family="dall-e-2",
    sizes={"square": "1024x1024"},
    qualities=(),
    styles=(),
    max_prompt_chars=1000,
    accepts_response_format=True,
)
# No edits: DALL-E 3 never had them; Azure's own DALL-E 3 deployments refuse the route.
DALL_E_3 = ModelCapabilities(
    family="dall-e-3",
    sizes={"square": "1024x1024", "landscape": "1792x1024", "portrait": "1024x1792"},
    qualities=("standard", "hd"),
    styles=("vivid", "natural"),
    max_prompt_chars=4000,
    accepts_response_format=True,
)
# gpt-image-1 and -1.5 (and chatgpt-image-latest, which follows their constraints).
GPT_IMAGE = ModelCapabilities(
    family="gpt-image",
    sizes={"square": "1024x1024", "landscape": "1536x1024", "portrait": "1024x1536"},
    qualities=("low", "medium", "high"),
    styles=(),
    max_prompt_chars=32000,
    accepts_response_format=False,
    extra_options={
        "output_format": ("png", "jpeg", "webp"),
        "background": ("auto", "opaque", "transparent"),
    },
    # "low" moderation is for adults; children always get the strict default.
    fixed_options={"moderation": "auto"},
    edits=True,
    streams=True,
    input_fidelity=("high", "low"),
)
GPT_IMAGE_MINI = replace(GPT_IMAGE, family="gpt-image-mini", input_fidelity=("low",))
GPT_IMAGE_CHATGPT = replace(GPT_IMAGE, family="chatgpt-image", input_fidelity=())
# gpt-image-2 and its 2.x successors: any size with both sides multiples of 16 and an
# aspect between 1:3 and 3:1, up to 3840x2160; `input_fidelity` is omitted.
GPT_IMAGE_2 = replace(
    GPT_IMAGE,
    family="gpt-image-2",
    input_fidelity=(),
    size_step=16,
    max_aspect=3.0,
    max_side=3840,
    max_pixels=3840 * 2160,
)

# Longest prefix first: "gpt-image-1-mini" before "gpt-image-1", "gpt-image-2.5-flare"
# under "gpt-image-2". The exact id stays configuration.
_FAMILIES: tuple[tuple[str, ModelCapabilities], ...] = (
    ("gpt-image-1-mini", GPT_IMAGE_MINI),
    ("gpt-image-2", GPT_IMAGE_2),
    ("gpt-image", GPT_IMAGE),
    ("chatgpt-image", GPT_IMAGE_CHATGPT),
    ("dall-e-2", DALL_E_2),
    ("dall-e-3", DALL_E_3),
)

# Ids OpenAI's own API no longer serves, with the day it stopped (Azure deployments and
# compatible servers may still serve them). A model id starting with one of these (a
# dated snapshot) is retired with it; "gpt-image-1" does not cover "gpt-image-1.5".
RETIRED_ON_OPENAI: dict[str, str] = {
    "dall-e-2": "2026-05-12",
    "dall-e-3": "2026-05-12",
    "gpt-image-1": "2026-10-23",
    "gpt-image-1.5": "2026-12-01",
    "gpt-image-1-mini": "2026-12-01",
    "chatgpt-image-latest": "2026-12-01",
}
# What OpenAI's own API offers instead of a retired id.
CURRENT_ON_OPENAI = "gpt-image-2"


def capabilities_for(model: str) -> ModelCapabilities:
    name = model.lower()
    for prefix, capabilities in _FAMILIES:
        if name.startswith(prefix):
            return capabilities
    # Unknown ids (compatible servers' own names) get DALL-E 3's shape, the most common.
    return DALL_E_3


def retired_on_openai(model: str) -> str:
    """The day OpenAI's own API stopped serving this model id, or "" if it still does."""
    name = model.lower()
    for retired, day in RETIRED_ON_OPENAI.items():
        # A dated snapshot ("gpt-image-1-2025-04-15") is retired with its model.
        snapshot = name.startswith(f"{retired}-") and name[len(retired) + 1 :][:1].isdigit()
        if name == retired or snapshot:
            return day
    return ""

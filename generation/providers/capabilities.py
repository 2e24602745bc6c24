"""What each image model family can do: sizes per orientation, qualities, styles, limits.

The model id is configuration (IMAGE_MODEL, or AZURE_OPENAI_MODEL behind a deployment);
this table maps it to a family so that assignment options, the prompt form and the
request sent to the provider only ever use what the active model supports. Shared by
the providers: OpenAI and Azure serve the same families, and the offline preview takes
the shape of the model it stands in for.
"""

from dataclasses import dataclass, field


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

    def size_for(self, orientation: str) -> str:
        return self.sizes[orientation]


DALL_E_2 = ModelCapabilities(
    family="dall-e-2",
    sizes={"square": "1024x1024"},
    qualities=(),
    styles=(),
    max_prompt_chars=1000,
    accepts_response_format=True,
)
DALL_E_3 = ModelCapabilities(
    family="dall-e-3",
    sizes={"square": "1024x1024", "landscape": "1792x1024", "portrait": "1024x1792"},
    qualities=("standard", "hd"),
    styles=("vivid", "natural"),
    max_prompt_chars=4000,
    accepts_response_format=True,
)
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
)

# gpt-image-1, -1-mini, -1.5 and -2 share one family; the exact id stays configuration.
_FAMILIES = [("gpt-image", GPT_IMAGE), ("dall-e-2", DALL_E_2), ("dall-e-3", DALL_E_3)]


def capabilities_for(model: str) -> ModelCapabilities:
    name = model.lower()
    for prefix, capabilities in _FAMILIES:
        if name.startswith(prefix):
            return capabilities
    # Unknown ids (compatible servers' own names) get DALL-E 3's shape, the most common.
    return DALL_E_3

"""The one interface every image provider implements, and the one error type it raises.

Callers ask a provider what they need to know (its label, what its model can do, its
quota, whether it costs money, what is wrong with its settings, a free probe) instead of
comparing its name; `registry.py` picks the configured one.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar, Protocol

from django.utils.functional import Promise

from generation.providers.capabilities import ModelCapabilities


@dataclass(frozen=True)
class ImageRequest:
    prompt: str
    size: str  # "WxH"
    quality: str = ""
    style: str = ""
    # A salted hash of the student's id, never a name (OpenAI's `user` field).
    user_hash: str = ""


@dataclass(frozen=True)
class EditRequest:
    """Change part of a picture the site made: the area is where `mask` is fully transparent."""

    prompt: str
    size: str  # "WxH", the picture's own size
    image: bytes  # the picture, PNG
    mask: bytes  # PNG of the same size; alpha 0 marks the area to change (editing/masks.py)
    quality: str = ""
    user_hash: str = ""
    # "high" or "low" where the model takes it (capabilities.input_fidelity); "" sends none.
    input_fidelity: str = ""


# Called with each partial picture a streaming model sends while drawing (its bytes, and
# its 0-based index) before `generate` returns the final one.
PartialHandler = Callable[[bytes, int], None]


@dataclass(frozen=True)
class ProviderResult:
    image_bytes: bytes
    model: str
    revised_prompt: str = ""
    usage: dict[str, int] = field(default_factory=dict)


class FailureKind(StrEnum):
    FILTERED = "filtered"  # the provider's safety system refused the prompt: never retried
    IMAGE_FILTERED = "image_filtered"  # a picture was made, then its filter stopped it
    CONFIGURATION = "configuration"  # bad key, unknown model or deployment: never retried
    TRANSIENT = "transient"  # rate limit, 5xx, timeout, connection: retried
    BAD_OUTPUT = "bad_output"  # the answer was not a usable image


class ProviderError(Exception):
    def __init__(self, detail: str, *, kind: FailureKind, retry_after: float | None = None):
        super().__init__(detail)
        self.detail = detail
        self.kind = kind
        self.retry_after = retry_after

    @property
    def is_permanent(self) -> bool:
        return self.kind is not FailureKind.TRANSIENT

    @property
    def is_filtered(self) -> bool:
        return self.kind in (FailureKind.FILTERED, FailureKind.IMAGE_FILTERED)


class Verdict(StrEnum):
    """The admin's check in one word (`manage.py check_provider` and the admin page)."""

    WORKS = "works"
    MISCONFIGURED = "misconfigured"
    BAD_KEY = "bad key"
    UNKNOWN_DEPLOYMENT = "unknown deployment"
    RETIRED_MODEL = "retired model"
    UNREACHABLE = "unreachable endpoint"
    FILTERED = "filtered"
    UNEXPECTED = "unexpected"


@dataclass(frozen=True)
class Finding:
    """What a probe found: a verdict and one line naming the setting to change."""

    verdict: Verdict
    message: str


class ImageProvider(Protocol):
    """An image service (or the offline stand-in), built from settings by the registry."""

    name: ClassVar[str]  # what settings.IMAGE_PROVIDER says, and what Generation.provider keeps
    label: ClassVar[str | Promise]  # what students and teachers read
    costs_money: ClassVar[bool]
    # Whether its pictures are made by AI (what every picture must say, on screen too).
    makes_ai_pictures: ClassVar[bool]
    # Settings that, all filled in, make this the default provider (see registry.py); the
    # key, if it needs one, comes last.
    configured_by: ClassVar[tuple[str, ...]]
    model: str  # what the request names (for Azure, the deployment)
    # Whether a picture of another size than asked for is an error (official APIs) or
    # accepted (self-hosted compatible servers often draw their own sizes).
    checks_size: bool

    @classmethod
    def from_settings(
        cls, *, alternatives: Sequence[type["ImageProvider"]] = ()
    ) -> "ImageProvider":
        """Built from settings; `alternatives` are the other providers, most deliberate first
        (a stand-in may point at them)."""
        ...

    @property
    def capabilities_model(self) -> str:
        """The model id its capabilities come from (for Azure, the model behind it)."""
        ...

    @property
    def capabilities(self) -> ModelCapabilities: ...

    @property
    def quota_key(self) -> str:
        """One images-per-minute line per account and deployment; "" for no quota at all."""
        ...

    @property
    def default_images_per_minute(self) -> int:
        """The service's usual limit when the admin sets none; 0 means no limit."""
        ...

    def describe(self) -> str:
        """What a check talks to, for admins: model, endpoint, which key (never the key)."""
        ...

    def configuration_problems(self) -> list[str]:
        """What is missing or malformed in the settings, found without any network call."""
        ...

    def diagnose(self) -> Finding:
        """A free probe of the service (nothing drawn, nothing billed)."""
        ...

    def explain(self, error: ProviderError) -> Finding:
        """A failed test picture in the check's words."""
        ...

    @property
    def can_edit(self) -> bool:
        """Whether `edit` works here: the model's family and the kind of service decide."""
        ...

    @property
    def can_stream(self) -> bool:
        """Whether `generate` sends partial pictures to `on_partial` on the way (the
        model's family decides; IMAGE_PARTIAL_IMAGES says how many, 0 for none)."""
        ...

    def generate(
        self, request: ImageRequest, *, on_partial: PartialHandler | None = None
    ) -> ProviderResult:
        """The final picture. With `on_partial`, where the provider can stream, each
        partial picture goes to it first, in order, from the calling thread; a provider
        that cannot stream ignores it. Errors are ProviderError, as without it."""
        ...

    def edit(self, request: EditRequest) -> ProviderResult:
        """The picture with the masked area changed; errors are sorted as for `generate`."""
        ...

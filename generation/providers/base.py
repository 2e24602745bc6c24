"""The one small interface every image provider implements."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


@dataclass(frozen=True)
class ImageRequest:
    prompt: str
    size: str  # "WxH"
    quality: str = ""
    style: str = ""
    # A salted hash of the student's id, never a name (OpenAI's `user` field).
    user_hash: str = ""


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


class ImageProvider(Protocol):
    name: str
    model: str
    # Whether a picture of another size than asked for is an error (official APIs) or
    # accepted (self-hosted compatible servers often draw their own sizes).
    checks_size: bool

    def generate(self, request: ImageRequest) -> ProviderResult: ...

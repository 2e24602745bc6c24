"""OpenAI, Azure OpenAI and any OpenAI-compatible server as image providers."""

import base64
from collections.abc import Sequence
from functools import cached_property
from typing import Any, ClassVar

import openai
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from generation.providers.base import (
    EditRequest,
    FailureKind,
    Finding,
    ImageProvider,
    ImageRequest,
    PartialHandler,
    ProviderError,
    ProviderResult,
)
from generation.providers.capabilities import (
    CURRENT_ON_OPENAI,
    ModelCapabilities,
    capabilities_for,
    retired_on_openai,
)
from generation.providers.download import download_image
from generation.providers.openai import diagnosis
from generation.providers.openai.client import azure_client, openai_client
from generation.providers.openai.errors import (
    Problem,
    error_code,
    error_message,
    problem_of,
    retry_after_seconds,
)
from generation.providers.openai.streaming import final_from_stream

# Azure's DALL-E 3 deployments allow about this many pictures a minute unless raised.
AZURE_DALL_E_3_PER_MINUTE = 6
# A stored picture may be JPEG or WebP (IMAGE_OUTPUT_FORMAT); its upload must say so.
_IMAGE_KINDS = (
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"RIFF", "webp", "image/webp"),
)


def _upload(stem: str, data: bytes) -> tuple[str, bytes, str]:
    """A multipart file (name, bytes, content type) named for what the bytes are."""
    for magic, extension, content_type in _IMAGE_KINDS:
        if data.startswith(magic):
            return f"{stem}.{extension}", data, content_type
    return f"{stem}.png", data, "image/png"


class OpenAIImageProvider:
    name: ClassVar[str] = "openai"
    label: ClassVar[str | Promise] = gettext_lazy("OpenAI")
    costs_money: ClassVar[bool] = True
    makes_ai_pictures: ClassVar[bool] = True
    configured_by: ClassVar[tuple[str, ...]] = ("OPENAI_API_KEY",)
    key_variable = "OPENAI_API_KEY"
    # Azure's URLs name a deployment and an api-version; OpenAI's name neither.
    deployments = False

    def __init__(
        self,
        client: openai.OpenAI | None,
        model: str,
        *,
        capabilities_model: str = "",
        checks_size: bool = True,
    ) -> None:
        self._client = client
        self.model = model  # what is sent as `model` (for Azure, the deployment)
        self._capabilities_model = capabilities_model or model
        self.checks_size = checks_size

    @classmethod
    def from_settings(
        cls, *, alternatives: Sequence[type[ImageProvider]] = ()
    ) -> "OpenAIImageProvider":
        # A self-hosted server may draw its own sizes; the official API must not. The
        # client is built when first used: pages only ask what the model can do.
        return cls(None, settings.IMAGE_MODEL, checks_size=settings.IMAGE_CHECK_SIZE)

    @cached_property
    def client(self) -> openai.OpenAI:
        return self._client or openai_client()

    @property
    def capabilities_model(self) -> str:
        return self._capabilities_model

    @property
    def capabilities(self) -> ModelCapabilities:
        return capabilities_for(self.capabilities_model)

    @property
    def quota_key(self) -> str:
        """One line per account and model: they have separate quotas."""
        where = f"{settings.OPENAI_BASE_URL or 'api.openai.com'}|{settings.IMAGE_MODEL}"
        return f"edu4all:images-per-minute:{self.name}:{where}"

    @property
    def default_images_per_minute(self) -> int:
        # OpenAI's quotas depend on the account's tier, so there is no default limit.
        return 0

    def describe(self) -> str:
        return diagnosis.openai_target()

    def configuration_problems(self) -> list[str]:
        return diagnosis.openai_configuration_problems()

    def diagnose(self) -> Finding:
        return diagnosis.check_openai()

    def explain(self, error: ProviderError) -> Finding:
        return diagnosis.explain_openai(error)

    def request_params(self, request: ImageRequest) -> dict[str, Any]:
        """The exact parameters for this model family; nothing it would refuse."""
        capabilities = self.capabilities
        params: dict[str, Any] = {"model": self.model, "prompt": request.prompt}
        if request.style and request.style in capabilities.styles:
            params["style"] = request.style
        params.update(self._picture_params(request.size, request.quality))
        params.update(capabilities.fixed_options)
        if request.user_hash:
            params["user"] = request.user_hash
        return params

    def _picture_params(self, size: str, quality: str) -> dict[str, Any]:
        """What a drawing and an edit ask alike: size, quality and the answer's format."""
        capabilities = self.capabilities
        params: dict[str, Any] = {"size": size, "n": 1}
        if quality and quality in capabilities.qualities:
            params["quality"] = quality
        if capabilities.accepts_response_format:
            params["response_format"] = "b64_json"
        if "output_format" in capabilities.extra_options:
            params.update(self._output_format_params())
        if "background" in capabilities.extra_options and settings.IMAGE_BACKGROUND != "auto":
            params["background"] = settings.IMAGE_BACKGROUND
        return params

    @property
    def can_edit(self) -> bool:
        """gpt-image models edit; a compatible server edits if its admin says it does."""
        if self.capabilities.edits:
            return True
        return bool(settings.OPENAI_BASE_URL) and settings.IMAGE_SERVER_EDITS

    def edit_params(self, request: EditRequest) -> dict[str, Any]:
        """The multipart fields of `images.edit` for this family; nothing it would refuse."""
        capabilities = self.capabilities
        params: dict[str, Any] = {
            "model": self.model,
            "image": _upload("picture", request.image),
            "mask": ("mask.png", request.mask, "image/png"),
            "prompt": request.prompt,
        }
        params.update(self._picture_params(request.size, request.quality))
        if request.input_fidelity and request.input_fidelity in capabilities.input_fidelity:
            params["input_fidelity"] = request.input_fidelity
        # No `moderation` here: the client's images.edit has no such field, so the
        # service's default applies, which is the strict "auto".
        if request.user_hash:
            params["user"] = request.user_hash
        return params

    @property
    def can_stream(self) -> bool:
        """gpt-image models stream partial pictures; DALL-E never did."""
        return self.capabilities.streams

    def generate(
        self, request: ImageRequest, *, on_partial: PartialHandler | None = None
    ) -> ProviderResult:
        params = self.request_params(request)
        partials = settings.IMAGE_PARTIAL_IMAGES
        if on_partial is None or not partials or not self.can_stream:
            try:
                response = self.client.images.generate(**params)
            except openai.APIError as exc:
                raise self.error_from(exc) from exc
            return self._result_from(response)
        try:
            stream = self.client.images.generate(**params, stream=True, partial_images=partials)
            # Read inside the try: the connection can drop, or the service send an error
            # event, after the first partial pictures arrived.
            final = final_from_stream(stream, on_partial)
        except openai.APIError as exc:
            raise self.error_from(exc) from exc
        return self._result_from(final)

    def edit(self, request: EditRequest) -> ProviderResult:
        try:
            response = self.client.images.edit(**self.edit_params(request))
        except openai.APIError as exc:
            raise self.error_from(exc) from exc
        return self._result_from(response)

    def _output_format_params(self) -> dict[str, Any]:
        output_format = settings.IMAGE_OUTPUT_FORMAT
        params: dict[str, Any] = {"output_format": output_format}
        if output_format in ("jpeg", "webp") and settings.IMAGE_OUTPUT_COMPRESSION:
            params["output_compression"] = settings.IMAGE_OUTPUT_COMPRESSION
        return params

    def _result_from(self, response: Any) -> ProviderResult:
        """The first picture of an images answer: base64, or a link fetched at once."""
        if not response.data:
            raise ProviderError("The response held no image.", kind=FailureKind.BAD_OUTPUT)
        first = response.data[0]
        if first.b64_json:
            try:
                image_bytes = base64.b64decode(first.b64_json, validate=True)
            except ValueError as exc:
                raise ProviderError(
                    "The image data was not valid base64.", kind=FailureKind.BAD_OUTPUT
                ) from exc
        elif first.url:
            # The link expires within the hour: fetch it now, inside the task.
            image_bytes = download_image(first.url, timeout=settings.IMAGE_DOWNLOAD_TIMEOUT_SECONDS)
        else:
            raise ProviderError("The response held no image.", kind=FailureKind.BAD_OUTPUT)
        usage = response.usage.model_dump() if getattr(response, "usage", None) else {}
        return ProviderResult(
            image_bytes=image_bytes,
            model=self.capabilities_model,
            revised_prompt=first.revised_prompt or "",
            usage={key: value for key, value in usage.items() if isinstance(value, int)},
        )

    def error_from(self, exc: openai.APIError) -> ProviderError:
        """Sort a client error into what the task should do, in words an admin can act on."""
        problem = problem_of(exc, deployments=self.deployments)
        code = error_code(exc)
        message = error_message(exc)
        if problem in (Problem.FILTERED, Problem.IMAGE_FILTERED):
            return ProviderError(f"{code or 'content filter'}: {message}", kind=problem.kind)
        if problem is Problem.TIMEOUT:
            return ProviderError(
                f"The image service did not answer within "
                f"{settings.IMAGE_PROVIDER_TIMEOUT_SECONDS} s.",
                kind=problem.kind,
            )
        if problem is Problem.UNREACHABLE:
            return ProviderError(
                f"Could not reach the image service at {self.endpoint}: {message}",
                kind=problem.kind,
            )
        if not isinstance(exc, openai.APIStatusError):
            return ProviderError(f"{type(exc).__name__}: {message}", kind=problem.kind)
        status = exc.status_code
        if problem in (Problem.RATE_LIMITED, Problem.SERVICE_DOWN):
            return ProviderError(
                f"HTTP {status} ({code or 'no code'}): {message}",
                kind=problem.kind,
                retry_after=retry_after_seconds(exc.response.headers),
            )
        if problem in (Problem.BAD_KEY, Problem.FORBIDDEN):
            return ProviderError(
                f"HTTP {status}: the image service refused the key. Check {self.key_variable}.",
                kind=problem.kind,
            )
        if problem in (Problem.UNKNOWN_DEPLOYMENT, Problem.UNKNOWN_MODEL, Problem.NOT_FOUND):
            return ProviderError(self.not_found_advice(status, code, message), kind=problem.kind)
        return ProviderError(
            f"HTTP {status} ({code or 'no code'}): {message}. Check the provider settings.",
            kind=problem.kind,
        )

    @property
    def endpoint(self) -> str:
        return str(self.client.base_url)

    def not_found_advice(self, status: int, code: str, message: str) -> str:
        retired = "" if settings.OPENAI_BASE_URL else retired_on_openai(self.model)
        if retired:
            return (
                f"HTTP {status} ({code or 'not found'}): the model '{self.model}' is retired "
                f"(OpenAI stopped serving it on {retired}). Set IMAGE_MODEL to "
                f"{CURRENT_ON_OPENAI}. Detail: {message}"
            )
        return (
            f"HTTP {status} ({code or 'not found'}): the model '{self.model}' is retired or "
            f"unknown at {self.endpoint}. Set IMAGE_MODEL to a current model (for OpenAI, "
            f"{CURRENT_ON_OPENAI}). Detail: {message}"
        )


class AzureOpenAIImageProvider(OpenAIImageProvider):
    name: ClassVar[str] = "azure"
    label: ClassVar[str | Promise] = gettext_lazy("Azure OpenAI")
    configured_by: ClassVar[tuple[str, ...]] = ("AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY")
    key_variable = "AZURE_OPENAI_API_KEY"
    deployments = True

    @classmethod
    def from_settings(
        cls, *, alternatives: Sequence[type[ImageProvider]] = ()
    ) -> "AzureOpenAIImageProvider":
        return cls(
            None,
            settings.AZURE_OPENAI_DEPLOYMENT,
            capabilities_model=settings.AZURE_OPENAI_MODEL,
        )

    @cached_property
    def client(self) -> openai.OpenAI:
        return self._client or azure_client()

    @property
    def can_edit(self) -> bool:
        """The model behind the deployment decides (gpt-image edits, DALL-E 3 does not)."""
        return self.capabilities.edits

    @property
    def quota_key(self) -> str:
        """One line per resource and deployment: they have separate quotas."""
        where = f"{settings.AZURE_OPENAI_ENDPOINT}|{settings.AZURE_OPENAI_DEPLOYMENT}"
        return f"edu4all:images-per-minute:{self.name}:{where}"

    @property
    def default_images_per_minute(self) -> int:
        return AZURE_DALL_E_3_PER_MINUTE if self.capabilities_model == "dall-e-3" else 0

    def describe(self) -> str:
        return diagnosis.azure_target()

    def configuration_problems(self) -> list[str]:
        return diagnosis.azure_configuration_problems()

    def diagnose(self) -> Finding:
        return diagnosis.check_azure()

    def explain(self, error: ProviderError) -> Finding:
        return diagnosis.explain_azure(error)

    @property
    def endpoint(self) -> str:
        return str(settings.AZURE_OPENAI_ENDPOINT)

    def not_found_advice(self, status: int, code: str, message: str) -> str:
        return (
            f"HTTP {status} ({code or 'not found'}): no deployment '{self.model}' at "
            f"{self.endpoint} (api-version {settings.AZURE_OPENAI_API_VERSION}). Check "
            f"AZURE_OPENAI_DEPLOYMENT and AZURE_OPENAI_API_VERSION. Detail: {message}"
        )

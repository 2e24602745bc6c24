"""OpenAI, Azure OpenAI and any OpenAI-compatible server, through the official client."""

import base64
import email.utils
import time
from typing import Any

import openai
from django.conf import settings

from generation.capabilities import ModelCapabilities, capabilities_for
from generation.providers.base import FailureKind, ImageRequest, ProviderError, ProviderResult
from generation.providers.download import download_image
from generation.providers.http import shared_http_client

# Codes the services use when their safety system refuses a prompt or a picture.
_FILTER_CODES = {
    "content_policy_violation",  # OpenAI DALL-E
    "moderation_blocked",  # OpenAI gpt-image
    "contentFilter",  # Azure
    "content_filter",
    "ResponsibleAIPolicyViolation",  # Azure inner error
}
_IMAGE_FILTERED_HINT = "generated image was filtered"


class OpenAIImageProvider:
    name = "openai"
    key_variable = "OPENAI_API_KEY"

    def __init__(
        self,
        client: openai.OpenAI,
        model: str,
        *,
        capabilities_model: str = "",
        checks_size: bool = True,
    ) -> None:
        self.client = client
        self.model = model  # what is sent as `model` (for Azure, the deployment)
        self.capabilities_model = capabilities_model or model
        self.checks_size = checks_size

    @classmethod
    def from_settings(cls) -> "OpenAIImageProvider":
        # A self-hosted server may draw its own sizes; the official API must not.
        return cls(openai_client(), settings.IMAGE_MODEL, checks_size=settings.IMAGE_CHECK_SIZE)

    @property
    def capabilities(self) -> ModelCapabilities:
        return capabilities_for(self.capabilities_model)

    def request_params(self, request: ImageRequest) -> dict[str, Any]:
        """The exact parameters for this model family; nothing it would refuse."""
        capabilities = self.capabilities
        params: dict[str, Any] = {
            "model": self.model,
            "prompt": request.prompt,
            "size": request.size,
            "n": 1,
        }
        if request.quality and request.quality in capabilities.qualities:
            params["quality"] = request.quality
        if request.style and request.style in capabilities.styles:
            params["style"] = request.style
        if capabilities.accepts_response_format:
            params["response_format"] = "b64_json"
        if "output_format" in capabilities.extra_options:
            output_format = settings.IMAGE_OUTPUT_FORMAT
            params["output_format"] = output_format
            if output_format in ("jpeg", "webp") and settings.IMAGE_OUTPUT_COMPRESSION:
                params["output_compression"] = settings.IMAGE_OUTPUT_COMPRESSION
        if "background" in capabilities.extra_options and settings.IMAGE_BACKGROUND != "auto":
            params["background"] = settings.IMAGE_BACKGROUND
        params.update(capabilities.fixed_options)
        if request.user_hash:
            params["user"] = request.user_hash
        return params

    def generate(self, request: ImageRequest) -> ProviderResult:
        try:
            response = self.client.images.generate(**self.request_params(request))
        except openai.APIError as exc:
            raise self.error_from(exc) from exc
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
        code = _error_code(exc)
        message = _error_message(exc)
        if code in _FILTER_CODES or _inner_code(exc) in _FILTER_CODES:
            kind = (
                FailureKind.IMAGE_FILTERED
                if _IMAGE_FILTERED_HINT in message.lower()
                else FailureKind.FILTERED
            )
            return ProviderError(f"{code or 'content filter'}: {message}", kind=kind)
        if isinstance(exc, openai.APITimeoutError):
            return ProviderError(
                f"The image service did not answer within "
                f"{settings.IMAGE_PROVIDER_TIMEOUT_SECONDS} s.",
                kind=FailureKind.TRANSIENT,
            )
        if isinstance(exc, openai.APIConnectionError):
            return ProviderError(
                f"Could not reach the image service at {self.endpoint}: {message}",
                kind=FailureKind.TRANSIENT,
            )
        if not isinstance(exc, openai.APIStatusError):
            return ProviderError(f"{type(exc).__name__}: {message}", kind=FailureKind.TRANSIENT)
        status = exc.status_code
        if status == 429 or status >= 500:
            return ProviderError(
                f"HTTP {status} ({code or 'no code'}): {message}",
                kind=FailureKind.TRANSIENT,
                retry_after=retry_after_seconds(exc.response.headers),
            )
        if status in (401, 403):
            return ProviderError(
                f"HTTP {status}: the image service refused the key. Check {self.key_variable}.",
                kind=FailureKind.CONFIGURATION,
            )
        if status == 404 or code in ("model_not_found", "DeploymentNotFound"):
            return ProviderError(
                self.not_found_advice(code, message), kind=FailureKind.CONFIGURATION
            )
        return ProviderError(
            f"HTTP {status} ({code or 'no code'}): {message}. Check the provider settings.",
            kind=FailureKind.CONFIGURATION,
        )

    @property
    def endpoint(self) -> str:
        return str(self.client.base_url)

    def not_found_advice(self, code: str, message: str) -> str:
        return (
            f"HTTP 404 ({code or 'not found'}): the model '{self.model}' is retired or unknown "
            f"at {self.endpoint}. Set IMAGE_MODEL to a current model (for OpenAI, gpt-image-2). "
            f"Detail: {message}"
        )


class AzureOpenAIImageProvider(OpenAIImageProvider):
    name = "azure"
    key_variable = "AZURE_OPENAI_API_KEY"

    @classmethod
    def from_settings(cls) -> "OpenAIImageProvider":
        return cls(
            azure_client(),
            settings.AZURE_OPENAI_DEPLOYMENT,
            capabilities_model=settings.AZURE_OPENAI_MODEL,
        )

    @property
    def endpoint(self) -> str:
        return str(settings.AZURE_OPENAI_ENDPOINT)

    def not_found_advice(self, code: str, message: str) -> str:
        return (
            f"HTTP 404 ({code or 'not found'}): no deployment '{self.model}' at "
            f"{self.endpoint} (api-version {settings.AZURE_OPENAI_API_VERSION}). Check "
            f"AZURE_OPENAI_DEPLOYMENT and AZURE_OPENAI_API_VERSION. Detail: {message}"
        )


# Building these is cheap (a fraction of a millisecond): the costly part, the HTTP client
# with its TLS context and connection pool, is the process's shared one. So settings are
# read afresh on every call, and each client's timeout goes with each of its requests.


def openai_client(timeout: float | None = None) -> openai.OpenAI:
    """The official client for OpenAI or any compatible server, from settings."""
    return openai.OpenAI(
        api_key=settings.OPENAI_API_KEY,
        base_url=settings.OPENAI_BASE_URL or None,
        timeout=timeout or settings.IMAGE_PROVIDER_TIMEOUT_SECONDS,
        # Celery owns retries (with backoff and the student's record in view).
        max_retries=0,
        http_client=shared_http_client(),
    )


def azure_client(timeout: float | None = None) -> openai.AzureOpenAI:
    """The official Azure client: deployment URLs, `api-version` and an `api-key` header."""
    return openai.AzureOpenAI(
        azure_endpoint=settings.AZURE_OPENAI_ENDPOINT,
        api_key=settings.AZURE_OPENAI_API_KEY,
        api_version=settings.AZURE_OPENAI_API_VERSION,
        timeout=timeout or settings.IMAGE_PROVIDER_TIMEOUT_SECONDS,
        max_retries=0,
        http_client=shared_http_client(),
    )


def _error_body(exc: openai.APIError) -> dict[str, Any]:
    body: dict[str, Any] = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error")
    return error if isinstance(error, dict) else body


def _error_code(exc: openai.APIError) -> str:
    return str(exc.code or _error_body(exc).get("code") or "")


def _inner_code(exc: openai.APIError) -> str:
    inner = _error_body(exc).get("inner_error") or _error_body(exc).get("innererror") or {}
    return str(inner.get("code") or "") if isinstance(inner, dict) else ""


def _error_message(exc: openai.APIError) -> str:
    return str(_error_body(exc).get("message") or exc.message)


def retry_after_seconds(headers: Any) -> float | None:
    """How long the provider asked us to wait: retry-after-ms, or Retry-After (seconds or date)."""
    try:
        if headers.get("retry-after-ms"):
            return float(headers["retry-after-ms"]) / 1000
        value = headers.get("retry-after")
        if not value:
            return None
        try:
            return float(value)
        except ValueError:
            when = email.utils.parsedate_to_datetime(value)
            return max(when.timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None

"""OpenAI, Azure OpenAI and any OpenAI-compatible server, through the official client."""

import base64
from typing import Any

import openai
from django.conf import settings

from generation.capabilities import capabilities_for
from generation.providers.base import FailureKind, ImageRequest, ProviderError, ProviderResult

# Codes the providers use when their safety system refuses a prompt or an image.
_FILTER_CODES = {
    "content_policy_violation",
    "moderation_blocked",
    "contentFilter",
    "content_filter",
}


class OpenAIImageProvider:
    name = "openai"

    def __init__(self, client: openai.OpenAI, model: str) -> None:
        self.client = client
        self.model = model

    @classmethod
    def from_settings(cls) -> "OpenAIImageProvider":
        return cls(openai_client(), settings.IMAGE_MODEL)

    def generate(self, request: ImageRequest) -> ProviderResult:
        capabilities = capabilities_for(self.model)
        params: dict[str, Any] = {
            "model": self.model,
            "prompt": request.prompt,
            "size": request.size,
            "n": 1,
        }
        if request.quality:
            params["quality"] = request.quality
        if request.style:
            params["style"] = request.style
        if capabilities.family == "gpt-image":
            # Always returns base64; moderation must stay on its strict default for children.
            params["moderation"] = "auto"
        else:
            params["response_format"] = "b64_json"
        if request.user_hash:
            params["user"] = request.user_hash
        try:
            response = self.client.images.generate(**params)
        except openai.APIError as exc:
            raise provider_error_from(exc) from exc
        if not response.data or not response.data[0].b64_json:
            raise ProviderError("The response held no image data.", kind=FailureKind.BAD_OUTPUT)
        first = response.data[0]
        try:
            image_bytes = base64.b64decode(first.b64_json or "", validate=True)
        except ValueError as exc:
            raise ProviderError(
                "The image data was not valid base64.", kind=FailureKind.BAD_OUTPUT
            ) from exc
        usage = response.usage.model_dump() if getattr(response, "usage", None) else {}
        return ProviderResult(
            image_bytes=image_bytes,
            model=self.model,
            revised_prompt=first.revised_prompt or "",
            usage={k: v for k, v in usage.items() if isinstance(v, int)},
        )


class AzureOpenAIImageProvider(OpenAIImageProvider):
    name = "azure"

    @classmethod
    def from_settings(cls) -> "OpenAIImageProvider":
        return cls(azure_client(), settings.AZURE_OPENAI_DEPLOYMENT)


def openai_client(timeout: float | None = None) -> openai.OpenAI:
    """The official client for OpenAI or any compatible server, from settings."""
    return openai.OpenAI(
        api_key=settings.OPENAI_API_KEY,
        base_url=settings.OPENAI_BASE_URL or None,
        timeout=timeout or settings.IMAGE_PROVIDER_TIMEOUT_SECONDS,
        # Celery owns retries (with backoff and the student's record in view).
        max_retries=0,
    )


def azure_client(timeout: float | None = None) -> openai.AzureOpenAI:
    """The official Azure client: deployment URLs, `api-version` and an `api-key` header."""
    return openai.AzureOpenAI(
        azure_endpoint=settings.AZURE_OPENAI_ENDPOINT,
        api_key=settings.AZURE_OPENAI_API_KEY,
        api_version=settings.AZURE_OPENAI_API_VERSION,
        timeout=timeout or settings.IMAGE_PROVIDER_TIMEOUT_SECONDS,
        max_retries=0,
    )


def provider_error_from(exc: openai.APIError) -> ProviderError:
    """Sort an OpenAI client error into what the task should do about it."""
    code = _error_code(exc)
    if code in _FILTER_CODES:
        return ProviderError(f"{code}: {exc.message}", kind=FailureKind.FILTERED)
    if isinstance(exc, openai.APITimeoutError | openai.APIConnectionError):
        return ProviderError(f"{type(exc).__name__}: {exc.message}", kind=FailureKind.TRANSIENT)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status == 429 or status >= 500:
            return ProviderError(
                f"HTTP {status}: {exc.message}",
                kind=FailureKind.TRANSIENT,
                retry_after=_retry_after_seconds(exc),
            )
        if status in (401, 403, 404):
            return ProviderError(
                f"HTTP {status} ({code or 'no code'}): {exc.message}. Check the provider "
                "settings (key, endpoint, IMAGE_MODEL or AZURE_OPENAI_DEPLOYMENT).",
                kind=FailureKind.CONFIGURATION,
            )
        return ProviderError(
            f"HTTP {status} ({code or 'no code'}): {exc.message}", kind=FailureKind.CONFIGURATION
        )
    return ProviderError(f"{type(exc).__name__}: {exc.message}", kind=FailureKind.TRANSIENT)


def _error_code(exc: openai.APIError) -> str:
    body: dict[str, Any] = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error")
    inner: dict[str, Any] = error if isinstance(error, dict) else body
    return str(exc.code or inner.get("code") or "")


def _retry_after_seconds(exc: openai.APIStatusError) -> float | None:
    headers = exc.response.headers
    try:
        if "retry-after-ms" in headers:
            return float(headers["retry-after-ms"]) / 1000
        if "retry-after" in headers:
            return float(headers["retry-after"])
    except ValueError:
        return None
    return None

"""What an error from OpenAI, Azure OpenAI or a compatible server means: one mapping.

The worker (client.py) and the admin's check (diagnosis.py) both sort errors with
`problem_of`, so they cannot disagree about what counts as filtered, as a setting to fix
or as worth retrying.
"""

import email.utils
import time
from enum import StrEnum
from typing import Any

import openai

from generation.providers.base import FailureKind

# Codes the services use when their safety system refuses a prompt or a picture.
FILTER_CODES = frozenset(
    {
        "content_policy_violation",  # OpenAI DALL-E
        "moderation_blocked",  # OpenAI gpt-image
        "contentFilter",  # Azure
        "content_filter",
        "ResponsibleAIPolicyViolation",  # Azure, often only as the inner error's code
    }
)
_IMAGE_FILTERED_HINT = "generated image was filtered"
_MODEL_CODES = frozenset({"model_not_found", "OperationNotSupported"})


class Problem(StrEnum):
    FILTERED = "filtered"
    IMAGE_FILTERED = "image filtered"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    CLIENT_ERROR = "client error"  # the client failed without an HTTP answer
    RATE_LIMITED = "rate limited"  # 429
    SERVICE_DOWN = "service down"  # 5xx
    BAD_KEY = "bad key"  # 401
    FORBIDDEN = "forbidden"  # 403
    UNKNOWN_DEPLOYMENT = "unknown deployment"
    UNKNOWN_MODEL = "unknown model"
    NOT_FOUND = "not found"  # 404 saying nothing more
    BAD_API_VERSION = "bad api version"  # Azure's api-version
    BAD_REQUEST = "bad request"  # any other refusal of the request itself

    @property
    def kind(self) -> FailureKind:
        return _KINDS.get(self, FailureKind.CONFIGURATION)


_KINDS = {
    Problem.FILTERED: FailureKind.FILTERED,
    Problem.IMAGE_FILTERED: FailureKind.IMAGE_FILTERED,
    Problem.TIMEOUT: FailureKind.TRANSIENT,
    Problem.UNREACHABLE: FailureKind.TRANSIENT,
    Problem.CLIENT_ERROR: FailureKind.TRANSIENT,
    Problem.RATE_LIMITED: FailureKind.TRANSIENT,
    Problem.SERVICE_DOWN: FailureKind.TRANSIENT,
}


def problem_of(exc: openai.APIError, *, deployments: bool = False) -> Problem:
    """What the error means. `deployments` for Azure, where a URL names a deployment and an
    api-version, so a bare 404 or a word about the version points there, not at the model."""
    code = error_code(exc)
    if code in FILTER_CODES or inner_code(exc) in FILTER_CODES:
        if _IMAGE_FILTERED_HINT in error_message(exc).lower():
            return Problem.IMAGE_FILTERED
        return Problem.FILTERED
    # A timeout is a kind of connection error: asked first.
    if isinstance(exc, openai.APITimeoutError):
        return Problem.TIMEOUT
    if isinstance(exc, openai.APIConnectionError):
        return Problem.UNREACHABLE
    if not isinstance(exc, openai.APIStatusError):
        return Problem.CLIENT_ERROR
    status = exc.status_code
    if status == 429:
        return Problem.RATE_LIMITED
    if status >= 500:
        return Problem.SERVICE_DOWN
    if status == 401:
        return Problem.BAD_KEY
    if status == 403:
        return Problem.FORBIDDEN
    if code == "DeploymentNotFound":
        return Problem.UNKNOWN_DEPLOYMENT
    about_model = code in _MODEL_CODES or _error_body(exc).get("param") == "model"
    if deployments:
        if status == 404:
            return Problem.NOT_FOUND
        if _is_about_version(exc):
            return Problem.BAD_API_VERSION
    if about_model:
        return Problem.UNKNOWN_MODEL
    if status == 404:
        return Problem.NOT_FOUND
    return Problem.BAD_REQUEST


def _error_body(exc: openai.APIError) -> dict[str, Any]:
    body: dict[str, Any] = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error")
    return error if isinstance(error, dict) else body


def error_code(exc: openai.APIError) -> str:
    return str(exc.code or _error_body(exc).get("code") or "")


def inner_code(exc: openai.APIError) -> str:
    inner = _error_body(exc).get("inner_error") or _error_body(exc).get("innererror") or {}
    return str(inner.get("code") or "") if isinstance(inner, dict) else ""


def error_message(exc: openai.APIError) -> str:
    return str(_error_body(exc).get("message") or exc.message)


def _is_about_version(exc: openai.APIError) -> bool:
    text = f"{error_code(exc)} {error_message(exc)}".lower()
    return "api version" in text or "api-version" in text


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

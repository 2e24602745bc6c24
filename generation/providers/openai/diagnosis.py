"""Is OpenAI, Azure OpenAI or a compatible server set up right? Free probes, in one line.

Errors are sorted by errors.problem_of, the worker's own mapping, so the check and the
worker agree about what is filtered, what is a setting to fix and what is worth retrying.
"""

from typing import Any
from urllib.parse import urlsplit

import openai
from django.conf import settings

from generation.providers.base import Finding, ProviderError, Verdict
from generation.providers.capabilities import (
    CURRENT_ON_OPENAI,
    capabilities_for,
    retired_on_openai,
)
from generation.providers.openai import messages
from generation.providers.openai.client import azure_client, openai_client
from generation.providers.openai.errors import Problem, error_code, problem_of

# Short on purpose: a healthy endpoint answers these calls in well under a second.
CHECK_TIMEOUT_SECONDS = 10
OPENAI_DEFAULT_URL = "https://api.openai.com/v1"
# Offered when the server cannot list its own models.
CURRENT_OPENAI_IMAGE_MODEL = CURRENT_ON_OPENAI
# The first Azure api-version that serves gpt-image deployments, edits included
# (/openai/deployments/<name>/images/edits); DALL-E 3 works with older ones too.
AZURE_GPT_IMAGE_API_VERSION = "2025-04-01-preview"
AZURE_REQUIRED = (
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_DEPLOYMENT",
    "AZURE_OPENAI_API_VERSION",
)


# --- what the check talks to, and what is wrong before any call -------------------------


def openai_target() -> str:
    return (
        f"openai, model {settings.IMAGE_MODEL or '(none)'}, "
        f"{settings.OPENAI_BASE_URL or OPENAI_DEFAULT_URL}, "
        f"{_key_label(settings.OPENAI_API_KEY)}"
    )


def azure_target() -> str:
    return (
        f"azure, deployment {settings.AZURE_OPENAI_DEPLOYMENT or '(none)'} "
        f"(model {settings.AZURE_OPENAI_MODEL or '(none)'}), "
        f"api-version {settings.AZURE_OPENAI_API_VERSION or '(none)'}, "
        f"{settings.AZURE_OPENAI_ENDPOINT or '(no endpoint)'}, "
        f"{_key_label(settings.AZURE_OPENAI_API_KEY)}"
    )


def openai_configuration_problems() -> list[str]:
    if not settings.OPENAI_API_KEY:
        return [str(messages.MISSING_OPENAI_KEY)]
    if not settings.IMAGE_MODEL:
        return [
            messages.MISSING_SETTINGS
            % {"provider": "openai", "variables": "IMAGE_MODEL", "count": 1}
        ]
    base_url = settings.OPENAI_BASE_URL
    if base_url and not _is_web_address(base_url):
        return [
            messages.MALFORMED_URL
            % {
                "variable": "OPENAI_BASE_URL",
                "value": base_url,
                "example": "http://127.0.0.1:8080/v1",
            }
        ]
    retired = "" if base_url else retired_on_openai(settings.IMAGE_MODEL)
    if retired:
        return [
            messages.OPENAI_MODEL_RETIRED_ON
            % {"model": settings.IMAGE_MODEL, "day": retired, "suggestion": CURRENT_ON_OPENAI}
        ]
    return []


def azure_configuration_problems() -> list[str]:
    missing = [variable for variable in AZURE_REQUIRED if not getattr(settings, variable)]
    if missing:
        return [
            messages.MISSING_SETTINGS
            % {"provider": "azure", "variables": " and ".join(missing), "count": len(missing)}
        ]
    endpoint = settings.AZURE_OPENAI_ENDPOINT
    if not _is_web_address(endpoint):
        return [
            messages.MALFORMED_URL
            % {
                "variable": "AZURE_OPENAI_ENDPOINT",
                "value": endpoint,
                "example": "https://<resource>.openai.azure.com/",
            }
        ]
    parts = urlsplit(endpoint)
    if parts.path.strip("/") or parts.query:
        # The client appends /openai/deployments/<name>/... itself; a pasted
        # "target URI" from the portal would double it.
        return [
            messages.AZURE_ENDPOINT_WITH_PATH
            % {"value": endpoint, "suggestion": f"{parts.scheme}://{parts.netloc}/"}
        ]
    version = settings.AZURE_OPENAI_API_VERSION
    if capabilities_for(settings.AZURE_OPENAI_MODEL).edits and _older_api_version(version):
        return [
            messages.AZURE_API_VERSION_TOO_OLD
            % {
                "version": version,
                "model": settings.AZURE_OPENAI_MODEL,
                "suggestion": AZURE_GPT_IMAGE_API_VERSION,
            }
        ]
    return []


def _older_api_version(version: str) -> bool:
    """Whether a dated api-version ("2024-02-01", "2025-03-01-preview") comes before the
    first that serves gpt-image; undated ones ("preview", "latest") are left to Azure."""
    day = version[:10]
    if len(day) != 10 or not day.replace("-", "").isdigit():
        return False
    return day < AZURE_GPT_IMAGE_API_VERSION[:10]


# --- the free probes ------------------------------------------------------------------------


def check_openai() -> Finding:
    """GET /models/<id> (free), then an empty prompt that is turned down before drawing.

    The model lookup gives the clearest answer for a retired model; the empty prompt
    proves the image route and the key's right to use it (restricted keys, unverified
    organisations), which the lookup alone does not.
    """
    client = openai_client(timeout=CHECK_TIMEOUT_SECONDS)
    model = settings.IMAGE_MODEL
    try:
        client.models.retrieve(model)
    except openai.APIConnectionError as exc:
        return _unreachable(exc, deployments=False)
    except openai.APIStatusError as exc:
        if exc.status_code == 404 and exc.code == "model_not_found":
            return Finding(Verdict.RETIRED_MODEL, _retired_model(client))
        # A 403 may only mean the key cannot list models, and a compatible server may
        # have no /models route: the image route below has the last word on both.
        if exc.status_code not in (403, 404):
            return _openai_status(exc, client)
    try:
        client.images.generate(model=model, prompt="", n=1)
    except openai.APIConnectionError as exc:
        return _unreachable(exc, deployments=False)
    except openai.APIStatusError as exc:
        if _turned_down_the_empty_prompt(exc, deployments=False):
            return Finding(Verdict.WORKS, messages.OPENAI_WORKS % _openai_words())
        return _openai_status(exc, client)
    return Finding(Verdict.WORKS, messages.OPENAI_WORKS_EVEN_EMPTY % _openai_words())


def check_azure() -> Finding:
    """Azure has no free per-deployment lookup: an empty prompt passes the key and the
    deployment checks and is then turned down before anything is drawn or billed."""
    client = azure_client(timeout=CHECK_TIMEOUT_SECONDS)
    try:
        client.images.generate(model=settings.AZURE_OPENAI_DEPLOYMENT, prompt="", n=1)
    except openai.APIConnectionError as exc:
        return _unreachable(exc, deployments=True)
    except openai.APIStatusError as exc:
        if _turned_down_the_empty_prompt(exc, deployments=True):
            return Finding(Verdict.WORKS, messages.AZURE_WORKS % _azure_words())
        return _azure_status(exc)
    return Finding(Verdict.WORKS, messages.AZURE_WORKS_EVEN_EMPTY % _azure_words())


def _turned_down_the_empty_prompt(exc: openai.APIStatusError, *, deployments: bool) -> bool:
    # A plain 400 comes after the key, the deployment and the model were accepted; one
    # the worker would call filtered, or a setting to fix, is not that.
    return exc.status_code == 400 and problem_of(exc, deployments=deployments) is (
        Problem.BAD_REQUEST
    )


# --- a failed test picture --------------------------------------------------------------------


def explain_openai(error: ProviderError) -> Finding:
    return _explain(error, provider="openai", deployments=False)


def explain_azure(error: ProviderError) -> Finding:
    return _explain(error, provider="azure", deployments=True)


def _explain(error: ProviderError, *, provider: str, deployments: bool) -> Finding:
    if error.is_filtered:
        return Finding(
            Verdict.FILTERED,
            messages.FILTERED
            % {"detail": _clean(error.detail), "variable": f"the {provider} provider"},
        )
    # The provider keeps the client's error as the cause: sort it like the free check does.
    cause = error.__cause__
    if isinstance(cause, openai.APIConnectionError):
        return _unreachable(cause, deployments=deployments)
    if isinstance(cause, openai.APIStatusError):
        if deployments:
            return _azure_status(cause)
        return _openai_status(cause, openai_client(timeout=CHECK_TIMEOUT_SECONDS))
    return Finding(
        Verdict.UNEXPECTED,
        messages.UNEXPECTED_ERROR
        % {"detail": _clean(error.detail), "advice": messages.ADVICE_OTHER},
    )


# --- errors in the check's words --------------------------------------------------------------


def _openai_status(exc: openai.APIStatusError, client: openai.OpenAI) -> Finding:
    words = _openai_words() | {"detail": _detail(exc)}
    problem = problem_of(exc, deployments=False)
    if problem in (Problem.FILTERED, Problem.IMAGE_FILTERED):
        return Finding(
            Verdict.FILTERED,
            messages.FILTERED % (words | {"variable": "the OpenAI organisation"}),
        )
    if problem is Problem.BAD_KEY:
        return Finding(Verdict.BAD_KEY, messages.OPENAI_BAD_KEY % words)
    if problem is Problem.FORBIDDEN:
        return Finding(Verdict.BAD_KEY, messages.OPENAI_FORBIDDEN % words)
    if problem is Problem.UNKNOWN_MODEL:
        return Finding(Verdict.RETIRED_MODEL, _retired_model(client))
    if problem in (Problem.NOT_FOUND, Problem.UNKNOWN_DEPLOYMENT):
        return Finding(Verdict.MISCONFIGURED, messages.OPENAI_NO_IMAGES_ROUTE % words)
    return _unexpected(exc, words, problem)


def _azure_status(exc: openai.APIStatusError) -> Finding:
    words = _azure_words() | {"detail": _detail(exc)}
    problem = problem_of(exc, deployments=True)
    if problem in (Problem.FILTERED, Problem.IMAGE_FILTERED):
        return Finding(
            Verdict.FILTERED,
            messages.FILTERED % (words | {"variable": "the Azure deployment"}),
        )
    if problem is Problem.BAD_KEY:
        return Finding(Verdict.BAD_KEY, messages.AZURE_BAD_KEY % words)
    if problem is Problem.FORBIDDEN:
        return Finding(Verdict.BAD_KEY, messages.AZURE_FORBIDDEN % words)
    if problem is Problem.UNKNOWN_DEPLOYMENT:
        return Finding(Verdict.UNKNOWN_DEPLOYMENT, messages.AZURE_UNKNOWN_DEPLOYMENT % words)
    if problem is Problem.NOT_FOUND:
        return Finding(Verdict.UNKNOWN_DEPLOYMENT, messages.AZURE_NOT_FOUND % words)
    if problem is Problem.BAD_API_VERSION:
        return Finding(Verdict.MISCONFIGURED, messages.AZURE_BAD_API_VERSION % words)
    if problem is Problem.UNKNOWN_MODEL:
        return Finding(Verdict.RETIRED_MODEL, messages.AZURE_NOT_AN_IMAGE_MODEL % words)
    return _unexpected(exc, words, problem)


def _unexpected(exc: openai.APIStatusError, words: dict[str, Any], problem: Problem) -> Finding:
    if problem is Problem.RATE_LIMITED:
        advice = messages.ADVICE_BUSY
    elif problem is Problem.SERVICE_DOWN:
        advice = messages.ADVICE_DOWN
    else:
        advice = messages.ADVICE_OTHER
    return Finding(
        Verdict.UNEXPECTED,
        messages.UNEXPECTED_STATUS % (words | {"status": exc.status_code, "advice": advice}),
    )


def _unreachable(exc: openai.APIConnectionError, *, deployments: bool) -> Finding:
    if isinstance(exc, openai.APITimeoutError):
        reason = f"no answer within {CHECK_TIMEOUT_SECONDS} s"
    else:
        reason = _clean(str(exc.__cause__ or exc.message))
    if deployments:
        url, variables = settings.AZURE_OPENAI_ENDPOINT, "AZURE_OPENAI_ENDPOINT and the network"
    elif settings.OPENAI_BASE_URL:
        url, variables = settings.OPENAI_BASE_URL, "OPENAI_BASE_URL and the network"
    else:
        url, variables = OPENAI_DEFAULT_URL, "the network and any proxy"
    return Finding(
        Verdict.UNREACHABLE,
        messages.UNREACHABLE % {"url": url, "reason": reason, "variables": variables},
    )


def _retired_model(client: openai.OpenAI) -> str:
    words = _openai_words()
    return messages.OPENAI_RETIRED_MODEL % {
        "model": words["model"],
        "where": f"the server at {words['url']}" if settings.OPENAI_BASE_URL else "OpenAI",
        "suggestion": _suggested_model(client),
    }


def _suggested_model(client: openai.OpenAI) -> str:
    """The newest image model the server lists (free), or a known current one."""
    try:
        listed = list(client.models.list())
    except openai.APIError:
        listed = []
    image_models = sorted(
        (
            model
            for model in listed
            if model.id.startswith(("gpt-image", "dall-e")) and model.id != settings.IMAGE_MODEL
        ),
        key=lambda model: model.created or 0,
        reverse=True,
    )
    if image_models:
        return image_models[0].id
    return CURRENT_OPENAI_IMAGE_MODEL


def _openai_words() -> dict[str, Any]:
    base_url = settings.OPENAI_BASE_URL
    return {
        "server": f"The server at {base_url}" if base_url else "OpenAI",
        "url": base_url or OPENAI_DEFAULT_URL,
        "key": _key_label(settings.OPENAI_API_KEY),
        "model": settings.IMAGE_MODEL,
    }


def _azure_words() -> dict[str, Any]:
    return {
        "server": "Azure",
        "endpoint": settings.AZURE_OPENAI_ENDPOINT,
        "deployment": settings.AZURE_OPENAI_DEPLOYMENT,
        "version": settings.AZURE_OPENAI_API_VERSION,
        "key": _key_label(settings.AZURE_OPENAI_API_KEY),
    }


def _key_label(key: str) -> str:
    if not key:
        return "no key"
    # Only long keys give away their last characters: a short one would be half told.
    if len(key) >= 16:
        return f"the key ending in '{key[-4:]}'"
    return "the key"


def _detail(exc: openai.APIStatusError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    message = body.get("message") or (exc.body if isinstance(exc.body, str) else "")
    parts = [error_code(exc), str(message or "")]
    return _clean(": ".join(part for part in parts if part)) or "no details"


def _clean(text: str, limit: int = 160) -> str:
    """One short line, with any configured key blanked out of what a server echoed."""
    for key in (settings.OPENAI_API_KEY, settings.AZURE_OPENAI_API_KEY):
        if key:
            text = text.replace(key, "***")
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.hostname) and " " not in url

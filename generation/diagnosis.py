"""Is the image provider set up right? A verdict in one line, and what to change.

Used by `manage.py check_provider` and the admin's "Check the image provider" page.
The default check is free: it only asks the provider things that are answered before
any picture is drawn. `generate=True` also makes one small real (billed) picture.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import openai
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from generation.capabilities import active_capabilities
from generation.providers import PROVIDER_LABELS, ImageRequest, ProviderError, get_provider
from generation.providers.openai_images import azure_client, openai_client

# Short on purpose: a healthy endpoint answers these calls in well under a second.
CHECK_TIMEOUT_SECONDS = 10
TEST_PROMPT = "A friendly red apple on a table, drawn for children."
OPENAI_DEFAULT_URL = "https://api.openai.com/v1"
# Offered when the server cannot list its own models.
CURRENT_OPENAI_IMAGE_MODEL = "gpt-image-2"
FILTER_CODES = {"content_policy_violation", "moderation_blocked", "content_filter", "contentFilter"}

# Every line check_provider can say, in one place. Each names the setting to change.
OFFLINE_ACTIVE = _(
    "The offline preview is on: pictures are drawn locally and are not AI. To use a real "
    "model, set OPENAI_API_KEY, or AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY."
)
OFFLINE_DESPITE_KEY = _(
    "The offline preview is on although %(variable)s is set, because IMAGE_PROVIDER is "
    "'offline': remove IMAGE_PROVIDER or set it to %(provider)s to use the real model."
)
UNKNOWN_PROVIDER = _("IMAGE_PROVIDER is '%(value)s': set it to offline, openai or azure.")
MISSING_SETTINGS = ngettext_lazy(
    "IMAGE_PROVIDER is '%(provider)s' but %(variables)s is empty: set it in the environment.",
    "IMAGE_PROVIDER is '%(provider)s' but %(variables)s are empty: set them in the environment.",
    "count",
)
MISSING_OPENAI_KEY = _(
    "IMAGE_PROVIDER is 'openai' but OPENAI_API_KEY is empty: set OPENAI_API_KEY (any "
    "placeholder will do for a compatible server that needs no key)."
)
MALFORMED_URL = _(
    "%(variable)s is '%(value)s', which is not a web address: set it to a full URL "
    "such as %(example)s."
)
AZURE_ENDPOINT_WITH_PATH = _(
    "AZURE_OPENAI_ENDPOINT is '%(value)s' but must be only the resource address: set it "
    "to %(suggestion)s and the deployment name in AZURE_OPENAI_DEPLOYMENT."
)
OPENAI_WORKS = _("%(server)s accepted %(key)s and serves the model '%(model)s'.")
OPENAI_WORKS_EVEN_EMPTY = _(
    "%(server)s accepted %(key)s and made a picture for the model '%(model)s' even from "
    "an empty test prompt."
)
AZURE_WORKS = _(
    "Azure accepted %(key)s and found the deployment '%(deployment)s' (it turned down "
    "the empty test prompt, so no picture was made and nothing was billed)."
)
AZURE_WORKS_EVEN_EMPTY = _(
    "Azure accepted %(key)s and the deployment '%(deployment)s' made a picture even from "
    "an empty test prompt."
)
GENERATE_WORKS = _(
    "Made a %(size)s test picture of %(bytes)s bytes with %(provider)s (%(model)s); "
    "nothing was saved."
)
OPENAI_BAD_KEY = _("%(server)s refused %(key)s (HTTP 401): check OPENAI_API_KEY.")
OPENAI_FORBIDDEN = _(
    "%(server)s accepted %(key)s but refused to make pictures with it (HTTP 403: "
    "%(detail)s): check OPENAI_API_KEY's permissions and the organisation's verification."
)
AZURE_BAD_KEY = _(
    "Azure refused %(key)s (HTTP 401): check AZURE_OPENAI_API_KEY, and that it belongs to "
    "the resource at AZURE_OPENAI_ENDPOINT."
)
AZURE_FORBIDDEN = _(
    "Azure refused access (HTTP 403: %(detail)s): check AZURE_OPENAI_API_KEY and the "
    "resource's network rules."
)
AZURE_UNKNOWN_DEPLOYMENT = _(
    "The deployment '%(deployment)s' does not exist at %(endpoint)s: check "
    "AZURE_OPENAI_DEPLOYMENT (the deployment's name, not the model's)."
)
AZURE_NOT_FOUND = _(
    "Azure answered 404 for the deployment '%(deployment)s' at %(endpoint)s: check "
    "AZURE_OPENAI_DEPLOYMENT, and AZURE_OPENAI_API_VERSION ('%(version)s') is one that "
    "serves images."
)
AZURE_BAD_API_VERSION = _(
    "Azure does not accept the API version '%(version)s' here (%(detail)s): set "
    "AZURE_OPENAI_API_VERSION to a current version that serves images."
)
AZURE_NOT_AN_IMAGE_MODEL = _(
    "The deployment '%(deployment)s' runs a model that cannot make pictures, or one that "
    "was retired (%(detail)s): set AZURE_OPENAI_DEPLOYMENT to a current image deployment."
)
OPENAI_RETIRED_MODEL = _(
    "The model '%(model)s' is retired, unknown or not open to this key on %(where)s: set "
    "IMAGE_MODEL to a current model such as %(suggestion)s."
)
OPENAI_NO_IMAGES_ROUTE = _(
    "The server at %(url)s has no image route (HTTP 404 on /images/generations): check "
    "OPENAI_BASE_URL (it usually ends in /v1)."
)
UNREACHABLE = _("Could not reach %(url)s (%(reason)s): check %(variables)s.")
FILTERED = _(
    "The safety system refused the harmless test prompt (%(detail)s): check the content "
    "filter of %(variable)s."
)
UNEXPECTED_STATUS = _("%(server)s answered HTTP %(status)s (%(detail)s): %(advice)s")
UNEXPECTED_ERROR = _("The test picture failed (%(detail)s): %(advice)s")
ADVICE_BUSY = _("the account is rate limited or out of credit; check its billing, then retry.")
ADVICE_DOWN = _("the service is failing right now; try again in a few minutes.")
ADVICE_OTHER = _("compare the settings above with the provider's portal.")


class Verdict(StrEnum):
    WORKS = "works"
    MISCONFIGURED = "misconfigured"
    BAD_KEY = "bad key"
    UNKNOWN_DEPLOYMENT = "unknown deployment"
    RETIRED_MODEL = "retired model"
    UNREACHABLE = "unreachable endpoint"
    FILTERED = "filtered"
    UNEXPECTED = "unexpected"


@dataclass(frozen=True)
class ProviderVerdict:
    verdict: Verdict
    message: str  # one line, naming the setting to change; never the key itself
    target: str  # what was checked: provider, model or deployment, endpoint

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.WORKS

    def __str__(self) -> str:
        return f"{self.verdict}: {self.message}"


def provider_check(*, generate: bool = False) -> ProviderVerdict:
    """Check the configured provider; with `generate`, also make one small real picture."""
    target = provider_target()
    verdict, message = _check()
    if verdict is Verdict.WORKS and generate:
        verdict, message = _generate_test_picture()
    return ProviderVerdict(verdict=verdict, message=_clean(str(message), limit=1000), target=target)


def provider_target() -> str:
    """The provider, model or deployment and endpoint the check talks to (never the key)."""
    name = settings.IMAGE_PROVIDER
    if name == "openai":
        return (
            f"openai, model {settings.IMAGE_MODEL or '(none)'}, "
            f"{settings.OPENAI_BASE_URL or OPENAI_DEFAULT_URL}, "
            f"{_key_label(settings.OPENAI_API_KEY)}"
        )
    if name == "azure":
        return (
            f"azure, deployment {settings.AZURE_OPENAI_DEPLOYMENT or '(none)'} "
            f"(model {settings.AZURE_OPENAI_MODEL or '(none)'}), "
            f"api-version {settings.AZURE_OPENAI_API_VERSION or '(none)'}, "
            f"{settings.AZURE_OPENAI_ENDPOINT or '(no endpoint)'}, "
            f"{_key_label(settings.AZURE_OPENAI_API_KEY)}"
        )
    if name == "offline":
        return "offline preview, no network"
    return f"unknown provider {name!r}"


def configuration_problem() -> str:
    """What is missing or malformed in the settings, found without any network call."""
    name = settings.IMAGE_PROVIDER
    if name not in PROVIDER_LABELS:
        return UNKNOWN_PROVIDER % {"value": name}
    if name == "openai":
        if not settings.OPENAI_API_KEY:
            return str(MISSING_OPENAI_KEY)
        if not settings.IMAGE_MODEL:
            return MISSING_SETTINGS % {"provider": name, "variables": "IMAGE_MODEL", "count": 1}
        base_url = settings.OPENAI_BASE_URL
        if base_url and not _is_web_address(base_url):
            return MALFORMED_URL % {
                "variable": "OPENAI_BASE_URL",
                "value": base_url,
                "example": "http://127.0.0.1:8080/v1",
            }
    if name == "azure":
        required = (
            "AZURE_OPENAI_ENDPOINT",
            "AZURE_OPENAI_API_KEY",
            "AZURE_OPENAI_DEPLOYMENT",
            "AZURE_OPENAI_API_VERSION",
        )
        missing = [variable for variable in required if not getattr(settings, variable)]
        if missing:
            return MISSING_SETTINGS % {
                "provider": name,
                "variables": " and ".join(missing),
                "count": len(missing),
            }
        endpoint = settings.AZURE_OPENAI_ENDPOINT
        if not _is_web_address(endpoint):
            return MALFORMED_URL % {
                "variable": "AZURE_OPENAI_ENDPOINT",
                "value": endpoint,
                "example": "https://<resource>.openai.azure.com/",
            }
        parts = urlsplit(endpoint)
        if parts.path.strip("/") or parts.query:
            # The client appends /openai/deployments/<name>/... itself; a pasted
            # "target URI" from the portal would double it.
            return AZURE_ENDPOINT_WITH_PATH % {
                "value": endpoint,
                "suggestion": f"{parts.scheme}://{parts.netloc}/",
            }
    return ""


def _check() -> tuple[Verdict, str]:
    problem = configuration_problem()
    if problem:
        return Verdict.MISCONFIGURED, problem
    if settings.IMAGE_PROVIDER == "offline":
        return Verdict.WORKS, _offline_message()
    if settings.IMAGE_PROVIDER == "azure":
        return _check_azure()
    return _check_openai()


def _offline_message() -> str:
    if settings.AZURE_OPENAI_ENDPOINT and settings.AZURE_OPENAI_API_KEY:
        return OFFLINE_DESPITE_KEY % {"variable": "AZURE_OPENAI_API_KEY", "provider": "azure"}
    if settings.OPENAI_API_KEY:
        return OFFLINE_DESPITE_KEY % {"variable": "OPENAI_API_KEY", "provider": "openai"}
    return str(OFFLINE_ACTIVE)


def _check_openai() -> tuple[Verdict, str]:
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
        return Verdict.UNREACHABLE, _unreachable(exc)
    except openai.APIStatusError as exc:
        if exc.status_code == 404 and exc.code == "model_not_found":
            return Verdict.RETIRED_MODEL, _retired_model(client)
        # A 403 may only mean the key cannot list models, and a compatible server may
        # have no /models route: the image route below has the last word on both.
        if exc.status_code not in (403, 404):
            return _openai_status(exc, client)
    try:
        client.images.generate(model=model, prompt="", n=1)
    except openai.APIConnectionError as exc:
        return Verdict.UNREACHABLE, _unreachable(exc)
    except openai.APIStatusError as exc:
        if exc.status_code == 400 and not _is_about_model(exc):
            return Verdict.WORKS, OPENAI_WORKS % _openai_words()
        return _openai_status(exc, client)
    return Verdict.WORKS, OPENAI_WORKS_EVEN_EMPTY % _openai_words()


def _check_azure() -> tuple[Verdict, str]:
    """Azure has no free per-deployment lookup: an empty prompt passes the key and the
    deployment checks and is then turned down before anything is drawn or billed."""
    client = azure_client(timeout=CHECK_TIMEOUT_SECONDS)
    try:
        client.images.generate(model=settings.AZURE_OPENAI_DEPLOYMENT, prompt="", n=1)
    except openai.APIConnectionError as exc:
        return Verdict.UNREACHABLE, _unreachable(exc)
    except openai.APIStatusError as exc:
        if exc.status_code == 400 and not _is_about_model(exc) and not _is_about_version(exc):
            return Verdict.WORKS, AZURE_WORKS % _azure_words()
        return _azure_status(exc)
    return Verdict.WORKS, AZURE_WORKS_EVEN_EMPTY % _azure_words()


def _openai_status(exc: openai.APIStatusError, client: openai.OpenAI) -> tuple[Verdict, str]:
    words = _openai_words() | {"detail": _detail(exc)}
    status = exc.status_code
    if _is_filtered(exc):
        return Verdict.FILTERED, FILTERED % (words | {"variable": "the OpenAI organisation"})
    if status == 401:
        return Verdict.BAD_KEY, OPENAI_BAD_KEY % words
    if status == 403:
        return Verdict.BAD_KEY, OPENAI_FORBIDDEN % words
    if _is_about_model(exc):
        return Verdict.RETIRED_MODEL, _retired_model(client)
    if status == 404:
        return Verdict.MISCONFIGURED, OPENAI_NO_IMAGES_ROUTE % words
    return Verdict.UNEXPECTED, _unexpected(exc, words)


def _azure_status(exc: openai.APIStatusError) -> tuple[Verdict, str]:
    words = _azure_words() | {"detail": _detail(exc)}
    status = exc.status_code
    if _is_filtered(exc):
        return Verdict.FILTERED, FILTERED % (words | {"variable": "the Azure deployment"})
    if status == 401:
        return Verdict.BAD_KEY, AZURE_BAD_KEY % words
    if status == 403:
        return Verdict.BAD_KEY, AZURE_FORBIDDEN % words
    if status == 404 and exc.code == "DeploymentNotFound":
        return Verdict.UNKNOWN_DEPLOYMENT, AZURE_UNKNOWN_DEPLOYMENT % words
    if status == 404:
        return Verdict.UNKNOWN_DEPLOYMENT, AZURE_NOT_FOUND % words
    if _is_about_version(exc):
        return Verdict.MISCONFIGURED, AZURE_BAD_API_VERSION % words
    if _is_about_model(exc):
        return Verdict.RETIRED_MODEL, AZURE_NOT_AN_IMAGE_MODEL % words
    return Verdict.UNEXPECTED, _unexpected(exc, words)


def _generate_test_picture() -> tuple[Verdict, str]:
    provider = get_provider()
    size = active_capabilities().sizes["square"]
    try:
        result = provider.generate(ImageRequest(prompt=TEST_PROMPT, size=size))
    except ProviderError as exc:
        return _from_provider_error(exc)
    return Verdict.WORKS, GENERATE_WORKS % {
        "size": size,
        "bytes": f"{len(result.image_bytes):,}",
        "provider": provider.name,
        "model": result.model,
    }


def _from_provider_error(exc: ProviderError) -> tuple[Verdict, str]:
    if exc.is_filtered:
        return Verdict.FILTERED, FILTERED % {
            "detail": _clean(exc.detail),
            "variable": f"the {settings.IMAGE_PROVIDER} provider",
        }
    # The provider keeps the client's error as the cause: sort it like the free check does.
    cause = exc.__cause__
    if isinstance(cause, openai.APIConnectionError):
        return Verdict.UNREACHABLE, _unreachable(cause)
    if isinstance(cause, openai.APIStatusError):
        if settings.IMAGE_PROVIDER == "azure":
            return _azure_status(cause)
        return _openai_status(cause, openai_client(timeout=CHECK_TIMEOUT_SECONDS))
    return Verdict.UNEXPECTED, UNEXPECTED_ERROR % {
        "detail": _clean(exc.detail),
        "advice": ADVICE_OTHER,
    }


def _retired_model(client: openai.OpenAI) -> str:
    words = _openai_words()
    return OPENAI_RETIRED_MODEL % {
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


def _unreachable(exc: openai.APIConnectionError) -> str:
    if isinstance(exc, openai.APITimeoutError):
        reason = f"no answer within {CHECK_TIMEOUT_SECONDS} s"
    else:
        reason = _clean(str(exc.__cause__ or exc.message))
    if settings.IMAGE_PROVIDER == "azure":
        url, variables = settings.AZURE_OPENAI_ENDPOINT, "AZURE_OPENAI_ENDPOINT and the network"
    elif settings.OPENAI_BASE_URL:
        url, variables = settings.OPENAI_BASE_URL, "OPENAI_BASE_URL and the network"
    else:
        url, variables = OPENAI_DEFAULT_URL, "the network and any proxy"
    return UNREACHABLE % {"url": url, "reason": reason, "variables": variables}


def _unexpected(exc: openai.APIStatusError, words: dict[str, Any]) -> str:
    if exc.status_code == 429:
        advice = ADVICE_BUSY
    elif exc.status_code >= 500:
        advice = ADVICE_DOWN
    else:
        advice = ADVICE_OTHER
    return UNEXPECTED_STATUS % (words | {"status": exc.status_code, "advice": advice})


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


def _is_about_model(exc: openai.APIStatusError) -> bool:
    return exc.code in {"model_not_found", "OperationNotSupported"} or exc.param == "model"


def _is_about_version(exc: openai.APIStatusError) -> bool:
    text = _detail(exc).lower()
    return "api version" in text or "api-version" in text


def _is_filtered(exc: openai.APIStatusError) -> bool:
    return exc.code in FILTER_CODES


def _detail(exc: openai.APIStatusError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    message = body.get("message") or (exc.body if isinstance(exc.body, str) else "")
    parts = [exc.code or "", str(message or "")]
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

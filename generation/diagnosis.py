"""Is the image provider set up right? A verdict in one line, and what to change.

Used by `manage.py check_provider` and the admin's "Check the image provider" page.
The default check is free: the provider's own probe only asks things answered before
any picture is drawn. `generate=True` also makes one small real (billed) picture.
What to probe, and how to word what went wrong, is each provider's business.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from generation.providers import (
    Finding,
    ImageProvider,
    ImageRequest,
    ProviderError,
    Verdict,
    find_provider,
)
from generation.providers.registry import provider_choices_text
from generation.quota import quota_summary

__all__ = [
    "TEST_PROMPT",
    "ProviderVerdict",
    "Verdict",
    "configuration_problem",
    "provider_check",
    "provider_quota",
    "provider_target",
]

TEST_PROMPT = "A friendly red apple on a table, drawn for children."

UNKNOWN_PROVIDER = _("IMAGE_PROVIDER is '%(value)s': set it to %(choices)s.")
GENERATE_WORKS = _(
    "Made a %(size)s test picture of %(bytes)s bytes with %(provider)s (%(model)s); "
    "nothing was saved."
)


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
    provider = find_provider()
    finding = _check(provider)
    if provider is not None and finding.verdict is Verdict.WORKS and generate:
        finding = _generate_test_picture(provider)
    return ProviderVerdict(
        verdict=finding.verdict,
        message=_one_line(str(finding.message), limit=1000),
        target=provider_target(),
    )


def provider_target() -> str:
    """The provider, model or deployment and endpoint the check talks to (never the key)."""
    provider = find_provider()
    if provider is None:
        return f"unknown provider {settings.IMAGE_PROVIDER!r}"
    return provider.describe()


def provider_quota() -> str:
    """The configured provider's images-per-minute quota in words ("" if unknown)."""
    provider = find_provider()
    return quota_summary(provider) if provider is not None else ""


def configuration_problem() -> str:
    """What is missing or malformed in the settings, found without any network call."""
    provider = find_provider()
    if provider is None:
        return UNKNOWN_PROVIDER % {
            "value": settings.IMAGE_PROVIDER,
            "choices": provider_choices_text(),
        }
    problems = provider.configuration_problems()
    return problems[0] if problems else ""


def _check(provider: ImageProvider | None) -> Finding:
    problem = configuration_problem()
    if problem or provider is None:
        return Finding(Verdict.MISCONFIGURED, problem)
    return provider.diagnose()


def _generate_test_picture(provider: ImageProvider) -> Finding:
    size = provider.capabilities.sizes["square"]
    try:
        result = provider.generate(ImageRequest(prompt=TEST_PROMPT, size=size))
    except ProviderError as exc:
        return provider.explain(exc)
    return Finding(
        Verdict.WORKS,
        GENERATE_WORKS
        % {
            "size": size,
            "bytes": f"{len(result.image_bytes):,}",
            "provider": provider.name,
            "model": result.model,
        },
    )


def _one_line(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

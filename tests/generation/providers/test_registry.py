"""The registry: every caller learns what it needs from the provider, never from its name."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, ClassVar

import pytest
from django.test import RequestFactory
from django.utils.functional import Promise

from generation.capabilities import active_capabilities, active_model_name, editing_available
from generation.context_processors import image_provider
from generation.diagnosis import Verdict, provider_check, provider_target
from generation.pricing import estimate_cost
from generation.providers import (
    EditRequest,
    FailureKind,
    Finding,
    ImageProvider,
    ImageRequest,
    PartialHandler,
    ProviderError,
    ProviderResult,
    get_provider,
)
from generation.providers.capabilities import GPT_IMAGE, ModelCapabilities
from generation.providers.registry import PROVIDERS, provider_names
from generation.quota import quota_for, quota_summary


class CrayonProvider:
    """A made-up provider, registered for one test: nothing else learns its name."""

    name: ClassVar[str] = "crayon"
    label: ClassVar[str | Promise] = "Crayon box"
    costs_money: ClassVar[bool] = False
    makes_ai_pictures: ClassVar[bool] = False
    configured_by: ClassVar[tuple[str, ...]] = ()
    model = "crayon-1"
    checks_size = True

    @classmethod
    def from_settings(cls, *, alternatives: Sequence[type[ImageProvider]] = ()) -> "CrayonProvider":
        return cls()

    @property
    def capabilities_model(self) -> str:
        return "crayon-1"

    @property
    def capabilities(self) -> ModelCapabilities:
        return GPT_IMAGE

    @property
    def quota_key(self) -> str:
        return "edu4all:images-per-minute:crayon"

    @property
    def default_images_per_minute(self) -> int:
        return 12

    def describe(self) -> str:
        return "a box of crayons"

    def configuration_problems(self) -> list[str]:
        return []

    def diagnose(self) -> Finding:
        return Finding(Verdict.WORKS, "The crayons are sharp.")

    def explain(self, error: ProviderError) -> Finding:
        return Finding(Verdict.UNEXPECTED, error.detail)

    @property
    def can_edit(self) -> bool:
        return False

    @property
    def can_stream(self) -> bool:
        return False

    def generate(
        self, request: ImageRequest, *, on_partial: PartialHandler | None = None
    ) -> ProviderResult:
        raise ProviderError("no paper", kind=FailureKind.TRANSIENT)

    def edit(self, request: EditRequest) -> ProviderResult:
        raise ProviderError("no eraser", kind=FailureKind.CONFIGURATION)


@pytest.fixture
def crayons(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(PROVIDERS, CrayonProvider.name, CrayonProvider)
    settings.IMAGE_PROVIDER = CrayonProvider.name
    settings.IMAGE_PROVIDER_IMAGES_PER_MINUTE = None
    settings.REDIS_URL = ""


@pytest.mark.usefixtures("crayons")
def test_a_new_provider_needs_only_registering_for_every_caller_to_use_it(db: None) -> None:
    assert isinstance(get_provider(), CrayonProvider)
    assert active_capabilities() is GPT_IMAGE and active_model_name() == "crayon-1"
    # Its family edits, but the provider has the last word.
    assert not editing_available()
    assert quota_for(get_provider()).images_per_minute == 12
    assert quota_summary(get_provider()).startswith("12 pictures a minute")
    free = estimate_cost(provider="crayon", model="gpt-image-1", size="1024x1024", quality="low")
    assert free == Decimal("0")
    context = image_provider(RequestFactory().get("/"))
    assert context["image_provider_label"] == "Crayon box"
    verdict = provider_check()
    assert verdict.ok and verdict.message == "The crayons are sharp."
    assert provider_target() == "a box of crayons"


def test_an_unknown_provider_is_named_with_the_registered_choices(settings: Any) -> None:
    settings.IMAGE_PROVIDER = "dalle"

    verdict = provider_check()

    assert verdict.verdict == Verdict.MISCONFIGURED
    assert verdict.message == "IMAGE_PROVIDER is 'dalle': set it to offline, openai or azure."
    assert provider_target() == "unknown provider 'dalle'"


@pytest.mark.parametrize("name", provider_names())
def test_every_registered_provider_answers_the_whole_interface_from_empty_settings(
    settings: Any, name: str
) -> None:
    for variable in ("OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY"):
        setattr(settings, variable, "")
    settings.IMAGE_PROVIDER = name

    provider = get_provider()

    assert provider.name == name and str(provider.label)
    assert provider.capabilities.sizes["square"]
    assert isinstance(provider.quota_key, str) and provider.default_images_per_minute >= 0
    assert isinstance(provider.configuration_problems(), list)
    assert provider.describe()

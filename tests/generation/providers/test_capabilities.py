"""The model table: which families edit and stream, gpt-image-2's flexible sizes, retired
ids on OpenAI's own API, and which configured providers offer edits."""

from typing import Any

import pytest

from generation.diagnosis import Verdict, provider_check
from generation.providers import get_provider
from generation.providers.capabilities import (
    DALL_E_3,
    GPT_IMAGE,
    GPT_IMAGE_2,
    capabilities_for,
    retired_on_openai,
)


@pytest.mark.parametrize(
    "model",
    ["gpt-image-1", "gpt-image-1.5", "gpt-image-1-mini", "chatgpt-image-latest", "gpt-image-2"],
)
def test_gpt_image_models_edit_and_stream(model: str) -> None:
    capabilities = capabilities_for(model)

    assert capabilities.edits and capabilities.streams
    assert not capabilities.accepts_response_format


@pytest.mark.parametrize("model", ["dall-e-3", "dall-e-2", "stable-diffusion-xl"])
def test_dall_e_and_unknown_models_neither_edit_nor_stream(model: str) -> None:
    capabilities = capabilities_for(model)

    assert not capabilities.edits and not capabilities.streams


@pytest.mark.parametrize(
    "model",
    ["gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-2.5-sunburst", "gpt-image-2.6-flare"],
)
def test_gpt_image_2_and_its_newer_ids_share_the_flexible_size_family(model: str) -> None:
    assert capabilities_for(model) is GPT_IMAGE_2


def test_the_mini_model_takes_only_low_input_fidelity_and_gpt_image_2_none() -> None:
    assert capabilities_for("gpt-image-1.5").input_fidelity == ("high", "low")
    assert capabilities_for("gpt-image-1-mini").input_fidelity == ("low",)
    assert capabilities_for("gpt-image-2").input_fidelity == ()


@pytest.mark.parametrize(
    ("width", "height", "allowed"),
    [
        (1024, 1024, True),
        (1536, 864, True),  # both multiples of 16
        (2304, 768, True),  # exactly 3:1
        (768, 2304, True),  # exactly 1:3
        (2400, 784, False),  # wider than 3:1
        (1000, 1000, False),  # not multiples of 16
        (3840, 2160, True),
        (2160, 3840, True),
        (4096, 2048, False),  # past the largest side
        (3840, 3840, False),  # more pixels than 3840x2160
    ],
)
def test_gpt_image_2_draws_any_size_in_steps_of_16_between_1_to_3_and_3_to_1(
    width: int, height: int, allowed: bool
) -> None:
    assert GPT_IMAGE_2.allows_size(width, height) is allowed


def test_older_families_draw_only_their_listed_sizes() -> None:
    assert GPT_IMAGE.allows_size(1536, 1024) and not GPT_IMAGE.allows_size(1536, 864)
    assert DALL_E_3.allows_size(1792, 1024) and not DALL_E_3.allows_size(1536, 1024)


@pytest.mark.parametrize(
    ("model", "day"),
    [
        ("dall-e-3", "2026-05-12"),
        ("gpt-image-1", "2026-10-23"),
        ("gpt-image-1-2025-04-15", "2026-10-23"),
        ("gpt-image-1.5", "2026-12-01"),
        ("gpt-image-1-mini", "2026-12-01"),
        ("chatgpt-image-latest", "2026-12-01"),
        ("gpt-image-2", ""),
        ("gpt-image-2.5-flare", ""),
    ],
)
def test_openai_retired_every_image_model_before_gpt_image_2(model: str, day: str) -> None:
    assert retired_on_openai(model) == day


# --- which configured providers offer edits -----------------------------------------------------


def openai_settings(settings: Any, model: str, base_url: str = "") -> None:
    settings.IMAGE_PROVIDER = "openai"
    settings.OPENAI_API_KEY = "sk-test-not-real"
    settings.OPENAI_BASE_URL = base_url
    settings.IMAGE_MODEL = model


def azure_settings(settings: Any, model: str, version: str = "2025-04-01-preview") -> None:
    settings.IMAGE_PROVIDER = "azure"
    settings.AZURE_OPENAI_ENDPOINT = "https://school.openai.azure.com/"
    settings.AZURE_OPENAI_API_KEY = "azure-test-key"
    settings.AZURE_OPENAI_DEPLOYMENT = "school-images"
    settings.AZURE_OPENAI_API_VERSION = version
    settings.AZURE_OPENAI_MODEL = model


def test_openai_offers_edits_for_gpt_image_and_not_for_dall_e_3(settings: Any) -> None:
    openai_settings(settings, "gpt-image-2")
    assert get_provider().can_edit

    openai_settings(settings, "dall-e-3", base_url="http://127.0.0.1:9/v1")
    assert not get_provider().can_edit


def test_a_compatible_server_offers_edits_only_when_its_admin_says_so(settings: Any) -> None:
    openai_settings(settings, "sd-cpp-local", base_url="http://127.0.0.1:9/v1")
    settings.IMAGE_SERVER_EDITS = False
    assert not get_provider().can_edit

    settings.IMAGE_SERVER_EDITS = True
    assert get_provider().can_edit


def test_the_compatible_server_switch_does_not_make_openais_own_dall_e_edit(
    settings: Any,
) -> None:
    openai_settings(settings, "dall-e-3")
    settings.IMAGE_SERVER_EDITS = True

    assert not get_provider().can_edit


def test_azure_offers_edits_for_a_gpt_image_deployment_and_not_for_dall_e_3(
    settings: Any,
) -> None:
    azure_settings(settings, "gpt-image-1")
    assert get_provider().can_edit

    azure_settings(settings, "dall-e-3")
    assert not get_provider().can_edit


def test_the_offline_preview_always_edits(settings: Any) -> None:
    settings.IMAGE_PROVIDER = "offline"
    settings.IMAGE_MODEL = "dall-e-3"

    assert get_provider().can_edit


# --- what the admin's check says before any call ----------------------------------------------


def test_the_check_calls_a_retired_openai_model_retired_and_names_gpt_image_2(
    settings: Any,
) -> None:
    openai_settings(settings, "gpt-image-1")

    finding = provider_check()

    assert finding.verdict == Verdict.MISCONFIGURED
    assert finding.message == (
        "The model 'gpt-image-1' is retired: OpenAI stopped serving it on 2026-10-23. Set "
        "IMAGE_MODEL to gpt-image-2 (or point OPENAI_BASE_URL at a server that still runs it)."
    )


def test_an_azure_gpt_image_deployment_needs_an_api_version_that_serves_it(
    settings: Any,
) -> None:
    azure_settings(settings, "gpt-image-1", version="2024-02-01")

    finding = provider_check()

    assert finding.verdict == Verdict.MISCONFIGURED
    assert finding.message == (
        "AZURE_OPENAI_API_VERSION is '2024-02-01', older than a gpt-image-1 deployment needs "
        "for pictures and edits: set it to 2025-04-01-preview or later."
    )


def test_an_azure_dall_e_3_deployment_keeps_working_with_an_older_api_version(
    settings: Any,
) -> None:
    azure_settings(settings, "dall-e-3", version="2024-02-01")

    assert get_provider().configuration_problems() == []

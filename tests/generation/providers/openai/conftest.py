"""The gpt-image family on OpenAI and behind an Azure deployment, on the local fake API."""

from typing import Any

import pytest

from tests.support.fake_image_api import FakeImageAPI


@pytest.fixture
def gpt_image_2(settings: Any, openai_provider: FakeImageAPI) -> FakeImageAPI:
    settings.IMAGE_MODEL = "gpt-image-2"
    return openai_provider


@pytest.fixture
def azure_gpt_image(settings: Any, fake_image_api: FakeImageAPI) -> FakeImageAPI:
    settings.IMAGE_PROVIDER = "azure"
    settings.AZURE_OPENAI_ENDPOINT = fake_image_api.base_url
    settings.AZURE_OPENAI_API_KEY = "azure-test-key"
    settings.AZURE_OPENAI_DEPLOYMENT = "school-gpt-image"
    settings.AZURE_OPENAI_API_VERSION = "2025-04-01-preview"
    settings.AZURE_OPENAI_MODEL = "gpt-image-1"
    settings.IMAGE_PROVIDER_TIMEOUT_SECONDS = 5
    return fake_image_api

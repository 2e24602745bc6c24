from collections.abc import Iterator

import pytest

from tests.support.fake_image_api import FakeImageAPI


@pytest.fixture
def fake_image_api() -> Iterator[FakeImageAPI]:
    api = FakeImageAPI().start()
    yield api
    api.stop()


@pytest.fixture
def openai_provider(settings, fake_image_api: FakeImageAPI) -> FakeImageAPI:  # type: ignore[no-untyped-def]
    """Point the app at the local fake API through the real `openai` client."""
    settings.IMAGE_PROVIDER = "openai"
    settings.OPENAI_API_KEY = "sk-test-not-real"
    settings.OPENAI_BASE_URL = f"{fake_image_api.base_url}/v1"
    settings.IMAGE_MODEL = "dall-e-3"
    settings.IMAGE_PROVIDER_TIMEOUT_SECONDS = 5
    return fake_image_api

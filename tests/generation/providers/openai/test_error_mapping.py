"""The worker and the admin's check sort the same error answers the same way.

Every recorded error body under tests/fixtures/openai/ is answered once to a real
picture request (what the worker sees) and once to the check's free probe (what the
admin's "Check the image provider" page says), for OpenAI and for Azure.
"""

from collections.abc import Iterator
from typing import Any

import pytest

from generation.diagnosis import Verdict, provider_check
from generation.providers import FailureKind, ImageRequest, ProviderError, get_provider
from tests.support.fake_image_api import FIXTURES, FakeModelsAPI, load_fixture

ERROR_FIXTURES = sorted(
    path.stem for path in FIXTURES.glob("*.json") if load_fixture(path.stem)["status"] >= 400
)
# What the check's verdict means for the worker.
KIND_OF_VERDICT = {
    Verdict.FILTERED: "filtered",
    Verdict.BAD_KEY: "configuration",
    Verdict.UNKNOWN_DEPLOYMENT: "configuration",
    Verdict.RETIRED_MODEL: "configuration",
    Verdict.MISCONFIGURED: "configuration",
    Verdict.UNEXPECTED: "transient",
    Verdict.UNREACHABLE: "transient",
    Verdict.WORKS: "works",
}
KIND_OF_FAILURE = {
    FailureKind.FILTERED: "filtered",
    FailureKind.IMAGE_FILTERED: "filtered",
    FailureKind.CONFIGURATION: "configuration",
    FailureKind.TRANSIENT: "transient",
    FailureKind.BAD_OUTPUT: "bad output",
}


@pytest.fixture
def fake_api() -> Iterator[FakeModelsAPI]:
    api = FakeModelsAPI().start()
    yield api
    api.stop()


@pytest.fixture(params=["openai", "azure"])
def provider_settings(
    request: pytest.FixtureRequest, settings: Any, fake_api: FakeModelsAPI
) -> str:
    settings.IMAGE_PROVIDER = request.param
    settings.IMAGE_PROVIDER_TIMEOUT_SECONDS = 5
    if request.param == "openai":
        settings.OPENAI_API_KEY = "sk-test-error-mapping"
        settings.OPENAI_BASE_URL = f"{fake_api.base_url}/v1"
        settings.IMAGE_MODEL = "gpt-image-2"
    else:
        settings.AZURE_OPENAI_ENDPOINT = fake_api.base_url
        settings.AZURE_OPENAI_API_KEY = "azure-test-error-mapping"
        settings.AZURE_OPENAI_DEPLOYMENT = "classroom-images"
        settings.AZURE_OPENAI_API_VERSION = "2024-02-01"
        settings.AZURE_OPENAI_MODEL = "dall-e-3"
    return str(request.param)


def what_the_worker_makes_of(api: FakeModelsAPI, fixture: str) -> str:
    api.reply_with_fixture(fixture)
    try:
        get_provider().generate(ImageRequest(prompt="a lighthouse", size="1024x1024"))
    except ProviderError as error:
        return KIND_OF_FAILURE[error.kind]
    return "drawn"


def what_the_check_makes_of(api: FakeModelsAPI, fixture: str) -> str:
    api.reply_with_fixture(fixture)
    return KIND_OF_VERDICT[provider_check().verdict]


@pytest.mark.parametrize("fixture", ERROR_FIXTURES)
def test_the_check_and_the_worker_agree_about_every_recorded_error(
    provider_settings: str, fake_api: FakeModelsAPI, fixture: str
) -> None:
    worker = what_the_worker_makes_of(fake_api, fixture)

    check = what_the_check_makes_of(fake_api, fixture)

    assert check == worker, f"{provider_settings}, {fixture}"


@pytest.mark.parametrize("fixture", ["azure_policy_violation_code", "azure_policy_violation_inner"])
def test_azures_responsible_ai_policy_violation_is_filtered_for_both(
    provider_settings: str, fake_api: FakeModelsAPI, fixture: str
) -> None:
    assert what_the_worker_makes_of(fake_api, fixture) == "filtered"
    assert what_the_check_makes_of(fake_api, fixture) == "filtered"

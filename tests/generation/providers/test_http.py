"""One pooled HTTP client per worker process; each provider client keeps its own settings."""

import os
from concurrent.futures import ThreadPoolExecutor

import openai
import pytest

from generation.providers import http
from generation.providers.http import shared_http_client
from generation.providers.openai.client import azure_client, openai_client
from tests.support.fake_image_api import FakeImageAPI


def test_every_client_in_a_process_shares_one_connection_pool(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OPENAI_API_KEY = "sk-test-not-real"
    settings.AZURE_OPENAI_ENDPOINT = "http://127.0.0.1:9"
    settings.AZURE_OPENAI_API_KEY = "azure-test-key"
    with ThreadPoolExecutor(max_workers=4) as pool:
        pooled = set(pool.map(lambda _n: id(openai_client()._client), range(8)))
    assert pooled == {id(shared_http_client())}
    assert azure_client()._client is shared_http_client()


def test_each_client_keeps_its_own_timeout_key_and_no_retries(settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMAGE_PROVIDER_TIMEOUT_SECONDS = 120
    settings.OPENAI_API_KEY = "sk-first"
    first = openai_client()
    settings.OPENAI_API_KEY = "sk-second"
    moderation = openai_client(timeout=15)

    assert (first.api_key, first.timeout, first.max_retries) == ("sk-first", 120, 0)
    assert (moderation.api_key, moderation.timeout, moderation.max_retries) == ("sk-second", 15, 0)


def test_a_closed_pool_is_replaced_and_a_forked_process_makes_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = shared_http_client()
    first.close()
    second = shared_http_client()
    assert second is not first and not second.is_closed

    monkeypatch.setattr(http, "_client_pid", os.getpid() + 1)  # as seen from a child
    assert shared_http_client() is not second


def test_a_slow_request_still_times_out_on_the_shared_pool(
    settings,  # type: ignore[no-untyped-def]
    fake_image_api: FakeImageAPI,
) -> None:
    settings.OPENAI_API_KEY = "sk-test-not-real"
    settings.OPENAI_BASE_URL = f"{fake_image_api.base_url}/v1"
    fake_image_api.latency_seconds = 2
    with pytest.raises(openai.APITimeoutError):
        openai_client(timeout=0.5).images.generate(model="dall-e-2", prompt="a fish")
    fake_image_api.latency_seconds = 0
    reply = openai_client(timeout=5).images.generate(model="dall-e-2", prompt="a fish")
    assert reply.data

"""The official `openai` clients for OpenAI (or any compatible server) and Azure OpenAI."""

import openai
from django.conf import settings

from generation.providers.http import shared_http_client

# Building these is cheap (a fraction of a millisecond): the costly part, the HTTP client
# with its TLS context and connection pool, is the process's shared one. So settings are
# read afresh on every call, and each client's timeout goes with each of its requests.


def openai_client(timeout: float | None = None) -> openai.OpenAI:
    """The official client for OpenAI or any compatible server, from settings."""
    return openai.OpenAI(
        api_key=settings.OPENAI_API_KEY,
        base_url=settings.OPENAI_BASE_URL or None,
        timeout=timeout or settings.IMAGE_PROVIDER_TIMEOUT_SECONDS,
        # Celery owns retries (with backoff and the student's record in view).
        max_retries=0,
        http_client=shared_http_client(),
    )


def azure_client(timeout: float | None = None) -> openai.AzureOpenAI:
    """The official Azure client: deployment URLs, `api-version` and an `api-key` header."""
    return openai.AzureOpenAI(
        azure_endpoint=settings.AZURE_OPENAI_ENDPOINT,
        api_key=settings.AZURE_OPENAI_API_KEY,
        api_version=settings.AZURE_OPENAI_API_VERSION,
        timeout=timeout or settings.IMAGE_PROVIDER_TIMEOUT_SECONDS,
        max_retries=0,
        http_client=shared_http_client(),
    )

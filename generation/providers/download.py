"""Fetch a picture a provider answered with as a link (it expires, so at once)."""

import httpx2

from generation.providers.base import FailureKind, ProviderError
from generation.providers.http import shared_http_client

MAX_DOWNLOAD_BYTES = 40 * 1024 * 1024
_CHUNK = 256 * 1024


def download_image(url: str, *, timeout: float, max_bytes: int = MAX_DOWNLOAD_BYTES) -> bytes:
    if not url.startswith(("https://", "http://")):
        raise ProviderError(
            f"The picture link was not a web address: {url[:80]}", kind=FailureKind.BAD_OUTPUT
        )
    # The process's pooled client: no new TLS context per picture, and kept-alive
    # connections to the image host are reused.
    try:
        with shared_http_client().stream("GET", url, timeout=timeout) as response:
            if response.status_code >= 400:
                # An expired link answers 403 or 404; drawing again would charge again.
                raise ProviderError(
                    f"The picture's link could not be fetched (HTTP {response.status_code}); "
                    "it may have expired.",
                    kind=FailureKind.BAD_OUTPUT,
                )
            chunks: list[bytes] = []
            received = 0
            for chunk in response.iter_bytes(_CHUNK):
                received += len(chunk)
                if received > max_bytes:
                    raise ProviderError(
                        f"The picture at the link was over {max_bytes} bytes.",
                        kind=FailureKind.BAD_OUTPUT,
                    )
                chunks.append(chunk)
    except httpx2.InvalidURL as exc:
        raise ProviderError(
            f"The picture link was not a web address: {url[:80]}", kind=FailureKind.BAD_OUTPUT
        ) from exc
    except httpx2.HTTPError as exc:
        raise ProviderError(
            f"The picture's link could not be fetched: {type(exc).__name__}: {exc}",
            kind=FailureKind.TRANSIENT,
        ) from exc
    return b"".join(chunks)

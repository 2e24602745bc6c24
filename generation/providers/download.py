"""Fetch a picture a provider answered with as a link (it expires, so at once)."""

import urllib.error
import urllib.request

from generation.providers.base import FailureKind, ProviderError

MAX_DOWNLOAD_BYTES = 40 * 1024 * 1024
_CHUNK = 256 * 1024


def download_image(url: str, *, timeout: float, max_bytes: int = MAX_DOWNLOAD_BYTES) -> bytes:
    if not url.startswith(("https://", "http://")):
        raise ProviderError(
            f"The picture link was not a web address: {url[:80]}", kind=FailureKind.BAD_OUTPUT
        )
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - checked above
            chunks: list[bytes] = []
            received = 0
            while chunk := response.read(_CHUNK):
                received += len(chunk)
                if received > max_bytes:
                    raise ProviderError(
                        f"The picture at the link was over {max_bytes} bytes.",
                        kind=FailureKind.BAD_OUTPUT,
                    )
                chunks.append(chunk)
    except urllib.error.HTTPError as exc:
        # An expired link answers 403 or 404; drawing again would charge again, so stop.
        raise ProviderError(
            f"The picture's link could not be fetched (HTTP {exc.code}); it may have expired.",
            kind=FailureKind.BAD_OUTPUT,
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ProviderError(
            f"The picture's link could not be fetched: {exc}", kind=FailureKind.TRANSIENT
        ) from exc
    return b"".join(chunks)

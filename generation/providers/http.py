"""One pooled HTTP client per worker process, shared by its threads.

Building an HTTP client loads the system's CA certificates into a fresh TLS context
(about 20 ms of CPU holding the GIL), so a client per picture cost a threads worker more
than decoding the picture did. The client is thread-safe; every request passes its own
timeout, so callers with different deadlines share it.
"""

import os
import threading

import httpx2
from openai import DefaultHttpxClient

_lock = threading.Lock()
_client: httpx2.Client | None = None
_client_pid = 0


def shared_http_client() -> httpx2.Client:
    """This process's pooled client (openai's defaults: follows redirects, large pool)."""
    global _client, _client_pid
    client = _client
    # A forked child must not use its parent's sockets; a closed client is replaced.
    if client is not None and _client_pid == os.getpid() and not client.is_closed:
        return client
    with _lock:
        if _client is None or _client_pid != os.getpid() or _client.is_closed:
            _client = DefaultHttpxClient()
            _client_pid = os.getpid()
        return _client

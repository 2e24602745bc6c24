"""A local OpenAI-compatible image API on 127.0.0.1 for tests and benchmarks.

It answers /v1/images/generations (OpenAI) and
/openai/deployments/<name>/images/generations (Azure) with a real PNG, or with the
scripted failures a test queues up, and records every request it received.
"""

import base64
import io
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from PIL import Image


@dataclass
class ScriptedReply:
    status: int
    body: dict[str, Any] | bytes
    headers: dict[str, str] = field(default_factory=dict)


def png_bytes(size: str = "1024x1024", color: tuple[int, int, int] = (90, 140, 220)) -> bytes:
    width, height = (int(part) for part in size.split("x"))
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def openai_error(
    code: str, message: str, error_type: str = "invalid_request_error"
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "type": error_type, "param": None}}


class FakeImageAPI:
    def __init__(self, latency_seconds: float = 0.0) -> None:
        self.latency_seconds = latency_seconds
        self.requests: list[dict[str, Any]] = []
        self.scripted: deque[ScriptedReply] = deque()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> "FakeImageAPI":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reply_next(
        self, status: int, body: dict[str, Any] | bytes, headers: dict[str, str] | None = None
    ) -> None:
        self.scripted.append(ScriptedReply(status, body, headers or {}))

    def _next_reply(self, payload: dict[str, Any]) -> ScriptedReply:
        with self._lock:
            if self.scripted:
                return self.scripted.popleft()
        size = payload.get("size") or "1024x1024"
        image = base64.b64encode(png_bytes(size)).decode()
        return ScriptedReply(
            200,
            {
                "created": int(time.time()),
                "data": [{"b64_json": image, "revised_prompt": "A cheerful revised prompt."}],
            },
        )

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    payload = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    payload = {}
                with api._lock:
                    api.requests.append(
                        {
                            "path": self.path,
                            "headers": dict(self.headers),
                            "json": payload,
                        }
                    )
                if not self.path.split("?")[0].endswith("/images/generations"):
                    self._send(ScriptedReply(404, openai_error("not_found", "No such route")))
                    return
                if api.latency_seconds:
                    time.sleep(api.latency_seconds)
                self._send(api._next_reply(payload))

            def _send(self, reply: ScriptedReply) -> None:
                body = (
                    reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                )
                self.send_response(reply.status)
                content_type = (
                    "application/json" if not isinstance(reply.body, bytes) else "text/plain"
                )
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        return Handler

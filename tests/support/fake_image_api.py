"""A local OpenAI-compatible image API on 127.0.0.1 for tests and benchmarks.

It answers /v1/images/generations (OpenAI) and
/openai/deployments/<name>/images/generations (Azure) with a real PNG, or with the
scripted replies a test queues up (recorded bodies live in tests/fixtures/openai/), and
records every request it received. Edits (/v1/images/edits and
/openai/deployments/<name>/images/edits) are multipart: each recorded edit keeps its
text fields under "form" and its files (filename, content type, bytes) under "files",
and is answered like a generation, with a PNG of the size asked for. A generation that
asks for `stream: true` is answered the way the real API streams (server-sent events:
`partial_images` partial pictures, then the completed one, its latency spread evenly over
them), unless a test scripted an error reply or a whole stream. Picture links it
hands out are served from /files/<WxH>.png; links under /expired/ answer 403 like an
expired blob URL.
"""

import base64
import email.parser
import email.policy
import io
import json
import math
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from PIL import Image

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "openai"


def load_fixture(name: str) -> dict[str, Any]:
    return dict(json.loads((FIXTURES / f"{name}.json").read_text()))


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


@dataclass(frozen=True)
class FormFile:
    """One file part of a multipart request, as the server received it."""

    filename: str | None
    content_type: str | None  # the part's own Content-Type header, None when absent
    data: bytes


@dataclass
class MultipartForm:
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, FormFile] = field(default_factory=dict)
    # Every part's name in the order sent (a name sent twice shows twice).
    names: list[str] = field(default_factory=list)


def parse_multipart(content_type: str, body: bytes) -> MultipartForm:
    """A multipart/form-data body (RFC 7578), split at its boundary; each part's headers
    are read with the standard library's e-mail parser. (Feeding it the whole body costs
    about 80 ms of CPU for a 1.5 MB picture, which the benchmarks would count.)"""
    form = MultipartForm()
    boundary = _HEADERS.parsestr(f"Content-Type: {content_type}\r\n\r\n").get_boundary()
    if not boundary:
        return form
    # Every delimiter but a first one at the very start follows a CRLF, which belongs to it.
    parts = (b"\r\n" + body).split(b"\r\n--" + boundary.encode())
    for part in parts[1:]:
        if part.startswith(b"--"):
            break  # the close delimiter; what follows is the epilogue
        head, _, data = part.partition(b"\r\n\r\n")
        # What follows the delimiter on its line is padding; the headers start after it.
        headers = _HEADERS.parsestr(
            head.partition(b"\r\n")[2].decode("ascii", "surrogateescape") + "\r\n\r\n"
        )
        name = str(headers.get_param("name", header="content-disposition") or "")
        form.names.append(name)
        filename = headers.get_filename()
        if filename is not None or headers.get("Content-Type") is not None:
            form.files[name] = FormFile(filename, headers.get("Content-Type"), data)
        else:
            form.fields[name] = data.decode()
    return form


_HEADERS = email.parser.HeaderParser(policy=email.policy.HTTP)

# Partial pictures are drawn in these colours, the final one in png_bytes' own.
PARTIAL_COLORS = ((230, 230, 240), (180, 200, 235), (130, 170, 225))


def stream_event(kind: str, size: str, **fields: Any) -> dict[str, Any]:
    """One event of a streamed generation, shaped like the real API's (`ImageGenStreamEvent`):
    kind "partial_image" (with `partial_image_index`) or "completed" (with `usage`)."""
    return {
        "type": f"image_generation.{kind}",
        "created_at": int(time.time()),
        "size": size,
        "quality": "low",
        "background": "opaque",
        "output_format": "png",
        **fields,
    }


class FakeImageAPI:
    def __init__(self, latency_seconds: float = 0.0) -> None:
        self.latency_seconds = latency_seconds
        self.requests: list[dict[str, Any]] = []
        self.scripted: deque[ScriptedReply] = deque()
        # Whole streams a test scripted: each a list of events (dicts with a "type"),
        # written in order with the latency spread over them; "__PNG__" is a picture.
        self.streams_scripted: deque[list[dict[str, Any]]] = deque()
        # (time.monotonic(), event type) of every streamed event, as it was sent.
        self.stream_log: list[tuple[float, str]] = []
        # Moderation answers queue separately, so a test can script both in any order.
        self.moderation_scripted: deque[ScriptedReply] = deque()
        # A provider's quota: at most quota_images picture requests in any sliding window
        # of quota_window_seconds; beyond it a 429 with Retry-After, like OpenAI and Azure.
        self.quota_images: int | None = None
        self.quota_window_seconds = 60.0
        self.quota_rejections = 0
        self._accepted_at: deque[float] = deque()
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

    def reply_with_fixture(self, name: str, *, headers: dict[str, str] | None = None) -> None:
        recorded = load_fixture(name)
        self.reply_next(
            recorded["status"], recorded["body"], {**recorded.get("headers", {}), **(headers or {})}
        )

    def stream_next(self, events: list[dict[str, Any]]) -> None:
        """The next streamed generation sends exactly these events (and then closes)."""
        self.streams_scripted.append(events)

    def _stream_events(self, payload: dict[str, Any]) -> list[dict[str, Any]] | None:
        """The events to stream for this request, or None to answer with a scripted
        reply instead (an error before any event, as the real API sends one)."""
        with self._lock:
            if self.streams_scripted:
                scripted = self.streams_scripted.popleft()
            elif self.scripted:
                return None
            else:
                scripted = []
        size = payload.get("size") or "1024x1024"
        if scripted:
            text = json.dumps(scripted)
            picture = base64.b64encode(png_bytes(size)).decode()
            return list(json.loads(text.replace("__PNG__", picture)))
        events: list[dict[str, Any]] = []
        partials = int(payload.get("partial_images") or 0)
        for index in range(partials):
            color = PARTIAL_COLORS[index % len(PARTIAL_COLORS)]
            picture = base64.b64encode(png_bytes(size, color=color)).decode()
            events.append(
                stream_event("partial_image", size, b64_json=picture, partial_image_index=index)
            )
        picture = base64.b64encode(png_bytes(size)).decode()
        # The same token usage as the recorded answer without streaming.
        usage = load_fixture("gpt_image_b64")["body"]["usage"]
        events.append(stream_event("completed", size, b64_json=picture, usage=usage))
        return events

    def flag_next_moderation(self, *categories: str) -> None:
        """The next moderation call flags the input in these categories."""
        body = load_fixture("moderation_flagged")["body"]
        result = body["results"][0]
        result["categories"] = {name: name in categories for name in result["categories"]}
        self.moderation_scripted.append(ScriptedReply(200, body))

    def moderation_reply_next(self, status: int, body: dict[str, Any]) -> None:
        self.moderation_scripted.append(ScriptedReply(status, body))

    def set_quota(self, images: int, *, per_seconds: float = 60.0) -> None:
        self.quota_images = images
        self.quota_window_seconds = per_seconds

    def _over_quota(self) -> ScriptedReply | None:
        """A 429 if this picture request is one more than the quota allows, else None."""
        if self.quota_images is None:
            return None
        now = time.monotonic()
        with self._lock:
            while self._accepted_at and self._accepted_at[0] <= now - self.quota_window_seconds:
                self._accepted_at.popleft()
            if len(self._accepted_at) < self.quota_images:
                self._accepted_at.append(now)
                return None
            self.quota_rejections += 1
            retry_after = self._accepted_at[0] + self.quota_window_seconds - now
        recorded = load_fixture("rate_limit")
        headers = {
            "Retry-After": str(math.ceil(retry_after)),
            "retry-after-ms": str(math.ceil(retry_after * 1000)),
        }
        return ScriptedReply(recorded["status"], recorded["body"], headers)

    def _next_moderation_reply(self) -> ScriptedReply:
        with self._lock:
            if self.moderation_scripted:
                return self.moderation_scripted.popleft()
        return ScriptedReply(200, load_fixture("moderation_clean")["body"])

    def _next_reply(self, payload: dict[str, Any]) -> ScriptedReply:
        with self._lock:
            scripted = self.scripted.popleft() if self.scripted else None
        size = payload.get("size") or "1024x1024"
        if scripted is None:
            scripted = ScriptedReply(200, self._default_body(payload))
        if not isinstance(scripted.body, dict):
            return scripted
        text = json.dumps(scripted.body)
        if "__PNG__" in text:
            text = text.replace("__PNG__", base64.b64encode(png_bytes(size)).decode())
        text = text.replace("__URL__", f"{self.base_url}/files/{size}.png")
        return ScriptedReply(scripted.status, json.loads(text), scripted.headers)

    @staticmethod
    def _default_body(payload: dict[str, Any]) -> dict[str, Any]:
        """What the real API sends by default: DALL-E a link unless asked for base64,
        gpt-image base64 with token usage."""
        model = str(payload.get("model", ""))
        wants_link = payload.get("response_format") == "url" or (
            model.startswith("dall-e") and "response_format" not in payload
        )
        if wants_link:
            return dict(load_fixture("dall_e_3_url")["body"])
        if model.startswith("gpt-image"):
            return dict(load_fixture("gpt_image_b64")["body"])
        return {
            "created": int(time.time()),
            "data": [{"b64_json": "__PNG__", "revised_prompt": "A cheerful revised prompt."}],
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def _record(
                self, payload: dict[str, Any] | None, form: MultipartForm | None = None
            ) -> None:
                record: dict[str, Any] = {
                    "at": time.monotonic(),
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "json": payload,
                }
                if form is not None:
                    record |= {"form": form.fields, "files": form.files, "names": form.names}
                with api._lock:
                    api.requests.append(record)

            def do_GET(self) -> None:
                self._record(None)
                if self.path.startswith("/files/") and self.path.endswith(".png"):
                    size = self.path.rsplit("/", 1)[1].removesuffix(".png")
                    self._send_bytes(200, png_bytes(size), "image/png")
                elif self.path.startswith("/expired/"):
                    self._send_bytes(
                        403,
                        b"<Error><Code>AuthenticationFailed</Code>"
                        b"<Message>Signed expiry time has passed.</Message></Error>",
                        "application/xml",
                    )
                else:
                    self._send(ScriptedReply(404, openai_error("not_found", "No such route")))

            def _send_bytes(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                content_type = self.headers.get("Content-Type") or ""
                if content_type.startswith("multipart/form-data"):
                    form = parse_multipart(content_type, raw)
                    payload: dict[str, Any] = dict(form.fields)
                    self._record(None, form)
                else:
                    try:
                        payload = json.loads(raw or b"{}")
                    except json.JSONDecodeError:
                        payload = {}
                    self._record(payload)
                route = self.path.split("?")[0]
                if route.endswith("/moderations"):
                    self._send(api._next_moderation_reply())
                    return
                if not route.endswith(("/images/generations", "/images/edits")):
                    self._send(ScriptedReply(404, openai_error("not_found", "No such route")))
                    return
                rejection = api._over_quota()
                if rejection is not None:
                    self._send(rejection)
                    return
                if payload.get("stream") is True:
                    asked_at = time.monotonic()
                    events = api._stream_events(payload)
                    if events is not None:
                        self._send_stream(events, asked_at)
                        return
                if api.latency_seconds:
                    time.sleep(api.latency_seconds)
                self._send(api._next_reply(payload))

            def _send_stream(self, events: list[dict[str, Any]], asked_at: float) -> None:
                """Server-sent events, event i of n at (i + 1) / n of the latency after the
                request arrived; the body ends when the connection closes, as an HTTP/1.0
                answer without a length does."""
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                pause = api.latency_seconds / max(len(events), 1)
                for number, event in enumerate(events, 1):
                    line = f"event: {event.get('type', 'error')}\ndata: {json.dumps(event)}\n\n"
                    time.sleep(max(0.0, asked_at + pause * number - time.monotonic()))
                    kind = str(event.get("type", "error"))
                    self.wfile.write(line.encode())
                    self.wfile.flush()
                    with api._lock:
                        api.stream_log.append((time.monotonic(), kind))
                self.close_connection = True

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


class FakeModelsAPI(FakeImageAPI):
    """The shared fake image API, plus the free GET /v1/models routes the check uses."""

    def __init__(self) -> None:
        self.models = {"dall-e-3": 1698785189, "gpt-image-1": 1745000000, "gpt-image-2": 1776000000}
        self.model_replies: deque[ScriptedReply] = deque()
        super().__init__()

    def reply_next_get(self, status: int, body: dict[str, Any]) -> None:
        self.model_replies.append(ScriptedReply(status, body))

    def _model_reply(self, path: str) -> ScriptedReply:
        if self.model_replies:
            return self.model_replies.popleft()
        if path == "/v1/models":
            listed = [
                {"id": i, "object": "model", "created": c, "owned_by": "system"}
                for i, c in self.models.items()
            ]
            return ScriptedReply(200, {"object": "list", "data": listed})
        if not path.startswith("/v1/models/"):
            return ScriptedReply(404, openai_error("not_found", "No such route"))
        model = path.removeprefix("/v1/models/")
        if model in self.models:
            body = {"id": model, "object": "model", "created": self.models[model], "owned_by": "x"}
            return ScriptedReply(200, body)
        message = f"The model `{model}` does not exist or you do not have access to it."
        return ScriptedReply(404, openai_error("model_not_found", message))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self
        base: Any = super()._handler()

        class Handler(base):  # type: ignore[misc,valid-type]
            def do_GET(self) -> None:
                with api._lock:
                    api.requests.append({"path": self.path, "headers": dict(self.headers)})
                self._send(api._model_reply(self.path))

        return Handler

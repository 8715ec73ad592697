"""A local stand-in for Postmark's e-mail API, for fault tests of the real backend.

anymail's Postmark backend posts JSON to `<POSTMARK_API_URL>email` (one message) or
`<POSTMARK_API_URL>email/batch` (a message with several recipients and merge data),
with the server token in `X-Postmark-Server-Token`, and reads Postmark's JSON answer
(`ErrorCode` 0 and a `MessageID` per recipient). This server answers the same way,
records what it accepted, and can be told to fail for a while: HTTP 500, hang past
the client's timeout, or drop the connection.

    with FakePostmark() as esp:
        settings: EMAIL_BACKEND="anymail.backends.postmark.EmailBackend",
                  ANYMAIL={"POSTMARK_API_URL": esp.url,
                           "POSTMARK_SERVER_TOKEN": esp.token}
        esp.fail(("error", "hang", "drop"), seconds=5)   # an outage
        esp.accepted_count("kari@example.no")
"""

import itertools
import json
import socket
import struct
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import getaddresses
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "fake-postmark-server-token"  # noqa: S105 (a test value)
FAILURE_MODES = ("error", "hang", "drop")


@dataclass
class AcceptedMessage:
    """One recipient's copy, as Postmark would count it."""

    to: str
    subject: str
    message_id: str
    accepted_at: float  # time.time()
    payload: dict = field(repr=False)

    @property
    def html(self) -> str:
        return self.payload.get("HtmlBody", "")

    @property
    def text(self) -> str:
        return self.payload.get("TextBody", "")

    @property
    def attachment_names(self) -> list[str]:
        return [item.get("Name", "") for item in self.payload.get("Attachments", [])]


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass  # keep test output clean

    def do_POST(self):  # noqa: N802 (http.server's naming)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.esp._handle(self, body)

    def do_GET(self):  # noqa: N802
        self._reply(405, {"ErrorCode": 405, "Message": "Method not allowed."})

    def _reply(self, status: int, data) -> None:
        raw = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)
        self.wfile.flush()

    def _drop(self) -> None:
        """Close with a reset, as a crashed load balancer does: no HTTP answer."""
        self.close_connection = True
        try:
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            self.connection.close()
        except OSError:
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    esp: "FakePostmark"

    def handle_error(self, request, client_address):
        pass  # a client that gave up on a hanging request is expected


class FakePostmark:
    """Postmark's `/email` and `/email/batch` on 127.0.0.1, with failures on demand."""

    def __init__(
        self,
        *,
        token: str = TOKEN,
        port: int = 0,
        hang_seconds: float = 30.0,
        reply_delay: float = 0.0,
    ):
        self.token = token
        # How long a "hang" holds the request (set it past the client's timeout).
        self.hang_seconds = hang_seconds
        # A pause after accepting and before answering: the window in which a sender
        # that dies has handed over the message without learning that it did.
        self.reply_delay = reply_delay
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._accepted: list[AcceptedMessage] = []
        self._failures: dict[str, int] = dict.fromkeys(FAILURE_MODES, 0)
        self._requests = 0
        self._batch_requests = 0
        self._modes = None
        self._fail_until: float | None = None
        self._fail_left: int | None = None
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.esp = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-postmark", daemon=True
        )

    # Lifecycle

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        """The value for ANYMAIL's POSTMARK_API_URL."""
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> "FakePostmark":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # releases hanging requests
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "FakePostmark":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def anymail_settings(self) -> dict[str, str]:
        return {"POSTMARK_API_URL": self.url, "POSTMARK_SERVER_TOKEN": self.token}

    def environ(self, *, timeout: float = 2.0) -> dict[str, str]:
        """Environment for a process with production settings (ANYMAIL_<NAME>)."""
        return {
            "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
            "ANYMAIL_POSTMARK_API_URL": self.url,
            "ANYMAIL_POSTMARK_SERVER_TOKEN": self.token,
            "ANYMAIL_REQUESTS_TIMEOUT": str(timeout),
        }

    # Failures

    def fail(
        self,
        modes: str | tuple[str, ...] = "error",
        *,
        seconds: float | None = None,
        count: int | None = None,
    ) -> None:
        """Fail every request (taking turns between `modes`) for a time, a number of
        requests, or until `recover()`."""
        modes = (modes,) if isinstance(modes, str) else tuple(modes)
        unknown = set(modes) - set(FAILURE_MODES)
        if unknown:
            raise ValueError(f"Unknown failure modes: {sorted(unknown)}")
        with self._lock:
            self._modes = itertools.cycle(modes)
            self._fail_until = time.monotonic() + seconds if seconds else None
            self._fail_left = count

    def recover(self) -> None:
        with self._lock:
            self._modes = None

    def _failure_mode(self) -> str | None:
        with self._lock:
            self._requests += 1
            if self._modes is None:
                return None
            if self._fail_until is not None and time.monotonic() >= self._fail_until:
                self._modes = None
                return None
            if self._fail_left is not None:
                if self._fail_left <= 0:
                    self._modes = None
                    return None
                self._fail_left -= 1
            mode = next(self._modes)
            self._failures[mode] += 1
            return mode

    @property
    def failing(self) -> bool:
        with self._lock:
            if self._modes is None:
                return False
            return self._fail_until is None or time.monotonic() < self._fail_until

    # What happened

    @property
    def accepted(self) -> list[AcceptedMessage]:
        with self._lock:
            return list(self._accepted)

    @property
    def failures(self) -> dict[str, int]:
        with self._lock:
            return dict(self._failures)

    @property
    def requests(self) -> int:
        with self._lock:
            return self._requests

    @property
    def batch_requests(self) -> int:
        with self._lock:
            return self._batch_requests

    def accepted_count(self, address: str) -> int:
        address = address.lower()
        return sum(1 for message in self.accepted if message.to.lower() == address)

    def copies_per_address(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for message in self.accepted:
            counts[message.to.lower()] = counts.get(message.to.lower(), 0) + 1
        return counts

    def clear(self) -> None:
        with self._lock:
            self._accepted.clear()
            self._failures = dict.fromkeys(FAILURE_MODES, 0)
            self._requests = 0
            self._batch_requests = 0

    # The API

    def _handle(self, handler: _Handler, body: bytes) -> None:
        path = handler.path.split("?", 1)[0].rstrip("/")
        if path not in ("/email", "/email/batch"):
            handler._reply(404, {"ErrorCode": 404, "Message": "Not found."})
            return
        mode = self._failure_mode()
        if mode == "error":
            handler._reply(500, {"ErrorCode": 500, "Message": "Internal server error."})
            return
        if mode == "drop":
            handler._drop()
            return
        if mode == "hang":
            self._stopping.wait(self.hang_seconds)
            handler._drop()
            return
        if handler.headers.get("X-Postmark-Server-Token") != self.token:
            handler._reply(
                401,
                {
                    "ErrorCode": 10,
                    "Message": "The Server Token you provided in the "
                    "X-Postmark-Server-Token request header was invalid.",
                },
            )
            return
        try:
            data = json.loads(body)
        except ValueError:
            handler._reply(
                422, {"ErrorCode": 402, "Message": "Received invalid JSON input."}
            )
            return
        if path == "/email/batch":
            if not isinstance(data, list):
                handler._reply(
                    422, {"ErrorCode": 402, "Message": "Received invalid JSON input."}
                )
                return
            with self._lock:
                self._batch_requests += 1
            results = [self._accept_one(message) for message in data]
            self._pause_before_reply()
            handler._reply(200, results)
            return
        if not isinstance(data, dict):
            handler._reply(
                422, {"ErrorCode": 402, "Message": "Received invalid JSON input."}
            )
            return
        result = self._accept_one(data)
        self._pause_before_reply()
        handler._reply(422 if result["ErrorCode"] else 200, result)

    def _accept_one(self, message: dict) -> dict:
        to = message.get("To") or ""
        if not message.get("From"):
            return {"ErrorCode": 300, "Message": "Invalid 'From' address: ''."}
        addresses = [address for _name, address in getaddresses([to]) if address]
        if not addresses or any("@" not in address for address in addresses):
            return {"ErrorCode": 300, "Message": f"Invalid 'To' address: '{to}'."}
        message_id = str(uuid.uuid4())
        now = time.time()
        with self._lock:
            for address in addresses:
                self._accepted.append(
                    AcceptedMessage(
                        to=address,
                        subject=message.get("Subject", ""),
                        message_id=message_id,
                        accepted_at=now,
                        payload=message,
                    )
                )
        return {
            "To": to,
            "SubmittedAt": datetime.now(UTC).isoformat(),
            "MessageID": message_id,
            "ErrorCode": 0,
            "Message": "OK",
        }

    def _pause_before_reply(self) -> None:
        if self.reply_delay:
            self._stopping.wait(self.reply_delay)

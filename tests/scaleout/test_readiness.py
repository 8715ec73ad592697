"""/healthz and /readyz on the real servers; /readyz goes 503 (naming the database)
when PostgreSQL becomes unreachable and 200 again when it is back. The database is
cut by a loopback TCP relay in front of it, not by stopping the shared cluster."""

import contextlib
import json
import socket
import struct
import threading
import time
from urllib.parse import urlparse

import pytest

from .conftest import free_port, get, requires_postgres, wait_answers, wait_until

pytestmark = requires_postgres

CUT_SECONDS = 2.0


class TcpRelay:
    """127.0.0.1:<port> → the database; down() refuses and resets, up() relays again."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(32)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        with self.lock:
            listener, self.listener = self.listener, None
            sockets, self.sockets = self.sockets, []
        if listener:
            # shutdown() wakes the thread blocked in accept(); close() alone does not.
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        for sock in sockets:
            with contextlib.suppress(OSError):  # a reset, as when the server dies
                sock.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self.lock:
                self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(
                    target=self._pump, args=(source, sink), daemon=True
                ).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            source.close()
            sink.close()


def readyz(port: int):
    reply = get(port, "/readyz", timeout=5)
    return reply, json.loads(reply.body) if reply.status else {}


def test_healthz_and_readyz_answer_uncached_on_both_servers(site):
    for port in site.servers.values():
        health = get(port, "/healthz")
        ready, body = readyz(port)
        assert (health.status, json.loads(health.body)) == (200, {"status": "ok"})
        assert (ready.status, body["status"], body["down"]) == (200, "ready", [])
        for reply in (health, ready):
            assert "no-store" in reply.headers["cache-control"]
            assert "x-page-cache" not in reply.headers
            assert "set-cookie" not in reply.headers
            assert reply.headers.get("x-request-id")


@pytest.fixture
def relay(site):
    target = urlparse(site.url)
    relay = TcpRelay((target.hostname, target.port or 5432))
    relay.up()
    yield relay
    relay.down()


def test_readyz_is_503_while_postgresql_is_unreachable_and_200_when_back(
    site, relay, figures
):
    port = free_port()
    url = urlparse(site.url)._replace(
        netloc=f"{urlparse(site.url).username}:{urlparse(site.url).password}"
        f"@127.0.0.1:{relay.port}"
    )
    server = site.app_server("gunicorn-C", port, workers=1, DATABASE_URL=url.geturl())
    wait_answers(port, server)
    before, _ = readyz(port)

    relay.down()
    cut = time.monotonic()
    during = []
    while time.monotonic() - cut < CUT_SECONDS:
        during.append(readyz(port))
        time.sleep(0.25)
    health_during = get(port, "/healthz", timeout=5)
    relay.up()
    restored = time.monotonic()
    ready_again = (
        wait_until(
            lambda: readyz(port)[0].status == 200 and time.monotonic(),
            timeout=30,
            interval=0.05,
        )
        - restored
    )
    figures(
        "PostgreSQL unreachable (relay cut), then back",
        {
            "/readyz before": before.status,
            "/readyz while cut (status, ms)": ", ".join(
                f"{reply.status} {reply.seconds * 1000:.0f}" for reply, _ in during
            ),
            "its body": json.dumps(during[0][1]),
            "/healthz while cut": health_during.status,
            "database cut for (s)": round(restored - cut, 2),
            "/readyz 200 again after it was back (s)": round(ready_again, 2),
        },
    )
    assert before.status == 200
    for reply, body in during:
        assert reply.status == 503  # within the client's 5 s timeout
        assert body["checks"]["database"] == "down"
        assert body["down"] == ["database", "migrations"]
    assert health_during.status == 200  # the process itself is fine

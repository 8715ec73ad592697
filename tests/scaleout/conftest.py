"""The scale-out harness: two gunicorn app servers (production settings, the shipped
deploy/gunicorn.conf.py) on two loopback ports, sharing one PostgreSQL database and
one Redis (Debian's redis-server, started here on a port of its own), with db_worker
processes and a fake Postmark as the scenarios need them.

PostgreSQL only (skipped elsewhere, with the reason); CI runs it in its PostgreSQL
pass. Each scenario records its figures, printed at the end of the run and written to
test-artifacts/scaleout-figures.json. Every process is stopped when the run ends.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest

from tests.figures import recorder as figures_recorder
from tests.figures import report as figures_report

from ..faults.conftest import (
    PYTHON,
    ROOT,
    FaultSite,
    free_port,
    is_postgres,
    wait_until,
)

FIGURES = pytest.StashKey[dict]()
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
HOST = "localhost"  # what a load balancer passes on: one host name for every server
RATE_LIMIT = 10  # per client address, session and hour, on both servers
WORKERS_PER_SERVER = 2
ADMIN_USER = "scaleout-admin"
ADMIN_PASSWORD = secrets.token_urlsafe(16)

requires_postgres = pytest.mark.skipif(
    not is_postgres(),
    reason="scale-out tests need PostgreSQL: set DATABASE_URL=postgres://... "
    "(CI runs them in its PostgreSQL pass)",
)


def pytest_configure(config) -> None:
    config.stash[FIGURES] = {}


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    figures_report(
        terminalreporter,
        config.stash.get(FIGURES, {}),
        "scale-out figures",
        "scaleout-figures.json",
        48,
    )


@pytest.fixture
def figures(request) -> Callable[[str, dict], None]:
    return figures_recorder(request, FIGURES)


# Redis


class RedisServer:
    """redis-server on 127.0.0.1, no persistence: stop() is a real outage."""

    def __init__(self, workdir: Path, logs: Path):
        self.port = free_port()
        self.workdir = workdir
        self.log_path = logs / "redis.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (Debian's redis-server)
                [
                    REDIS_SERVER,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.workdir),
                    "--daemonize",
                    "no",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(self.ping, timeout=10, interval=0.05)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None


# A fake CDN: records the purges Wagtail's HTTP frontend-cache backend sends


class _PurgeHandler(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 (http.server's naming)
        self.server.purges.append((self.headers.get("Host", ""), self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):  # noqa: A002
        pass


class FakeCdn:
    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _PurgeHandler)
        self.server.daemon_threads = True
        self.server.purges = []
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    @property
    def purges(self) -> list[tuple[str, str]]:
        return list(self.server.purges)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# The site


@dataclass
class ScaleoutSite(FaultSite):
    """Two app servers, one database, one Redis."""

    redis: RedisServer | None = None
    cdn: FakeCdn | None = None
    pages: dict[str, dict] = field(default_factory=dict)
    servers: dict[str, int] = field(default_factory=dict)
    gunicorns: dict[str, subprocess.Popen] = field(default_factory=dict)

    def app_server(
        self, name: str, port: int, workers: int = WORKERS_PER_SERVER, **extra: str
    ) -> subprocess.Popen:
        """gunicorn with the shipped configuration; call wait_answers() after."""
        return self.start(
            name,
            [
                PYTHON,
                "-m",
                "gunicorn",
                "site_project.wsgi",
                "--config",
                "deploy/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "info",
            ],
            **extra,
        )

    def log_text(self) -> str:
        return "\n".join(
            path.read_text(errors="replace") for path in sorted(self.logs.glob("*.log"))
        )


def wait_answers(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    def answers() -> bool:
        assert process.poll() is None, "gunicorn exited (see its log)"
        return get(port, "/healthz", timeout=2).status == 200

    wait_until(answers, timeout=timeout, interval=0.2)


def _database_name() -> str:
    base = os.environ.get("TEST_DATABASE_NAME") or "test_sotalk"
    return f"scaleout_{base}"[:60]


def _dsn(url: str, dbname: str) -> str:
    return urlparse(url)._replace(path=f"/{dbname}").geturl()


def _maintenance(url: str):
    import psycopg

    return psycopg.connect(_dsn(url, "postgres"), autocommit=True)


# Package scope: the servers stop after the last scale-out test, before the fault tests.
@pytest.fixture(scope="package")
def scaleout(request) -> Iterator[ScaleoutSite]:
    if not is_postgres():
        pytest.skip("scale-out tests need PostgreSQL")
    if not Path(REDIS_SERVER).exists():
        pytest.skip("scale-out tests need Debian's redis-server (.ci/run installs it)")
    url = os.environ["DATABASE_URL"]
    name = _database_name()
    started = time.monotonic()
    with _maintenance(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
        connection.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    workdir = Path(tempfile.mkdtemp(prefix="sotalk-scaleout-"))
    logs = request.config.rootpath / "test-artifacts" / "scaleout-logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    redis = RedisServer(workdir, logs)
    redis.start()
    cdn = FakeCdn()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("ANYMAIL_", "SECURE_", "EMAIL_", "SERIES_", "REDIS_", "LOG_", "GUNICORN_")
        )
    }
    env.update(
        DJANGO_SETTINGS_MODULE="site_project.settings.production",
        DATABASE_URL=_dsn(url, name),
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="off",
        SECURE_HSTS_SECONDS="0",
        REDIS_URL=redis.url,
        # Long, so that only invalidation can explain a fresh page.
        SERIES_PAGE_CACHE_SECONDS="60",
        SERIES_REGISTRATION_RATE_LIMIT=f"{RATE_LIMIT}/h",
        # The load balancer's X-Forwarded-For entry is the client's address.
        SERIES_TRUSTED_PROXY_COUNT="1",
        SERIES_EMAIL_RETRY_BASE_SECONDS="1",
        FRONTEND_CACHE_PURGE_URL=cdn.url,
        WAGTAILADMIN_BASE_URL=f"http://{HOST}",
        STATIC_ROOT=str(workdir / "static"),
        DJANGO_ALLOW_ASYNC_UNSAFE="",
        PYTHONUNBUFFERED="1",
    )
    site = ScaleoutSite(
        url=_dsn(url, name), env=env, sessions={}, logs=logs, redis=redis, cdn=cdn
    )
    try:
        site.run("migrate", "--no-input", "-v", "0", timeout=300)
        site.run("collectstatic", "--no-input", "-v", "0")
        site.run("seed_demo", "-v", "0")
        result = subprocess.run(  # noqa: S603 (our own script)
            [PYTHON, "tests/scaleout/prepare_site.py", ADMIN_USER],
            cwd=ROOT,
            env={**env, "SCALEOUT_ADMIN_PASSWORD": ADMIN_PASSWORD},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        site.pages = json.loads(result.stdout.strip().splitlines()[-1])
        site.sessions = {key: page["id"] for key, page in site.pages.items()}
        with _maintenance(url) as connection:
            connection.execute(f'ALTER DATABASE "{name}" RESET synchronous_commit')
        # Tasks the setup queued (search index, purges) are not the scenarios' business.
        site.execute("DELETE FROM django_tasks_database_dbtaskresult")
        prepared = time.monotonic()
        site.servers = {"A": free_port(), "B": free_port()}
        for server, port in site.servers.items():
            site.gunicorns[server] = site.app_server(f"gunicorn-{server}", port)
        for server, port in site.servers.items():
            wait_answers(port, site.gunicorns[server])
        for process in site.gunicorns.values():
            site.processes.remove(process)  # outlive each test's clean-up
        request.config.stash[FIGURES]["setup"] = {
            "database": name,
            "redis": f"redis-server on 127.0.0.1:{redis.port}",
            "app servers": ", ".join(
                f"{server} 127.0.0.1:{port} ({WORKERS_PER_SERVER} workers)"
                for server, port in site.servers.items()
            ),
            "migrate + seed + collectstatic (s)": round(prepared - started, 1),
            "two app servers up (s)": round(time.monotonic() - prepared, 1),
        }
        yield site
    finally:
        site.stop_all()
        for process in site.gunicorns.values():
            site.stop(process)
        redis.stop()
        cdn.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        try:
            with _maintenance(url) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception as error:  # noqa: BLE001 (the next run's DROP retries)
            print(f"Could not drop {name}: {error}")


@pytest.fixture
def site(scaleout) -> Iterator[ScaleoutSite]:
    """The scale-out site; workers and servers a test starts stop after it."""
    yield scaleout
    scaleout.stop_all()


# HTTP, as a load balancer passes it on


@dataclass
class Reply:
    server: str
    status: int | None
    started: float
    finished: float
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    error: str = ""

    @property
    def seconds(self) -> float:
        return self.finished - self.started


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
    server: str = "",
) -> Reply:
    started = time.monotonic()
    connection = HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body, {"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        return Reply(
            server=server,
            status=response.status,
            started=started,
            finished=time.monotonic(),
            headers={name.lower(): value for name, value in response.getheaders()},
            body=content,
        )
    except OSError as error:
        return Reply(server, None, started, time.monotonic(), error=repr(error))
    finally:
        connection.close()


def get(port: int, path: str, **kwargs) -> Reply:
    return request(port, "GET", path, **kwargs)


@dataclass
class Registration:
    email: str
    name: str
    via: str  # "form" or "api"
    reply: Reply

    @property
    def succeeded(self) -> bool:
        if self.via == "form":
            location = self.reply.headers.get("location", "")
            return self.reply.status == 302 and "/registrations/" in location
        return self.reply.status == 201


def register(
    site: ScaleoutSite,
    server: str,
    page_id: int,
    *,
    via: str,
    client: str,
    prefix: str,
    timeout: float = 60,
) -> Registration:
    """One sign-up through `server`, from client address `client`."""
    token = uuid.uuid4().hex[:10]
    email = f"{prefix}-{token}@example.no"
    name = f"Registrant {prefix.title()} {token}"
    headers = {"X-Forwarded-For": client}
    if via == "form":
        body = urlencode({"name": name, "email": email, "consent": "on"})
        path = f"/nb/registrations/sessions/{page_id}/"
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    else:
        body = json.dumps({"name": name, "email": email, "consent": True})
        path = f"/api/v3/series/sessions/{page_id}/registrations/"
        headers["Content-Type"] = "application/json"
    reply = request(
        site.servers[server],
        "POST",
        path,
        body=body,
        headers=headers,
        timeout=timeout,
        server=server,
    )
    return Registration(email=email, name=name, via=via, reply=reply)


def client_address(n: int) -> str:
    """A distinct documentation-range address per simulated visitor."""
    return f"198.51.{n // 250}.{n % 250 + 1}"


def statuses_by_session(site: ScaleoutSite, page_id: int) -> dict[str, int]:
    return dict(
        site.query(
            "SELECT status, count(*) FROM series_registration WHERE session_id = %s "
            "GROUP BY status",
            page_id,
        )
    )


def outbox(site: ScaleoutSite, page_id: int) -> list[tuple]:
    """(e-mail, kind, status, attempts) of a session's outbox rows."""
    return site.query(
        "SELECT lower(r.email), d.kind, d.status, d.attempts "
        "FROM series_emaildelivery d JOIN series_registration r "
        "ON r.id = d.registration_id WHERE r.session_id = %s",
        page_id,
    )


def title_of(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return re.sub(r"\s+", " ", match.group(1)).strip() if match else ""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if values else 0

"""Fault tests on real parts: gunicorn and `manage.py db_worker` processes with the
production settings, on loopback, against a PostgreSQL database of their own, with a
fake Postmark (tests/fake_esp.py) as the e-mail provider.

They run last (the PostgreSQL restart last of all) and only on PostgreSQL; elsewhere
they are skipped with the reason. Each scenario records its figures, printed at the
end of the run and written to test-artifacts/fault-figures.json.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest

from tests.figures import recorder as figures_recorder
from tests.figures import report as figures_report

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
FIGURES = pytest.StashKey[dict]()
MARKER = "faults"
RESTART_MODULE = "test_postgres_restart.py"


def is_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(
        ("postgres://", "postgresql://")
    )


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}: fault tests with real processes (PostgreSQL only)"
    )
    config.stash[FIGURES] = {}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items) -> None:
    """Fault tests go last, the PostgreSQL restart last of all: it breaks every
    connection to the cluster, the test run's own included."""
    faults = [item for item in items if item.get_closest_marker(MARKER)]
    if not faults:
        return
    if not is_postgres():
        skip = pytest.mark.skip(
            reason="fault tests need PostgreSQL: set DATABASE_URL=postgres://... "
            "(CI runs them in its PostgreSQL pass)"
        )
        for item in faults:
            item.add_marker(skip)
    restart = [item for item in faults if item.path.name == RESTART_MODULE]
    others = [item for item in items if item not in faults]
    items[:] = others + [item for item in faults if item not in restart] + restart


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    figures_report(
        terminalreporter,
        config.stash.get(FIGURES, {}),
        "fault test figures",
        "fault-figures.json",
        34,
    )


@pytest.fixture
def figures(request) -> Callable[[str, dict], None]:
    return figures_recorder(request, FIGURES)


# The database of the processes under test


def _dsn(url: str, dbname: str) -> str:
    parts = urlparse(url)
    return parts._replace(path=f"/{dbname}").geturl()


def _maintenance(url: str):
    import psycopg

    return psycopg.connect(_dsn(url, "postgres"), autocommit=True)


def _database_name() -> str:
    base = os.environ.get("TEST_DATABASE_NAME") or "test_sotalk"
    return f"{base}_faults"[:60]


def wait_until(
    predicate: Callable[[], object], timeout: float, interval: float = 0.1
) -> object:
    """Poll until `predicate()` is truthy; its value, or AssertionError on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {predicate}")
        time.sleep(interval)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class FaultSite:
    """The database, settings and processes of one run of the fault tests."""

    url: str
    env: dict[str, str]
    sessions: dict[str, int]
    logs: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def connect(self):
        import psycopg

        return psycopg.connect(self.url, autocommit=True, connect_timeout=3)

    def query(self, sql: str, *params) -> list[tuple]:
        with self.connect() as connection:
            return connection.execute(sql, params).fetchall()

    def execute(self, sql: str, *params) -> int:
        with self.connect() as connection:
            return connection.execute(sql, params).rowcount

    def run(self, *args: str, timeout: float = 120, **extra: str) -> str:
        result = subprocess.run(  # noqa: S603 (our own commands)
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **extra},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise AssertionError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def start(self, name: str, args: list[str], **extra: str) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 (closed with it)
        process = subprocess.Popen(  # noqa: S603 (our own commands)
            args,
            cwd=ROOT,
            env={**self.env, **extra},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log = log
        self.processes.append(process)
        return process

    def worker(self, name: str = "worker", **extra: str) -> subprocess.Popen:
        return self.start(
            name,
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.1",
                "--skip-checks",
                "--worker-id",
                f"{name}-{uuid.uuid4().hex[:6]}",
            ],
            **extra,
        )

    def gunicorn(self, port: int, workers: int = 4) -> subprocess.Popen:
        process = self.start(
            f"gunicorn-{port}",
            [
                PYTHON,
                "-m",
                "gunicorn",
                "site_project.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
            ],
        )

        def answers() -> bool:
            try:
                connection = HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/robots.txt")
                return connection.getresponse().status == 200
            except OSError:
                assert process.poll() is None, "gunicorn exited"
                return False

        wait_until(answers, timeout=30, interval=0.2)
        return process

    def stop(self, process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
        if process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        process.log.close()

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            self.stop(process)
        self.processes.clear()


@pytest.fixture(scope="session")
def fault_site(request) -> Iterator[FaultSite]:
    if not is_postgres():
        pytest.skip("fault tests need PostgreSQL")
    url = os.environ["DATABASE_URL"]
    name = _database_name()
    with _maintenance(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
        # Only while migrating: the scenarios run with durable commits.
        connection.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    workdir = Path(tempfile.mkdtemp(prefix="sotalk-faults-"))
    logs = request.config.rootpath / "test-artifacts" / "fault-logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ANYMAIL_", "SECURE_", "EMAIL_", "SERIES_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="site_project.settings.production",
        DATABASE_URL=_dsn(url, name),
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="off",
        SECURE_HSTS_SECONDS="0",
        SERIES_REGISTRATION_RATE_LIMIT="off",
        SERIES_EMAIL_RETRY_BASE_SECONDS="1",
        STATIC_ROOT=str(workdir / "static"),
        DJANGO_ALLOW_ASYNC_UNSAFE="",
        PYTHONUNBUFFERED="1",
    )
    site = FaultSite(url=_dsn(url, name), env=env, sessions={}, logs=logs)
    started = time.monotonic()
    site.run("migrate", "--no-input", "-v", "0", timeout=300)
    site.run("collectstatic", "--no-input", "-v", "0")
    site.run("seed_demo", "-v", "0")
    capacities = {"outage": 500, "kill": 500, "load": 50, "restart": None}
    result = subprocess.run(  # noqa: S603 (our own script)
        [PYTHON, "tests/faults/create_sessions.py", json.dumps(capacities)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    site.sessions = json.loads(result.stdout.strip().splitlines()[-1])
    with _maintenance(url) as connection:
        connection.execute(f'ALTER DATABASE "{name}" RESET synchronous_commit')
    # Tasks the setup queued (search index updates) are not the scenarios' business.
    site.execute("DELETE FROM django_tasks_database_dbtaskresult")
    request.config.stash[FIGURES]["setup"] = {
        "database": name,
        "migrate + seed + collectstatic (s)": round(time.monotonic() - started, 1),
    }
    yield site
    site.stop_all()
    shutil.rmtree(workdir, ignore_errors=True)
    try:
        with _maintenance(url) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception as error:  # noqa: BLE001 (leave it for the next run's DROP)
        print(f"Could not drop {name}: {error}")


@pytest.fixture
def site(fault_site) -> Iterator[FaultSite]:
    """The fault site; processes a test starts are stopped after it."""
    yield fault_site
    fault_site.stop_all()


@pytest.fixture(scope="session")
def gunicorn_port(fault_site) -> Iterator[int]:
    """One gunicorn (4 sync workers, production settings) for all scenarios."""
    port = free_port()
    process = fault_site.gunicorn(port)
    fault_site.processes.remove(process)  # outlives each test's clean-up
    yield port
    fault_site.stop(process)


# Registering over HTTP, as visitors and API clients do


@dataclass
class Attempt:
    email: str
    via: str  # "form" or "api"
    status: int | None
    started: float
    finished: float
    content_type: str = ""
    body: str = ""
    error: str = ""

    @property
    def succeeded(self) -> bool:
        if self.via == "form":
            return self.status == 302 and "/registrations/" in self.body
        return self.status == 201


def register(port: int, page_id: int, email: str, via: str, timeout=30) -> Attempt:
    started = time.monotonic()
    connection = HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        if via == "form":
            body = urlencode({"name": "Fault Test", "email": email, "consent": "on"})
            path = f"/nb/registrations/sessions/{page_id}/"
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
        else:
            body = json.dumps({"name": "Fault Test", "email": email, "consent": True})
            path = f"/api/v3/series/sessions/{page_id}/registrations/"
            headers = {"Content-Type": "application/json"}
        connection.request("POST", path, body, headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        if response.status == 302:
            content = response.getheader("Location", "")
        return Attempt(
            email=email,
            via=via,
            status=response.status,
            started=started,
            finished=time.monotonic(),
            content_type=response.getheader("Content-Type", ""),
            body=content,
        )
    except OSError as error:
        return Attempt(email, via, None, started, time.monotonic(), error=repr(error))
    finally:
        connection.close()


def register_many(
    port: int, page_id: int, prefix: str, count: int, threads: int = 16
) -> list[Attempt]:
    """`count` registrations from `threads` clients, half by form and half by API."""
    emails = [f"{prefix}-{n}-{uuid.uuid4().hex[:6]}@example.no" for n in range(count)]
    with ThreadPoolExecutor(threads) as pool:
        return list(
            pool.map(
                lambda pair: register(
                    port, page_id, pair[1], "form" if pair[0] % 2 else "api"
                ),
                enumerate(emails),
            )
        )


def registrations_by_status(site: FaultSite, page_id: int) -> dict[str, int]:
    rows = site.query(
        "SELECT status, count(*) FROM series_registration WHERE session_id = %s "
        "GROUP BY status",
        page_id,
    )
    return dict(rows)


def deliveries(site: FaultSite, page_id: int) -> list[tuple]:
    """(e-mail, kind, status, attempts) of a session's outbox rows."""
    return site.query(
        "SELECT lower(r.email), d.kind, d.status, d.attempts "
        "FROM series_emaildelivery d JOIN series_registration r "
        "ON r.id = d.registration_id WHERE r.session_id = %s",
        page_id,
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if values else 0

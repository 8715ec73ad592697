"""`make bench`: how close SoTalk comes to serving a static file, measured with wrk
against gunicorn (production settings, loopback) on PostgreSQL.

    python bench/run.py [--connections 16] [--duration 10] [--workers 5] [--no-growth]
    python bench/run.py --rows registration    # the floor and one row, nothing else

DATABASE_URL names the database (default postgres://sotalk:sotalk@127.0.0.1:5432/
sotalk_bench; created if missing). The growth runs use a second database beside it,
`<name>_growth`, which is made anew each run. Every row of the table is a ratio to the
floor, measured in the same run: absolute numbers on a shared machine mean little.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    PYTHON,
    ROOT,
    gunicorn,
    manage,
    peak_memory_mb,
    production_env,
    worker_pids,
)
from bench.worker_idle import measure as measure_idle_worker  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://sotalk:sotalk@127.0.0.1:5432/sotalk_bench"
LUA = ROOT / "bench" / "wrk.lua"
PORT = 8765
HOST = f"127.0.0.1:{PORT}"
LABELS = {
    "floor": "floor: the page as a static file",
    "session_cached": "session page, cached",
    "session_uncached": "session page, uncached",
    "series": "series page, uncached",
    "api_list_uncached": "API session list, uncached",
    "api_list": "API session list, cached",
    "api_detail": "API session detail, cached",
    "registration": "registration POST",
}
ROWS = list(LABELS)
# The worker's idle polling, as deploy/ and `make run` start it.
WORKER_INTERVAL = 1.0
STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.0f} s] {message}", flush=True)


@dataclass
class Load:
    """What wrk measured for one endpoint."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def ensure_wrk() -> str:
    if not shutil.which("wrk"):
        if os.geteuid() != 0:
            sys.exit("wrk is missing: apt-get install wrk")
        say("installing wrk (Debian package)")
        apt = {"DEBIAN_FRONTEND": "noninteractive", **os.environ}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=apt)  # noqa: S607
        subprocess.run(  # noqa: S603
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"],  # noqa: S607
            check=True,
            env=apt,
            stdout=subprocess.DEVNULL,
        )
    return shutil.which("wrk") or "wrk"


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def ensure_database(url: str, *, fresh: bool = False) -> None:
    """Create the database (as its owner, who may create databases, as .ci/run's role
    can; else as the postgres superuser when we are root)."""
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    admin = with_database(url, "postgres")
    with psycopg.connect(admin, autocommit=True) as db:
        exists = db.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and fresh:
            db.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
            )
            exists = None
        if not exists:
            try:
                db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            except psycopg.errors.InsufficientPrivilege:
                owner = urlsplit(url).username or "postgres"
                createdb = f"createdb -O {owner} {name}"
                subprocess.run(["su", "postgres", "-c", createdb], check=True)  # noqa: S603 S607


def inprocess(action: str, env: dict[str, str]) -> dict:
    output = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "bench.inprocess", action, "--host", HOST],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def wrk(path: str, mode: str, args, base: str, seconds: int | None = None) -> Load:
    env = {**os.environ, "BENCH_MODE": mode, "BENCH_PREFIX": f"r{time.time_ns()}"}
    command = [
        args.wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds or args.duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        base + path,
    ]
    output = subprocess.run(  # noqa: S603
        command, env=env, check=True, capture_output=True, text=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK_JSON "))
    data = json.loads(line.removeprefix("WRK_JSON "))
    return Load(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=sum(data["errors"].values()),
    )


def check_page_cache(base: str, path: str) -> str:
    """The lead's page cache marks responses X-Page-Cache: hit/miss."""
    import urllib.request

    def marker(url: str) -> str:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.headers.get("X-Page-Cache", "")

    # Each worker has its own cache unless REDIS_URL is set: ask more than once.
    repeated = {marker(base + path) for _ in range(12)}
    unique = {
        marker(base + path + f"?bench=check-{n}-{time.time_ns()}") for n in range(4)
    }
    if "hit" in repeated and "hit" not in unique:
        return ""
    return f"(X-Page-Cache: repeated {sorted(repeated)}, unique {sorted(unique)})"


def run_loads(env, args, endpoints: dict, names: list[str]) -> tuple[dict, list]:
    with gunicorn(
        env, port=PORT, workers=args.workers, worker_class=args.worker_class
    ) as (
        base,
        process,
    ):
        note = (
            check_page_cache(base, endpoints["session_cached"]["path"])
            if ("session_cached" in names)
            else ""
        )
        loads = {}
        for name in names:
            endpoint = endpoints[name]
            wrk(endpoint["path"], endpoint["mode"], args, base, seconds=2)  # warm up
            loads[name] = wrk(endpoint["path"], endpoint["mode"], args, base)
            say(f"{LABELS.get(name, name)}: {loads[name].rps:.0f} req/s")
        memory = [peak_memory_mb(pid) for pid in worker_pids(process.pid)]
    return loads, [note, memory]


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:6.2f}×" if floor else "     –"


def print_table(args, facts: dict, loads: dict, queries: dict, memory, note) -> list:
    floor = loads["floor"]
    print()
    print(
        f"SoTalk benchmark: {args.connections} connections, {args.duration} s per row, "
        f"gunicorn {args.workers} {args.worker_class} workers, PostgreSQL, "
        f"{facts['sessions']} sessions; the session page has "
        f"{facts['speakers_on_session']} speakers ({facts['page_bytes'] // 1024} KiB)"
    )
    header = (
        f"{'':36} {'req/s':>8} {'×floor':>7} {'p50 ms':>8} {'×floor':>7} "
        f"{'p99 ms':>8} {'×floor':>7} {'queries':>8} {'errors':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, load in loads.items():
        print(
            f"{LABELS[name]:36} {load.rps:8.0f} {ratio(load.rps, floor.rps)} "
            f"{load.p50_ms:8.1f} {ratio(load.p50_ms, floor.p50_ms)} "
            f"{load.p99_ms:8.1f} {ratio(load.p99_ms, floor.p99_ms)} "
            f"{queries.get(name, 0):8d} {load.errors:7d}"
        )
    peak = max(memory) if memory else 0
    print(
        f"peak memory per worker (VmHWM): {peak:.0f} MB at most "
        f"({', '.join(f'{m:.0f}' for m in memory)} MB)"
    )
    if note:
        print(f"note: the cached row may not be cached {note}")

    def rel(name: str) -> float:
        return loads[name].rps / floor.rps if floor.rps else 0.0

    targets = [
        ("API session list, uncached ≥ 0.04× floor", "api_list_uncached", 0.04),
        ("API session list, cached ≥ 0.5× floor", "api_list", 0.5),
        ("API session detail, cached ≥ 0.5× floor", "api_detail", 0.5),
        ("session page, uncached ≥ 0.03× floor (aim 0.1×)", "session_uncached", 0.03),
        ("series page, uncached ≥ 0.03× floor", "series", 0.03),
        ("cached session page ≥ 0.5× floor", "session_cached", 0.5),
    ]
    checks = [
        (text, f"{rel(name):.3f}×", rel(name) >= limit)
        for text, name, limit in targets
        if name in loads
    ]
    if "registration" in loads:
        registration = loads["registration"]
        checks.append(
            (
                f"registration p99 ≤ 250 ms and ≥ 150/s, {args.connections} clients, "
                "one session",
                f"p99 {registration.p99_ms:.0f} ms, {registration.rps:.0f}/s, "
                f"{registration.errors} errors",
                registration.p99_ms <= 250
                and registration.rps >= 150
                and registration.errors == 0,
            )
        )
    checks += [
        (
            "≤ 15 queries, uncached session page with 20 speakers",
            f"{queries['session_uncached']}",
            queries["session_uncached"] <= 15,
        ),
        ("peak memory per worker ≤ 200 MB", f"{peak:.0f} MB", peak <= 200),
        (
            "first view after publish: no request makes a rendition",
            f"{queries.get('renditions_in_requests', '?')} made in requests",
            queries.get("renditions_in_requests") == 0,
        ),
    ]
    return checks


def check_seats(base: str, paths: dict) -> tuple[str, bool]:
    """Read the cached page and API detail, register over HTTP, read both again at
    once: the seats must have moved by one, on whichever worker answers."""
    import urllib.parse
    import urllib.request

    def seats_left() -> tuple[int, str]:
        with urllib.request.urlopen(base + paths["api"], timeout=10) as response:  # noqa: S310
            body = json.loads(response.read())
            return body["registration"]["seats_left"], response.headers.get(
                "X-API-Cache", ""
            )

    def page() -> bytes:
        with urllib.request.urlopen(base + paths["page"], timeout=10) as response:  # noqa: S310
            return response.read()

    results = []
    for n in range(5):
        before = [seats_left() for _ in range(4)]
        page_before = {page() for _ in range(4)}
        data = urllib.parse.urlencode(
            {
                "name": "Seat Check",
                "consent": "on",
                "email": f"seat-{n}-{time.time_ns()}@example.no",
            }
        ).encode()
        request = urllib.request.Request(base + paths["register"], data=data)  # noqa: S310
        urllib.request.urlopen(request, timeout=10).close()  # noqa: S310
        after = seats_left()
        page_after = page()
        results.append(after[0] == before[-1][0] - 1 and page_after not in page_before)
    hits = sum(1 for _, marker in before if marker == "hit")
    return f"{sum(results)}/5 exact at once (API cache hits before: {hits}/4)", all(
        results
    )


@contextmanager
def shared_cache(env: dict[str, str]):
    """Redis as in a scaled-out deployment: every gunicorn worker sees every version
    bump. Uses REDIS_URL when set, else starts redis-server on a spare port."""
    if env.get("REDIS_URL") or not shutil.which("redis-server"):
        yield env.get("REDIS_URL", "")
        return
    port = 6391
    process = subprocess.Popen(  # noqa: S603
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],  # noqa: S607
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    try:
        yield env["REDIS_URL"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def analyze(url: str) -> None:
    """Fresh statistics after a bulk load, as autovacuum would give them a little
    later: planned on an empty table's statistics, the API list sorted all 5,000
    sessions (16 ms) instead of walking an index (0.5 ms)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute("ANALYZE")


def growth(args, database_url: str) -> dict:
    """The series page and the API list with few and with many sessions."""
    url = with_database(
        database_url, urlsplit(database_url).path.lstrip("/") + "_growth"
    )
    ensure_database(url, fresh=True)
    env = production_env(DATABASE_URL=url)
    manage("migrate", "--no-input", "-v", "0", env=env)
    results = {}
    for size in args.growth:
        started = time.monotonic()
        manage(
            "seed_demo",
            "--sessions",
            str(size),
            "--speakers",
            str(args.speakers),
            "-v",
            "0",
            env=env,
        )
        say(f"growth: {size} sessions seeded in {time.monotonic() - started:.0f} s")
        analyze(url)
        endpoints = inprocess("prepare", env)["endpoints"]
        queries = inprocess("count", env)
        loads, _ = run_loads(env, args, endpoints, ["series", "api_list_uncached"])
        results[size] = (loads, queries)
    return results


def print_growth(results: dict) -> list:
    small, large = sorted(results)
    print()
    print(f"Growth (uncached): {small} and {large} sessions")
    print(
        f"{'':36} {f'{small}: req/s':>12} {'queries':>8} {f'{large}: req/s':>14} "
        f"{'queries':>8} {'ratio':>7}"
    )
    checks = []
    for name in ("series", "api_list_uncached"):
        (few, few_queries), (many, many_queries) = (
            (results[size][0][name].rps, results[size][1][name])
            for size in (small, large)
        )
        print(
            f"{LABELS[name]:36} {few:12.0f} {few_queries:8d} {many:14.0f} "
            f"{many_queries:8d} {many / few:7.2f}"
        )
        checks.append(
            (
                f"{LABELS[name]}, {large} vs {small} sessions: ratio near 1 (≥ 0.8)",
                f"{many / few:.2f}",
                many / few >= 0.8,
            )
        )
    return checks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10, help="seconds per row")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    # One more than the cores: every registration waits for one row lock, and more
    # workers than cores only lengthen the queue behind it (see README, Performance).
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--sessions", type=int, default=500)
    parser.add_argument("--speakers", type=int, default=200)
    parser.add_argument("--growth", type=int, nargs=2, default=[50, 5000])
    parser.add_argument("--no-growth", action="store_true")
    parser.add_argument("--no-worker", action="store_true", help="skip the idle worker")
    parser.add_argument(
        "--rows",
        nargs="+",
        choices=ROWS[1:],
        help="measure only these rows (and the floor); skips the seats check",
    )
    args = parser.parse_args()
    args.wrk = ensure_wrk()

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not database_url.startswith("postgres"):
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL to one.")
    ensure_database(database_url)
    env = production_env(DATABASE_URL=database_url)
    say(f"database {urlsplit(database_url).path.lstrip('/')}: migrate, collectstatic")
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("collectstatic", "--no-input", "-v", "0", env=env)
    started = time.monotonic()
    manage(
        "seed_demo",
        "--sessions",
        str(args.sessions),
        "--speakers",
        str(args.speakers),
        "-v",
        "0",
        env=env,
    )
    say(
        f"seed_demo --sessions {args.sessions} --speakers {args.speakers}: "
        f"{time.monotonic() - started:.0f} s"
    )
    analyze(database_url)
    with shared_cache(env) as redis_url:
        say(f"shared cache: {redis_url or 'none (per-process caches)'}")
        facts = inprocess("prepare", env)
        started = time.monotonic()
        manage("db_worker", "--batch", "--no-startup-delay", "-v", "0", env=env)
        say(
            f"worker made the renditions of {facts['images_reset']} images in "
            f"{time.monotonic() - started:.0f} s"
        )
        queries = inprocess("count", env)
        say(f"queries per request: {queries}")
        endpoints = facts["endpoints"]
        names = ["floor", *args.rows] if args.rows else ROWS
        loads, (note, memory) = run_loads(env, args, endpoints, names)
        if not args.rows:
            with gunicorn(env, port=PORT, workers=args.workers) as (base, _):
                seats = check_seats(base, inprocess("seats", env))
    checks = print_table(args, facts, loads, queries, memory, note)
    if not args.rows:
        checks.append(
            (
                "seats on cached page and API never older than the last registration",
                *seats,
            )
        )
    if not args.no_worker and not args.rows:
        idle = measure_idle_worker(WORKER_INTERVAL, 60, env)
        checks.append(
            (
                f"idle db_worker (--interval {WORKER_INTERVAL:g}) under 1 % of a core "
                "over 60 s",
                f"{idle['percent_of_a_core']:.2f} %",
                idle["percent_of_a_core"] < 1,
            )
        )
    checks.append(
        (
            "make test on SQLite ≤ 2 min",
            "not run by the benchmark (see docs/performance.md)",
            False,
        )
    )
    if not args.no_growth and not args.rows:
        checks += print_growth(growth(args, database_url))
    print()
    print("Targets")
    for text, value, met in checks:
        print(f"  [{'met' if met else 'MISSED':6}] {text}: {value}")
    print(f"\nmake bench took {time.monotonic() - STARTED:.0f} s")


if __name__ == "__main__":
    main()

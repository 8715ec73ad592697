"""Where an uncached request spends its time: cProfile over N requests to each
endpoint (a registration: a POST), in process, with the production settings against
the benchmark database.

    DATABASE_URL=... python -m bench.profile [--requests 20] [--top 25] [endpoint ...]
    DATABASE_URL=... python -m bench.profile --cpu [--requests 60] [endpoint ...]

`--cpu` runs without the profiler and prints the CPU time, function calls aside, per
request (`time.process_time`, this process only: PostgreSQL's share is not in it) and
the queries per request.

Every request has its own query string, so neither the page cache nor the API cache
answers it. Run `make bench` once first (it seeds the database and adds the pages).
"""

import argparse
import cProfile
import io
import os
import pstats
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.production")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.inprocess import (  # noqa: E402
    benchmark_session,
    registration_session,
    series,
)


def endpoints() -> dict[str, str]:
    session = benchmark_session()
    return {
        "session": session.url,
        "series": series().url,
        "api_list": "/api/v3/series/sessions/?locale=nb",
        "api_detail": f"/api/v3/series/sessions/{session.pk}/",
        "registration": f"/nb/registrations/sessions/{registration_session().pk}/",
    }


def requester(client: Client, path: str):
    def get(n: int):
        if "/registrations/" in path:  # a registration: POST the form
            email = f"profile-{time.time_ns()}-{n}@example.no"
            form = {"name": "Profile", "email": email, "consent": "on"}
            response = client.post(path, form)
            assert response.status_code == 302, (path, response.status_code)  # noqa: S101
            return
        separator = "&" if "?" in path else "?"
        response = client.get(f"{path}{separator}profile={time.time_ns()}-{n}")
        assert response.status_code == 200, (path, response.status_code)  # noqa: S101

    return get


def cpu(client: Client, path: str, requests: int) -> str:
    get = requester(client, path)
    get(-1)
    with CaptureQueriesContext(connection) as queries:
        get(-2)
    queries = len(queries)  # now: the next request clears the connection's log
    started, wall = time.process_time(), time.perf_counter()
    for n in range(requests):
        get(n)
    used = (time.process_time() - started) / requests * 1000
    wall = (time.perf_counter() - wall) / requests * 1000
    return (
        f"{path}: {used:.1f} ms CPU, {wall:.1f} ms wall per request, {queries} queries"
    )


def profile(client: Client, path: str, requests: int, top: int) -> str:
    get = requester(client, path)
    get(-1)  # warm-up: renditions, template loading, imports
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for n in range(requests):
        get(n)
    profiler.disable()
    elapsed = (time.perf_counter() - started) / requests * 1000
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(top)
    return f"{path}: {elapsed:.1f} ms per request (profiled)\n{out.getvalue()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--host", default="127.0.0.1:8765")
    parser.add_argument("--cpu", action="store_true", help="CPU ms, no profiler")
    args = parser.parse_args()
    client = Client(HTTP_HOST=args.host)
    for name, path in endpoints().items():
        if not args.names or name in args.names:
            print(f"==== {name}")
            if args.cpu:
                print(cpu(client, path, args.requests))
            else:
                print(profile(client, path, args.requests, args.top))


if __name__ == "__main__":
    main()

"""Where an uncached request spends its time: cProfile over N requests to each
endpoint (a registration: a POST), in process, with the production settings against
the benchmark database.

    DATABASE_URL=... python -m bench.profile [--requests 20] [--top 25] [endpoint ...]

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

from django.test import Client  # noqa: E402

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


def profile(client: Client, path: str, requests: int, top: int) -> str:
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
    args = parser.parse_args()
    client = Client(HTTP_HOST=args.host)
    for name, path in endpoints().items():
        if not args.names or name in args.names:
            print(f"==== {name}")
            print(profile(client, path, args.requests, args.top))


if __name__ == "__main__":
    main()

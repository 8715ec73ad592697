"""Registrations per second and latency: 16 clients posting to one session's form
through gunicorn on PostgreSQL (production settings, loopback, rate limit off).

    DATABASE_URL=postgres://... python bench/registrations.py [--clients 16] [--each 25]
"""

import argparse
import http.client
import os
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import gunicorn, manage, percentile, production_env  # noqa: E402


def create_session(env: dict[str, str], capacity: int) -> int:
    import django

    os.environ.update(env)
    django.setup()
    from datetime import timedelta

    from django.utils import timezone

    from series.models import SeriesIndexPage, SoTalkSessionPage

    series = SeriesIndexPage.objects.filter(locale__language_code="nb").first()
    starts = timezone.now() + timedelta(days=20)
    session = series.add_child(
        instance=SoTalkSessionPage(
            title=f"Benchmark {time.time_ns()}",
            slug=f"benchmark-{time.time_ns()}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            capacity=capacity,
        )
    )
    session.save_revision().publish()
    return session.pk


def client(port: int, page_id: int, prefix: str, count: int, results: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for n in range(count):
        body = urllib.parse.urlencode(
            {"name": "Bench", "email": f"{prefix}-{n}@example.no", "consent": "on"}
        )
        started = time.perf_counter()
        connection.request(
            "POST",
            f"/nb/registrations/sessions/{page_id}/",
            body,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = connection.getresponse()
        response.read()
        results.append((time.perf_counter() - started, response.status))
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--each", type=int, default=25)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    env = production_env()
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("collectstatic", "--no-input", "-v", "0", env=env)
    manage("seed_demo", "-v", "0", env=env)
    total = args.clients * args.each
    page_id = create_session(env, capacity=total // 2)
    port = 8765
    with gunicorn(env, port=port):
        results: list = []
        threads = [
            threading.Thread(
                target=client, args=(port, page_id, f"c{c}-{time.time_ns()}", args.each, results)
            )
            for c in range(args.clients)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    latencies = [latency for latency, _ in results]
    statuses: dict[int, int] = {}
    for _, status in results:
        statuses[status] = statuses.get(status, 0) + 1
    print(f"registrations: {len(results)} from {args.clients} clients in {elapsed:.1f} s")
    print(f"throughput:    {len(results) / elapsed:.1f} registrations/s")
    print(f"latency:       p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
          f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms")
    print(f"statuses:      {statuses}")


if __name__ == "__main__":
    main()

"""Capacity under real concurrency: 200 registrations at once over HTTP through
gunicorn (production settings) against 50 seats."""

import threading
import uuid
from collections import Counter

import pytest

from .conftest import deliveries, percentile, register, registrations_by_status

pytestmark = pytest.mark.faults

CLIENTS = 200
CAPACITY = 50


def test_200_concurrent_registrations_for_50_seats(site, gunicorn_port, figures):
    page_id = site.sessions["load"]
    start = threading.Barrier(CLIENTS)
    attempts = []

    def client(n: int) -> None:
        email = f"load-{n}-{uuid.uuid4().hex[:6]}@example.no"
        start.wait(timeout=60)
        attempts.append(
            register(gunicorn_port, page_id, email, "form" if n % 2 else "api", 60)
        )

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    statuses = Counter(attempt.status for attempt in attempts)
    stored = registrations_by_status(site, page_id)
    outbox = Counter(row[1] for row in deliveries(site, page_id))
    said = Counter(
        "waitlisted" if "waitlisted" in attempt.body else "confirmed"
        for attempt in attempts
        if attempt.via == "api" and attempt.status == 201
    )
    latencies = [attempt.finished - attempt.started for attempt in attempts]
    elapsed = max(a.finished for a in attempts) - min(a.started for a in attempts)
    figures(
        "load (200 concurrent registrations, 50 seats)",
        {
            "registrations made": f"{sum(a.succeeded for a in attempts)} of {CLIENTS}",
            "HTTP statuses": dict(sorted(statuses.items(), key=str)),
            "confirmed / waitlisted": (
                f"{stored.get('confirmed', 0)} / {stored.get('waitlisted', 0)}"
            ),
            "outbox (confirmation / waitlisted)": (
                f"{outbox['confirmation']} / {outbox['waitlisted']}"
            ),
            "5xx": sum(count for status, count in statuses.items() if status >= 500),
            "lost": CLIENTS - sum(stored.values()),
            "wall time (s)": round(elapsed, 1),
            "latency p50 / p99 (ms)": (
                f"{percentile(latencies, 0.5) * 1000:.0f} / "
                f"{percentile(latencies, 0.99) * 1000:.0f}"
            ),
        },
    )
    assert len(attempts) == CLIENTS
    assert all(attempt.succeeded for attempt in attempts), [
        (a.status, a.error, a.body[:200]) for a in attempts if not a.succeeded
    ][:3]
    assert stored == {"confirmed": CAPACITY, "waitlisted": CLIENTS - CAPACITY}
    assert outbox == {"confirmation": CAPACITY, "waitlisted": CLIENTS - CAPACITY}
    assert said["confirmed"] + said["waitlisted"] == CLIENTS // 2

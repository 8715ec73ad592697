"""Capacity holds when one session's sign-ups are spread over two app servers: 200
visitors at once (half by the form, half by the API, alternating servers) against 50
seats. The server logs carry none of their names or addresses."""

import json
import threading
from collections import Counter

from .conftest import (
    client_address,
    outbox,
    percentile,
    register,
    requires_postgres,
    statuses_by_session,
)

pytestmark = requires_postgres

CLIENTS = 200
CAPACITY = 50


def test_200_concurrent_sign_ups_over_two_servers_fill_exactly_50_seats(site, figures):
    page_id = site.sessions["capacity"]
    start = threading.Barrier(CLIENTS)
    results = [None] * CLIENTS

    def visitor(n: int) -> None:
        start.wait(timeout=60)
        results[n] = register(
            site,
            "AB"[n % 2],
            page_id,
            via="form" if (n // 2) % 2 else "api",
            client=client_address(n),
            prefix="capacity",
        )

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    attempts = [result for result in results if result is not None]
    statuses = Counter(attempt.reply.status for attempt in attempts)
    per_server = Counter(
        f"{attempt.reply.server} {attempt.reply.status}" for attempt in attempts
    )
    stored = statuses_by_session(site, page_id)
    queued = Counter(row[1] for row in outbox(site, page_id))
    latencies = [attempt.reply.seconds for attempt in attempts]
    elapsed = max(a.reply.finished for a in attempts) - min(
        a.reply.started for a in attempts
    )
    log = site.log_text()
    leaked = [
        attempt.email
        for attempt in attempts
        if attempt.email in log or attempt.name in log
    ]
    request_lines = [
        line
        for line in log.splitlines()
        if line.startswith("{") and '"logger": "site_project.requests"' in line
    ]
    figures(
        "capacity over two servers (200 concurrent sign-ups, 50 seats)",
        {
            "accepted (201 / 302)": (
                f"{sum(a.succeeded for a in attempts)} of {CLIENTS}"
            ),
            "HTTP statuses": dict(sorted(statuses.items(), key=str)),
            "per server and status": dict(sorted(per_server.items())),
            "confirmed / waitlisted": (
                f"{stored.get('confirmed', 0)} / {stored.get('waitlisted', 0)}"
            ),
            "outbox (confirmation / waitlisted)": (
                f"{queued['confirmation']} / {queued['waitlisted']}"
            ),
            "5xx": sum(n for status, n in statuses.items() if (status or 0) >= 500),
            "lost (accepted, not stored)": CLIENTS - sum(stored.values()),
            "wall time (s)": round(elapsed, 1),
            "latency p50 / p99 (ms)": (
                f"{percentile(latencies, 0.5) * 1000:.0f} / "
                f"{percentile(latencies, 0.99) * 1000:.0f}"
            ),
            "JSON request log lines": len(request_lines),
            "registrants' names or addresses in logs": len(leaked),
        },
    )
    assert len(attempts) == CLIENTS
    assert all(attempt.succeeded for attempt in attempts), [
        (a.reply.status, a.reply.error, a.reply.body[:200])
        for a in attempts
        if not a.succeeded
    ][:3]
    assert stored == {"confirmed": CAPACITY, "waitlisted": CLIENTS - CAPACITY}
    assert queued == {"confirmation": CAPACITY, "waitlisted": CLIENTS - CAPACITY}
    # Both servers took their half.
    assert {a.reply.server for a in attempts if a.succeeded} == {"A", "B"}
    # Logs: one JSON object per request line, with its id, and nobody's data.
    assert not leaked
    registrations_logged = [
        json.loads(line)
        for line in request_lines
        if f"/registrations/sessions/{page_id}/" in line
        or f"/sessions/{page_id}/registrations/" in line
    ]
    assert len(registrations_logged) == CLIENTS
    assert all(
        {"request_id", "path", "status", "duration_ms"} <= set(entry)
        for entry in registrations_logged
    )

"""Redis stopped under load: pages still serve (the cache fails open and says so in the
log), registrations still work, /readyz says the cache is down, and the rate limit
holds per app-server process (the documented fallback). Redis back: /readyz is ready
and pages come from the cache again, by themselves."""

import json
import threading
import time
from collections import Counter

from .conftest import (
    RATE_LIMIT,
    WORKERS_PER_SERVER,
    client_address,
    get,
    register,
    requires_postgres,
    wait_until,
)

pytestmark = requires_postgres

READERS = 4
REGISTRANTS = 2
LOAD_BEFORE = 1.5  # seconds of load before Redis goes away
OUTAGE = 3.0  # at least this long away
LOAD_AFTER = 1.5


def readyz(port: int):
    reply = get(port, "/readyz", timeout=5)
    try:
        checks = json.loads(reply.body).get("checks", {})
    except ValueError:
        checks = {}
    return reply, checks


def test_redis_outage_under_load_fails_open_and_recovers(site, figures):
    servers = site.servers
    session = site.pages["redis"]
    paths = ["/nb/", session["path"], "/en/", "/sitemap.xml"]
    pages, sign_ups = [], []
    stop = threading.Event()

    def reader(n: int) -> None:
        count = 0
        while not stop.is_set():
            count += 1
            server = "AB"[(n + count) % 2]
            reply = get(servers[server], paths[count % len(paths)], server=server)
            pages.append(reply)

    def registrant(n: int) -> None:
        count = 0
        while not stop.is_set():
            count += 1
            sign_ups.append(
                register(
                    site,
                    "AB"[count % 2],
                    session["id"],
                    via="api" if (n + count) % 2 else "form",
                    client=client_address(2000 + n * 1000 + count),
                    prefix="redis",
                )
            )
            time.sleep(0.05)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
    threads += [
        threading.Thread(target=registrant, args=(n,)) for n in range(REGISTRANTS)
    ]
    try:
        for thread in threads:
            thread.start()
        time.sleep(LOAD_BEFORE)
        site.redis.stop()
        down = time.monotonic()
        ready_during = {name: readyz(port) for name, port in servers.items()}
        # One client, many sign-ups, spread over both servers, while Redis is away.
        limited = [
            register(
                site,
                "AB"[n % 2],
                session["id"],
                via="api",
                client="203.0.113.200",
                prefix="nolimit",
            )
            for n in range(RATE_LIMIT * 5)
        ]
        time.sleep(max(0.0, OUTAGE - (time.monotonic() - down)))
        restarting = time.monotonic()
        site.redis.start()
        back = time.monotonic()
        ready_after = {
            name: wait_until(
                lambda port=port: readyz(port)[0].status == 200 and time.monotonic(),
                timeout=30,
                interval=0.05,
            )
            - back
            for name, port in servers.items()
        }

        def page_cache_hit() -> float | None:
            reply = get(servers["B"], session["path"])
            return reply.headers.get("x-page-cache") == "hit" and time.monotonic()

        cached_again = wait_until(page_cache_hit, timeout=30, interval=0.05) - back
        time.sleep(LOAD_AFTER)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        if site.redis.process is None:
            site.redis.start()

    def phase(reply) -> str:
        if reply.finished < down:
            return "before"
        if reply.started > down and reply.finished < restarting:
            return "during"
        if reply.started > back:
            return "after"
        return "edges"

    page_statuses = Counter((phase(r), r.status) for r in pages)
    page_cache = Counter((phase(r), r.headers.get("x-page-cache", "-")) for r in pages)
    signed = Counter((phase(s.reply), s.succeeded) for s in sign_ups)
    log = site.log_text()
    accepted = sum(s.succeeded for s in limited)
    refused = sum(s.reply.status == 429 for s in limited)
    processes = 2 * WORKERS_PER_SERVER
    figures(
        "Redis stopped under load, then started",
        {
            "pages (phase, status): count": {
                f"{p} {s}": n for (p, s), n in sorted(page_statuses.items(), key=str)
            },
            "page cache (phase, header): count": {
                f"{p} {h}": n for (p, h), n in sorted(page_cache.items(), key=str)
            },
            "sign-ups (phase, succeeded): count": {
                f"{p} {ok}": n for (p, ok), n in sorted(signed.items(), key=str)
            },
            "/readyz while away (A / B)": " / ".join(
                f"{reply.status} {checks} in {reply.seconds * 1000:.0f} ms"
                for reply, checks in ready_during.values()
            ),
            f"one client, {len(limited)} sign-ups while away": (
                f"{accepted} accepted, {refused} refused (limit {RATE_LIMIT} per "
                f"process, {processes} processes)"
            ),
            "Redis away (s)": round(restarting - down, 1),
            "/readyz 200 again after Redis was back (s) A / B": (
                f"{ready_after['A']:.2f} / {ready_after['B']:.2f}"
            ),
            "page cache hits again after Redis was back (s)": round(cached_again, 2),
            "fail-open warnings logged": log.count("Cache unreachable"),
            "recovery lines logged": log.count("Cache reachable again"),
        },
    )
    assert all(r.status == 200 for r in pages), [
        (r.status, r.error) for r in pages if r.status != 200
    ][:3]
    assert page_statuses[("during", 200)] > 0
    assert page_cache[("during", "hit")] == 0  # rendered: Redis was really away
    assert all(s.succeeded for s in sign_ups), [
        (s.reply.status, s.reply.body[:200]) for s in sign_ups if not s.succeeded
    ][:3]
    assert signed[("during", True)] > 0
    for reply, checks in ready_during.values():
        assert reply.status == 503
        assert checks == {"database": "ok", "migrations": "ok", "cache": "down"}
    # Without Redis each process counts on its own: never more than limit x processes.
    assert RATE_LIMIT <= accepted <= RATE_LIMIT * processes
    assert refused == len(limited) - accepted > 0
    assert "Cache unreachable" in log and "Cache reachable again" in log

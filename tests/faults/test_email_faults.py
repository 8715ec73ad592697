"""The e-mail promise under faults: an accepted registration's e-mail is never lost,
and arrives once, except inside the documented window (the worker dies after the ESP
accepted and before it committed "sent")."""

import signal
import time
from functools import partial

import pytest

from ..fake_esp import FakePostmark
from .conftest import (
    deliveries,
    percentile,
    register_many,
    registrations_by_status,
    wait_until,
)

pytestmark = pytest.mark.faults

TIMEOUT = 0.5  # the Postmark client's timeout in these tests (a hang outlasts it)
OUTAGE_AFTER_LAST_REGISTRATION = 10.0


@pytest.fixture
def esp():
    with FakePostmark(hang_seconds=TIMEOUT * 5) as server:
        yield server


def all_sent(site, page_id: int, expected: int) -> bool:
    rows = deliveries(site, page_id)
    return len(rows) == expected and all(row[2] == "sent" for row in rows)


def test_esp_outage_loses_nothing_and_sends_each_confirmation_once(
    site, esp, gunicorn_port, figures
):
    page_id = site.sessions["outage"]
    # Down until told otherwise: mostly fast failures, every fourth request hangs
    # past the client's timeout.
    esp.fail(("error", "drop", "error", "hang"))
    outage_started = time.monotonic()
    # Retries after 2, 4, 8, 16, 32 s: the sixth and last try comes a minute after
    # the first, so an outage shorter than that must lose nothing (see
    # test_retry_budget.py for a longer one).
    environ = {**esp.environ(timeout=TIMEOUT), "SERIES_EMAIL_RETRY_BASE_SECONDS": "2"}
    workers = [site.worker(f"outage-{n}", **environ) for n in (1, 2)]

    attempts = register_many(gunicorn_port, page_id, "outage", 100, threads=8)
    succeeded = [attempt for attempt in attempts if attempt.succeeded]
    assert len(succeeded) == 100, [a for a in attempts if not a.succeeded][:3]
    latencies = [attempt.finished - attempt.started for attempt in attempts]

    # The ESP stays down a while after the last registration, then comes back.
    time.sleep(OUTAGE_AFTER_LAST_REGISTRATION)
    tried = sum(1 for row in deliveries(site, page_id) if row[3] >= 1)
    outage = time.monotonic() - outage_started
    assert esp.accepted == []
    failed_during_outage = esp.failures
    esp.recover()
    recovered = time.monotonic()
    wait_until(lambda: all_sent(site, page_id, 100), timeout=60, interval=0.2)
    recovery = time.monotonic() - recovered
    for worker in workers:
        assert worker.poll() is None, "a worker died during the outage"

    addresses = {attempt.email.lower() for attempt in succeeded}
    copies = esp.copies_per_address()
    stored = registrations_by_status(site, page_id)
    rows = deliveries(site, page_id)
    lost = len(addresses - set(copies))
    duplicates = sum(count - 1 for count in copies.values())
    figures(
        "ESP outage (100 registrations, ESP down, then back)",
        {
            "registrations made (2xx/3xx)": f"{len(succeeded)} of {len(attempts)}",
            "request latency p50 / p99 (ms)": (
                f"{percentile(latencies, 0.5) * 1000:.0f} / "
                f"{percentile(latencies, 0.99) * 1000:.0f}"
            ),
            "ESP failed requests (500 / drop / hang)": (
                f"{failed_during_outage['error']} / {failed_during_outage['drop']} / "
                f"{failed_during_outage['hang']}"
            ),
            "outage (s)": round(outage, 1),
            "e-mails that failed during the outage": f"{tried} of 100",
            "confirmed": stored.get("confirmed", 0),
            "e-mails lost": lost,
            "duplicate e-mails": duplicates,
            "send attempts per e-mail (max)": max(row[3] for row in rows),
            "all sent after recovery (s)": round(recovery, 1),
        },
    )
    assert stored == {"confirmed": 100}
    assert {row[1] for row in rows} == {"confirmation"}
    assert set(copies) == addresses
    assert lost == 0 and duplicates == 0
    assert all(count == 1 for count in copies.values())
    assert tried >= 50  # the outage was felt
    assert max(row[3] for row in rows) < 6  # within the retry budget


def accepted_at_least(esp: FakePostmark, count: int) -> bool:
    return len(esp.accepted) >= count


def in_flight(site, page_id: int) -> list[str]:
    """Addresses whose outbox row a worker claimed and never finished."""
    return [row[0] for row in deliveries(site, page_id) if row[2] == "sending"]


def test_worker_killed_mid_batch_loses_nothing_and_duplicates_only_in_the_window(
    site, esp, gunicorn_port, figures
):
    page_id = site.sessions["kill"]
    attempts = register_many(gunicorn_port, page_id, "kill", 100)
    assert all(attempt.succeeded for attempt in attempts)
    addresses = {attempt.email.lower() for attempt in attempts}
    # The ESP keeps each message a moment before answering: the window in which a
    # dying worker has handed a message over without recording that it did.
    esp.reply_delay = 0.05
    environ = {
        **esp.environ(timeout=TIMEOUT),
        # send_reminders' recovery thresholds, short for the test.
        "SERIES_EMAIL_STALE_CLAIM_SECONDS": "2",
        "SERIES_EMAIL_REQUEUE_GRACE_SECONDS": "1",
    }
    kills = []
    stuck: set[str] = set()
    expected_duplicates = set()
    for n, accepted_before_kill in enumerate((25, 50, 75), start=1):
        worker = site.worker(f"kill-{n}", **environ)
        wait_until(partial(accepted_at_least, esp, accepted_before_kill), 60, 0.005)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        time.sleep(esp.reply_delay * 2)  # let a request in flight reach the ESP
        new = set(in_flight(site, page_id)) - stuck
        stuck |= new
        accepted = {message.to.lower() for message in esp.accepted}
        # A claimed row the ESP already took will be sent again: the known window.
        expected_duplicates |= {address for address in new if address in accepted}
        kills.append({"after": accepted_before_kill, "stuck": len(new)})
        assert len(new) <= 1  # a worker sends one e-mail at a time

    last = site.worker("kill-last", **environ)
    # What the killed workers held is found by the cron job once it is stale.
    time.sleep(2.5)
    output = site.run("send_reminders", **environ)
    started = time.monotonic()
    wait_until(lambda: all_sent(site, page_id, 100), timeout=60, interval=0.2)
    drained = time.monotonic() - started
    assert last.poll() is None

    copies = esp.copies_per_address()
    duplicates = {address for address, count in copies.items() if count > 1}
    lost = addresses - set(copies)
    figures(
        "worker SIGKILL mid-batch (100 e-mails, 3 kills, restarted)",
        {
            "registrations made": len(attempts),
            "kills (after n accepted: rows stuck)": ", ".join(
                f"{kill['after']}: {kill['stuck']}" for kill in kills
            ),
            "send_reminders (stale and waiting rows)": output.strip(),
            "e-mails lost": len(lost),
            "duplicate e-mails": len(duplicates),
            "duplicates predicted by the window": len(expected_duplicates),
            "all sent after send_reminders (s)": round(drained, 1),
        },
    )
    assert not lost
    assert duplicates == expected_duplicates
    assert len(duplicates) <= len(kills)
    assert all(count <= 2 for count in copies.values())

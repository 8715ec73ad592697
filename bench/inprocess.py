"""The benchmark's in-process half, run with the production settings against the
benchmark database (bench/run.py starts it in a subprocess per database):

    python -m bench.inprocess prepare --host 127.0.0.1:8765
    python -m bench.inprocess count --host 127.0.0.1:8765
    python -m bench.inprocess seats --host 127.0.0.1:8765

`prepare` adds the pages the load runs against (idempotent), writes the session
page's HTML into STATIC_ROOT, as the floor, then drops the renditions of what the
session pages show and queues the task a publish queues (run.py runs the worker);
`count` counts the queries of one request to each endpoint, and the renditions that
first request made; `seats` returns what the load's pages need to check exact seats.
Each prints one JSON line.
"""

import argparse
import json
import time
from datetime import timedelta
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.images.models import Rendition  # noqa: E402

from series.models import (  # noqa: E402
    Registration,
    SeriesIndexPage,
    SessionSpeaker,
    SoTalkSessionPage,
    Speaker,
)
from series.read.renditions import page_images, renditions_generate  # noqa: E402

SESSION_SLUG = "benchmark-session"
REGISTRATION_SLUG = "benchmark-registrations"
FLOOR_FILE = "bench/session.html"
SPEAKERS = 20


def series() -> SeriesIndexPage:
    return SeriesIndexPage.objects.get(locale__language_code="nb")


def add_session(slug: str, **fields) -> SoTalkSessionPage:
    parent = series()
    session = SoTalkSessionPage.objects.child_of(parent).filter(slug=slug).first()
    if session is None:
        starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=3)
        session = parent.add_child(
            instance=SoTalkSessionPage(
                slug=slug,
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                lead="The session page that the benchmark loads.",
                body=[
                    ("paragraph", f"<p>Paragraph {n} of the benchmark session.</p>")
                    for n in range(3)
                ],
                **fields,
            )
        )
        session.save_revision().publish()
    return session


def benchmark_session() -> SoTalkSessionPage:
    """A session with 20 speakers (generated ones, with photos and bios)."""
    session = add_session(SESSION_SLUG, title="Benchmark session", capacity=100)
    if not session.session_speakers.exists():
        speakers = Speaker.objects.filter(
            locale=session.locale, name__startswith="Demo Speaker"
        ).order_by("name")[:SPEAKERS]
        SessionSpeaker.objects.bulk_create(
            SessionSpeaker(
                page=session, speaker=speaker, locale=session.locale, sort_order=n
            )
            for n, speaker in enumerate(speakers)
        )
    return session


def registration_session() -> SoTalkSessionPage:
    return add_session(
        REGISTRATION_SLUG, title="Benchmark registrations", capacity=10_000_000
    )


def endpoints() -> dict[str, dict]:
    """What the load drives, by name: method, path, and how wrk varies it."""
    session = benchmark_session()
    return {
        "session_cached": {"path": session.url, "mode": "get"},
        "session_uncached": {"path": session.url, "mode": "unique"},
        "series": {"path": series().url, "mode": "unique"},
        "api_list_uncached": {
            "path": "/api/v3/series/sessions/?locale=nb",
            "mode": "unique",
        },
        "api_list": {"path": "/api/v3/series/sessions/?locale=nb", "mode": "get"},
        "api_detail": {"path": f"/api/v3/series/sessions/{session.pk}/", "mode": "get"},
        "registration": {
            "path": f"/nb/registrations/sessions/{registration_session().pk}/",
            "mode": "register",
        },
    }


def request(client: Client, name: str, endpoint: dict, n: int):
    path = endpoint["path"]
    if endpoint["mode"] == "unique":
        path += ("&" if "?" in path else "?") + f"bench=count-{time.time_ns()}-{n}"
    if endpoint["mode"] == "register":
        return client.post(
            path,
            {
                "name": "Count",
                "email": f"count-{time.time_ns()}@example.no",
                "consent": "on",
            },
        )
    return client.get(path)


def count(host: str) -> dict[str, int]:
    """Queries of one request to each endpoint, after one to warm it up; the cached
    page is asked twice in a row. `renditions_in_requests`: renditions those first
    requests had to make (the worker should have made them all on publish)."""
    client = Client(HTTP_HOST=host)
    counts = {}
    renditions_before = Rendition.objects.count()
    for name, endpoint in endpoints().items():
        response = request(client, name, endpoint, 0)
        if response.status_code not in (200, 302):
            raise RuntimeError(f"{name}: HTTP {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            request(client, name, endpoint, 1)
        counts[name] = len(queries)
    counts["renditions_in_requests"] = Rendition.objects.count() - renditions_before
    return counts


def renditions_reset(sessions) -> int:
    """Drop the renditions of what these sessions show, and queue the task that
    publishing them queues. seed_demo writes generated sessions in bulk, without
    publish signals, so the benchmark queues it as a publish would."""
    images = {image.pk for session in sessions for image, _ in page_images(session)}
    Rendition.objects.filter(image_id__in=images).delete()
    for session in sessions:
        renditions_generate.enqueue(page_id=session.pk)
    return len(images)


def seats() -> dict:
    session = registration_session()
    return {
        "page": session.url,
        "api": f"/api/v3/series/sessions/{session.pk}/",
        "register": f"/nb/registrations/sessions/{session.pk}/",
    }


def prepare(host: str) -> dict:
    """The pages the load needs, and the floor: the session page as a static file."""
    endpoints_ = endpoints()
    # Each run registers from none: earlier runs' registrations would lengthen the
    # count under the lock from one run to the next (7,261 after five runs: 2.4 ms).
    Registration.objects.filter(session=registration_session()).delete()
    client = Client(HTTP_HOST=host)
    response = client.get(endpoints_["session_uncached"]["path"] + "?bench=floor")
    if response.status_code != 200:
        raise RuntimeError(f"session page: HTTP {response.status_code}")
    floor = Path(settings.STATIC_ROOT) / FLOOR_FILE
    floor.parent.mkdir(parents=True, exist_ok=True)
    floor.write_bytes(response.content)
    endpoints_["floor"] = {"path": settings.STATIC_URL + FLOOR_FILE, "mode": "get"}
    # What the measured pages show: the API list's first page, the series page's
    # upcoming and past cards, and the two benchmark sessions.
    live = (
        SoTalkSessionPage.objects.live()
        .filter(locale__language_code="nb")
        .prefetch_related("session_speakers__speaker__photo")
    )
    now = timezone.now()
    shown = {
        session.pk: session
        for session in [
            *live.order_by("starts_at", "pk")[:20],
            *live.filter(ends_at__gte=now).order_by("starts_at", "pk")[:20],
            *live.filter(ends_at__lt=now).order_by("-starts_at", "-pk")[:10],
            *live.filter(slug__in=[SESSION_SLUG, REGISTRATION_SLUG]),
        ]
    }.values()
    return {
        "images_reset": renditions_reset(shown),
        "endpoints": endpoints_,
        "page_bytes": len(response.content),
        "sessions": SoTalkSessionPage.objects.filter(
            locale__language_code="nb"
        ).count(),
        "speakers_on_session": SPEAKERS,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=["prepare", "count", "seats"])
    parser.add_argument("--host", required=True)
    args = parser.parse_args()
    actions = {"prepare": prepare, "count": count, "seats": lambda host: seats()}
    result = actions[args.action](args.host)
    print("BENCH_JSON " + json.dumps(result))


if __name__ == "__main__":
    main()

"""A publish on server A is seen on server B at once: both serve pages from the shared
Redis page cache, and A's publish makes every cached page stale there. The CDN purge is
queued once (not once per server) and a worker sends it."""

import re
import time
from http.client import HTTPConnection
from urllib.parse import urlencode

from .conftest import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    HOST,
    get,
    requires_postgres,
    title_of,
    wait_until,
)

pytestmark = requires_postgres

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class AdminClient:
    """An editor's browser on one server: cookies and CSRF by hand."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, form: dict | None = None):
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": HOST}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location", ""), content
        finally:
            connection.close()

    def post_form(self, path: str, fields: dict) -> tuple[int, str]:
        status, _, page = self.send("GET", path)
        assert status == 200, (path, status)
        token = CSRF_INPUT.search(page).group(1)
        status, location, _ = self.send(
            "POST", path, {"csrfmiddlewaretoken": token, **fields}
        )
        return status, location


def purge_tasks(site, since) -> int:
    return site.query(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE %s AND enqueued_at >= %s",
        "%purge_urls_from_cache_task",
        since,
    )[0][0]


def test_publish_on_a_is_visible_on_b_at_once(site, figures):
    page = site.pages["publish"]
    a, b = site.servers["A"], site.servers["B"]
    warm_a = get(a, page["path"])
    assert warm_a.status == 200
    old_title = title_of(warm_a.body)
    warm_b = get(b, page["path"])  # the page A rendered and cached
    assert warm_b.status == 200
    assert warm_b.headers.get("x-page-cache") == "hit"

    new_title = f"Scale-out: published on A {time.time_ns()}"
    site.run(
        "shell",
        "--no-imports",
        "-c",
        "from series.models import SoTalkSessionPage; "
        f"page = SoTalkSessionPage.objects.get(pk={page['id']}); "
        f"page.title = {new_title!r}; page.save_revision()",
    )
    draft_seen_on_b = get(b, page["path"])
    assert title_of(draft_seen_on_b.body) == old_title  # a draft is not published
    assert draft_seen_on_b.headers.get("x-page-cache") == "hit"

    editor = AdminClient(a)
    status, location = editor.post_form(
        "/admin/login/",
        {"username": ADMIN_USER, "password": ADMIN_PASSWORD, "next": "/admin/"},
    )
    assert (status, location) == (302, "/admin/"), "admin sign-in on A failed"
    since = site.query("SELECT now()")[0][0]
    status, _ = editor.post_form(
        f"/admin/bulk/wagtailcore/page/publish/?id={page['id']}", {}
    )
    assert status == 302, "publish on A failed"
    published = time.monotonic()
    on_b = get(b, page["path"])
    seen_after = on_b.finished - published
    again_on_b = get(b, page["path"])
    on_a = get(a, page["path"])

    tasks = purge_tasks(site, since)
    worker = site.worker("purge")
    wait_until(lambda: len(site.cdn.purges) >= 1, timeout=30)
    time.sleep(0.5)  # any second purge would arrive now
    purged = site.cdn.purges
    figures(
        "publish on A, read on B (page cache in Redis)",
        {
            "B before publish (draft saved)": (
                f"{draft_seen_on_b.headers.get('x-page-cache')}, old title"
            ),
            "B right after publish": (
                f"{on_b.headers.get('x-page-cache')}, "
                f"{'new' if title_of(on_b.body) == new_title else 'OLD'} title, "
                f"{seen_after * 1000:.0f} ms after A answered"
            ),
            "B again / A": (
                f"{again_on_b.headers.get('x-page-cache')} / "
                f"{on_a.headers.get('x-page-cache')}"
            ),
            "CDN purge tasks queued": tasks,
            "purge requests the worker sent": ", ".join(path for _host, path in purged),
        },
    )
    assert on_b.status == 200
    assert title_of(on_b.body) == new_title
    assert on_b.headers.get("x-page-cache") == "miss"
    assert again_on_b.headers.get("x-page-cache") == "hit"
    assert title_of(again_on_b.body) == title_of(on_a.body) == new_title
    assert tasks == 1
    assert worker.poll() is None
    assert sorted(path for _host, path in purged) == sorted(
        {path for _host, path in purged}
    ), "a URL was purged twice"
    assert page["path"] in {path for _host, path in purged}

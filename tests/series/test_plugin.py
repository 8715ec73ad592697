"""The series app in a bare Wagtail site, without SoTalk's home app or settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("plugin_site.py")


def test_series_app_works_in_a_bare_wagtail_site(tmp_path):
    env = {**os.environ, "PLUGIN_SCRATCH": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # its own SQLite file, whatever the suite uses
    result = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, str(SCRIPT)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    pages = report["pages"]
    assert {name: page["status"] for name, page in pages.items()} == dict.fromkeys(
        pages, 200
    )
    titled = ["series_page", "session_nb", "session_en", "calendar", "feed"]
    assert all(pages[name]["has_title"] for name in titled + ["api_sessions"])
    assert not any(page["has_join_url"] for page in pages.values())
    # Served with the app's own templates: there is no home app here.
    assert "series/so_talk_session_page.html" in report["templates"]
    assert "series/base.html" in report["templates"]
    assert set(report["series_paths"]) >= {
        "/api/v3/series/",
        "/api/v3/series/sessions/",
        "/api/v3/series/sessions/{id}/",
        "/api/v3/series/speakers/",
    }
    [session] = pages["api_sessions"]["json"]["items"]
    assert session["locale"] == "en"
    assert session["time_zone"] == "Europe/Oslo"
    assert {t["locale"] for t in session["translations"]} == {"nb", "en"}
    assert pages["api_detail"]["json"]["locale"] == "nb"
    assert report["seconds"] < 60

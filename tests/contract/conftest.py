"""Clients we did not write, generated from the live schema, run on the live server.

The live-server fixtures are the browser suite's: transactional tests on the demo site,
reloaded from one snapshot per test.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.browser.conftest import chromium, demo_snapshot, live  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "headless"
NODE_BIN = EXAMPLE / "node_modules" / ".bin"
CLIENTS = Path(__file__).parent / "clients"
GENERATOR_WARNINGS = pytest.StashKey[list[str]]()
OUR_PATHS = "/api/v3/series/"


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    lines = config.stash.get(GENERATOR_WARNINGS, [])
    if lines:
        terminalreporter.write_sep("-", "OpenAPI generator warnings")
        for line in lines:
            terminalreporter.write_line(line)


def run(args: list, **kwargs) -> subprocess.CompletedProcess:
    """A command's result, its output kept for the assertion message."""
    return subprocess.run(  # noqa: S603
        [str(arg) for arg in args],
        capture_output=True,
        text=True,
        timeout=180,
        **kwargs,
    )


def show(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"


def generator_warnings(output: str) -> list[str]:
    """openapi-python-client: one `WARNING parsing <METHOD> <path>` per endpoint."""
    return [
        line.strip()
        for line in output.splitlines()
        if line.startswith("WARNING") or "warning" in line.lower()
    ]


@pytest.fixture
def site(transactional_db, settings, request):
    """The browser suite's `live` demo site, its content-type cache warmed first.

    Loading the snapshot saves pages before their content types; with a cold cache a
    lookup on the way inserts a content type that the snapshot's own row then
    collides with (this happened after a test without the database ran in between).
    """
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models())
    return request.getfixturevalue("live")


@pytest.fixture(scope="session")
def node_tools() -> Path:
    """examples/headless's npm packages (openapi-typescript, openapi-fetch, tsc)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are not installed: the TypeScript client needs them")
    if not (NODE_BIN / "tsc").exists():
        result = run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=EXAMPLE
        )
        assert result.returncode == 0, show(result)
    return NODE_BIN


@pytest.fixture(scope="session")
def live_schema(live_server, tmp_path_factory) -> Path:
    """The OpenAPI document as the live server serves it."""
    response = httpx.get(f"{live_server.url}/api/v3/openapi.json", timeout=30)
    response.raise_for_status()
    path = tmp_path_factory.mktemp("schema") / "openapi.json"
    path.write_text(json.dumps(response.json()), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def python_client(live_schema, tmp_path_factory, pytestconfig) -> Path:
    """openapi-python-client's package for the schema, default settings."""
    out = tmp_path_factory.mktemp("python-client") / "client"
    generator = Path(sys.executable).with_name("openapi-python-client")
    env = {**os.environ, "PATH": f"{generator.parent}{os.pathsep}{os.environ['PATH']}"}
    result = run(
        [generator, "generate", "--path", live_schema, "--output-path", out], env=env
    )
    assert result.returncode == 0, show(result)
    warnings = generator_warnings(result.stdout + result.stderr)
    pytestconfig.stash.setdefault(GENERATOR_WARNINGS, []).extend(
        f"openapi-python-client: {line}" for line in warnings
    )
    return out


@pytest.fixture(scope="session")
def python_client_warnings(python_client, pytestconfig) -> list[str]:
    return [
        line
        for line in pytestconfig.stash[GENERATOR_WARNINGS]
        if line.startswith("openapi-python-client")
    ]


@pytest.fixture(scope="session")
def typescript_client(live_schema, node_tools, tmp_path_factory, pytestconfig):
    """openapi-typescript's types for the schema (default settings) beside the journey
    script, compiled by `tsc --strict`; returns the compiler's result and the folder."""
    folder = tmp_path_factory.mktemp("typescript-client")
    result = run(
        [node_tools / "openapi-typescript", live_schema, "-o", "sotalk-api.d.ts"],
        cwd=folder,
    )
    assert result.returncode == 0, show(result)
    warnings = [
        f"openapi-typescript: {line.strip()}"
        for line in (result.stdout + result.stderr).splitlines()
        if re.search(r"warn|⚠", line, re.IGNORECASE)
    ]
    pytestconfig.stash.setdefault(GENERATOR_WARNINGS, []).extend(warnings)
    shutil.copy(CLIENTS / "ts_journey.ts", folder)
    (folder / "node_modules").symlink_to(EXAMPLE / "node_modules")
    (folder / "package.json").write_text('{"type": "module"}\n')
    (folder / "tsconfig.json").write_text(
        json.dumps(
            {
                "compilerOptions": {
                    "target": "ES2022",
                    "module": "ES2022",
                    "moduleResolution": "bundler",
                    "types": ["node"],
                    "skipLibCheck": False,
                },
                "files": ["ts_journey.ts", "sotalk-api.d.ts"],
            }
        )
    )
    compiled = run([node_tools / "tsc", "-p", ".", "--strict"], cwd=folder)
    return compiled, folder


@pytest.fixture
def cancel_by_token():
    """Cancel as the registrant does today: the link in the e-mail, then the button.

    The API has no cancel endpoint yet; this is the site's own HTML form.
    """

    def cancel(url: str) -> httpx.Response:
        with httpx.Client(timeout=30) as browser:
            page = browser.get(url)
            assert page.status_code == 200, page.text[:500]
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            assert token, "the cancel page has no form"
            return browser.post(
                url,
                data={"csrfmiddlewaretoken": token.group(1)},
                headers={"Referer": url},
            )

    return cancel

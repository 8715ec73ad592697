"""`series` as a distribution: built into a wheel, installed into a fresh virtual
environment, its own suite passes on the bare three-language site it ships."""

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*command, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own build and test commands)
        command, capture_output=True, text=True, check=False, **kwargs
    )


def test_plugin_wheel_installs_and_passes_its_own_suite(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(
        ROOT / "series",
        source / "series",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    shutil.copy(ROOT / "pyproject.toml", source)
    dist = tmp_path / "dist"
    built = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "--quiet", "-w", str(dist), str(source),
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = dist.glob("wagtail_series-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in (
        "series/templates/series/so_talk_session_page.html",
        "series/locale/nb/LC_MESSAGES/django.mo",
        "series/migrations/0001_initial.py",
        "series/static/series/series.css",
        "series/tests/settings.py",
    ):
        assert shipped in names

    # A fresh environment: the app from the wheel, its dependencies from this one.
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=False)
    python = environment / "bin" / "python"
    site_packages = Path(
        run(
            str(python),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ).stdout.strip()
    )
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"])
    installed = run(
        sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
        "--target", str(site_packages), str(wheel),
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr[-3000:]

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {
        "PATH": "/usr/bin:/bin",
        "PLUGIN_SCRATCH": str(outside),
        "HOME": str(tmp_path),
    }
    where = run(
        str(python), "-c", "import series; print(series.__file__)", cwd=outside, env=env
    )
    assert where.stdout.startswith(str(site_packages)), where.stdout + where.stderr
    suite = run(
        str(python), "-m", "pytest", "--pyargs", "series.tests", "-q",
        "-p", "no:cacheprovider", "--ds=series.tests.settings",
        cwd=outside, env=env, timeout=600,
    )  # fmt: skip
    assert suite.returncode == 0, suite.stdout[-4000:] + suite.stderr[-2000:]
    assert " passed" in suite.stdout.splitlines()[-1]

"""Shared helpers for the benchmarks: a production-like gunicorn on loopback."""

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def production_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="site_project.settings.production",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="off",
        SECURE_HSTS_SECONDS="0",
        SERIES_REGISTRATION_RATE_LIMIT="off",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


@contextmanager
def gunicorn(
    env: dict[str, str], port: int = 8765, workers: int = 4, worker_class="sync"
):
    command = [PYTHON, "-m", "gunicorn", "site_project.wsgi"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--worker-class", worker_class, "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def worker_pids(master: int) -> list[int]:
    """gunicorn's workers: the processes whose parent is the master."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
    return sorted(pids)


def peak_memory_mb(pid: int) -> float:
    """Peak resident set size (VmHWM) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

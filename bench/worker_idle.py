"""CPU of an idle `db_worker`, measured from /proc over a minute.

    DATABASE_URL=... python -m bench.worker_idle [--seconds 60] [--interval 5] [...]

Starts the worker (production settings) on an empty queue, lets it settle, then reads
its user and system CPU ticks before and after. Prints one JSON line per interval.
"""

import argparse
import json
import os
import signal
import subprocess
import time
from pathlib import Path

from bench.common import PYTHON, ROOT, production_env

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def measure(
    interval: float | None,
    seconds: float,
    env: dict[str, str] | None = None,
    settle: float = 5.0,
) -> dict:
    command = [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    env = {**(env or production_env()), "LOG_REQUESTS": "off"}
    # An empty queue first: what is due now runs before the measurement.
    subprocess.run([*command, "--batch"], cwd=ROOT, env=env, check=True, **quiet)  # noqa: S603
    if interval is not None:
        command += ["--interval", str(interval)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, **quiet)  # noqa: S603
    try:
        time.sleep(settle)
        if process.poll() is not None:
            raise RuntimeError(f"db_worker exited with {process.returncode}")
        before, started = cpu_seconds(process.pid), time.monotonic()
        time.sleep(seconds)
        used, elapsed = cpu_seconds(process.pid) - before, time.monotonic() - started
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    return {
        "interval": interval,
        "seconds": round(elapsed, 1),
        "cpu_seconds": round(used, 2),
        "percent_of_a_core": round(100 * used / elapsed, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--interval", type=float, nargs="*", default=[None], help="db_worker --interval"
    )
    args = parser.parse_args()
    for interval in args.interval:
        print("WORKER_JSON " + json.dumps(measure(interval, args.seconds)), flush=True)


if __name__ == "__main__":
    main()

"""Figures that the process-based test families (faults, scale-out) print at the end
of a run and keep in test-artifacts/, as benchmarks do: measured, never asserted."""

import json
from collections.abc import Callable

import pytest


def report(terminalreporter, figures: dict, title: str, filename: str, width: int):
    if not figures:
        return
    terminalreporter.write_sep("-", title)
    for scenario, values in figures.items():
        terminalreporter.write_line(f"{scenario}:")
        for name, value in values.items():
            terminalreporter.write_line(f"    {name:<{width}} {value}")
    out = terminalreporter.config.rootpath / "test-artifacts" / filename
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2, default=str))
    terminalreporter.write_line(f"(also in {out})")


def recorder(request, key: pytest.StashKey) -> Callable[[str, dict], None]:
    def record(scenario: str, values: dict) -> None:
        request.config.stash[key][scenario] = values

    return record

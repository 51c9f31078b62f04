"""The benchmark imports the app's modules lazily, inside functions: check those imports here,
so a move inside cases/ cannot leave `make bench` broken until someone runs it."""

import ast
import importlib
import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _app_imports():
    for path in sorted(BENCH.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in {
                "cases",
                "guide",
                "accounts",
                "config",
            }:
                for alias in node.names:
                    yield pytest.param(node.module, alias.name, id=f"{path.name}:{node.module}")


@pytest.mark.parametrize(("module", "name"), list(_app_imports()))
def test_every_app_name_the_benchmark_imports_exists(module, name):
    # `from cases.services import appeal` names a module of the package, or a name in it.
    found = hasattr(importlib.import_module(module), name) or importlib.util.find_spec(
        f"{module}.{name}"
    )
    assert found, f"{module}.{name}"


def _row(rps: float, path: str, ratio: float | None = None) -> dict:
    row = {
        "url": "http://127.0.0.1" + path,
        "path": path,
        "rps": rps,
        "latency_avg_ms": 5.0,
        "latency_p99_ms": 9.0,
        "non_2xx": 0,
        "socket_errors": "",
        "requests": int(rps * 3),
        "rounds": [rps],
    }
    if ratio is not None:
        row |= {"ratio": ratio, "ratio_range": (ratio, ratio)}
    return row


def test_the_report_shows_every_private_page_the_growth_and_the_slow_clients(tmp_path):
    """docs/PERFORMANCE.md is written at the end of a long run: a report that breaks on the
    issue 18 rows would lose the whole run, so render them from a small made-up result."""
    import sys

    sys.path.insert(0, str(BENCH))
    try:
        from report import write_report
    finally:
        sys.path.remove(str(BENCH))
    cost = {"ms": 5.0, "queries": 4, "bytes": 5000}
    probe = {"count": 300, "answered": 300, "failures": 0, "failure_samples": []}
    run = {
        "server": {"workers": "3", "worker_class": "gthread", "threads": "8", "timeout": "30"},
        "throughput": {"healthz": _row(3000, "/healthz")},
        "private": {
            "healthz": _row(3000, "/healthz"),
            "cases": _row(600, "/cases/", 0.2),
            "negotiation": _row(150, "/cases/x/negotiation/", 0.05),
        },
        "cost": {"healthz": {"ms": 0.2, "queries": 0, "bytes": 2}, "cases": cost},
        "growth": {
            "negotiation": {
                "small": cost,
                "large": {"ms": 10.0, "queries": 4, "bytes": 6000},
                "ms_ratio": 2.0,
                "bytes_ratio": 1.2,
            }
        },
        "slow_clients": {
            "clients": 3,
            "export_bytes": 30_900_000,
            "download_rate": 3_000_000,
            "upload_bytes": 3_000_000,
            "upload_seconds": 12.0,
            "probe_timeout": 5.0,
            "downloads": {"ok": 3, "seconds": [10.4] * 3, "bytes": [1] * 3, "errors": []},
            "uploads": {"ok": 2, "seconds": [12.1] * 3, "bytes": [1] * 3, "errors": ["boom"]},
            "probes": {
                "healthz": probe | {"p50_ms": 2.0, "p99_ms": 8.0, "max_ms": 1300.0},
                "stage": probe | {"p50_ms": 9.0, "p99_ms": 30.0, "max_ms": 40.0},
            },
        },
        "errors": [],
    }
    results = {
        "config": {
            "workers": 3,
            "users": 50,
            "load_seconds": 60,
            "wrk_threads": 2,
            "wrk_connections": 16,
            "wrk_seconds": 3,
        },
        "machine": {"cpu": "test"},
        "started": "2026-12-07T00:00:00+00:00",
        "databases": {"sqlite": run},
        "harness_errors": [],
    }
    text = write_report(results, tmp_path / "PERFORMANCE.md")
    assert "| cases | `/cases/` | 600 | 0.20 |" in text
    assert "private page negotiation (`/cases/x/negotiation/`) at 0.05×" in text
    assert "negotiation page of the large case costs 2.00× the time" in text
    assert "SQLite (WAL), slow clients: failed requests 1 (target none) — boom" in text
    assert "3 gthread workers × 8 threads" in (tmp_path / "PERFORMANCE.md").read_text()

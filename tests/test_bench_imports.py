"""The benchmark imports the app's modules lazily, inside functions: check those imports here,
so a move inside cases/ cannot leave `make bench` broken until someone runs it."""

import ast
import importlib
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
    assert hasattr(importlib.import_module(module), name), f"{module}.{name}"

"""`make bench` runs each benchmark module's main(): every one must at least import (a module a
refactoring left behind fails here, not halfway through a long bench run)."""

from __future__ import annotations

import importlib

import pytest

from bench.run_all import BENCHMARKS


@pytest.mark.parametrize("name", BENCHMARKS)
def test_every_benchmark_imports_and_has_a_main(name: str) -> None:
    assert callable(importlib.import_module(name).main)

"""`make bench`: run every benchmark and print its figures (no assertions, no timing tests)."""

from __future__ import annotations

import importlib
import sys
import time

BENCHMARKS = ("bench.planner", "bench.parse", "bench.cycle", "bench.cloud_tasks", "bench.serve")


def main() -> int:
    """Run each benchmark module's ``main()`` in turn."""
    failed = 0
    for name in BENCHMARKS:
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        try:
            module = importlib.import_module(name)
            module.main()
        except Exception as exc:  # report and go on: one broken benchmark hides no others
            failed += 1
            print(f"{name} failed: {exc!r}", flush=True)
        print(f"({time.perf_counter() - start:.1f}s)\n", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

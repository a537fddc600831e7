"""Counting Google API calls: each one costs quota, so every job reports its count."""

from __future__ import annotations

import threading
from collections import Counter


class CallCounter:
    """Thread-safe counts of API calls by ``api.method`` (a batch counts each inner call)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self.retries = 0

    def add(self, api: str, method: str, count: int = 1) -> None:
        """Record ``count`` calls of ``api.method``."""
        with self._lock:
            self._counts[f"{api}.{method}"] += count

    def retried(self) -> None:
        """Record one retry (also counted as a call by ``add``)."""
        with self._lock:
            self.retries += 1

    @property
    def total(self) -> int:
        """All calls so far."""
        with self._lock:
            return sum(self._counts.values())

    def by_api(self) -> dict[str, int]:
        """Calls per API (drive, docs, sheets, calendar)."""
        out: Counter[str] = Counter()
        with self._lock:
            for key, value in self._counts.items():
                out[key.split(".", 1)[0]] += value
        return dict(out)

    def snapshot(self) -> dict[str, int]:
        """Calls per ``api.method``."""
        with self._lock:
            return dict(self._counts)

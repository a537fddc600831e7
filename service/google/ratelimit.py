"""A client-side rate limiter that knows Google's published per-minute quotas.

Sliding one-minute windows per (api, kind) for the project and per (api, kind, user); a caller
blocks until its call fits, so a job runs at the quota's pace instead of collecting 429s.
Quotas: https://developers.google.com/sheets/api/limits,
https://developers.google.com/docs/api/limits, Calendar and Drive usage limits pages.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

Key = tuple[str, ...]


@dataclass(frozen=True)
class Quota:
    """Calls allowed per minute for one API and kind of call."""

    per_user: int
    per_project: int


# (api, kind) -> quota; kind is "read" or "write".
GOOGLE_QUOTAS: dict[tuple[str, str], Quota] = {
    ("sheets", "read"): Quota(60, 300),
    ("sheets", "write"): Quota(60, 300),
    ("docs", "read"): Quota(300, 3000),
    ("docs", "write"): Quota(60, 600),
    ("calendar", "read"): Quota(600, 10000),
    ("calendar", "write"): Quota(600, 10000),
    ("drive", "read"): Quota(12000, 12000),
    ("drive", "write"): Quota(12000, 12000),
}


class RateLimiter:
    """Blocks callers so that no one-minute window exceeds the quotas."""

    def __init__(
        self,
        quotas: dict[tuple[str, str], Quota] | None = None,
        *,
        window: float = 60.0,
        margin: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.quotas = GOOGLE_QUOTAS if quotas is None else quotas
        self.window = window
        # Google counts a call when it arrives, a little after we count it: a window this much
        # longer than Google's keeps us from the 429 (and its back-off) at a window's edge.
        self.margin = margin
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._calls: dict[Key, deque[float]] = {}
        self.waited = 0.0  # total seconds callers spent waiting (reported by benchmarks)

    def acquire(self, api: str, kind: str, user: str, count: int = 1) -> None:
        """Wait until ``count`` calls of ``api``/``kind`` by ``user`` fit, then record them."""
        quota = self.quotas.get((api, kind))
        if quota is None:
            return
        buckets = [((api, kind), quota.per_project), ((api, kind, user), quota.per_user)]
        for _ in range(count):
            while True:
                with self._lock:
                    delay = max(self._delay(key, limit) for key, limit in buckets)
                    if delay <= 0:
                        now = self._clock()
                        for key, _limit in buckets:
                            self._calls.setdefault(key, deque()).append(now)
                        break
                self.waited += delay
                self._sleep(delay)

    def _delay(self, key: Key, limit: int) -> float:
        calls = self._calls.setdefault(key, deque())
        now = self._clock()
        span = self.window + self.margin
        while calls and calls[0] <= now - span:
            calls.popleft()
        if len(calls) < limit:
            return 0.0
        return calls[0] + span - now + 0.001

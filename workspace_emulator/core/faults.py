"""Seedable faults and the quota model: latency, 500/503/429 answers, per-minute quotas.

Off by default; tests and benchmarks turn them on. Latency is slept before the store lock is
taken, so concurrent callers overlap as they would against Google.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass

from workspace_emulator.core.framework import ApiError, Request

# (api, kind) -> (per user, per project) calls per minute, Google's published defaults.
QUOTAS: dict[tuple[str, str], tuple[int, int]] = {
    ("sheets", "read"): (60, 300),
    ("sheets", "write"): (60, 300),
    ("docs", "read"): (300, 3000),
    ("docs", "write"): (60, 600),
    ("calendar", "read"): (600, 10000),
    ("calendar", "write"): (600, 10000),
    ("drive", "read"): (12000, 12000),
    ("drive", "write"): (12000, 12000),
}


@dataclass(frozen=True)
class FaultConfig:
    """What to inject. ``latency_ms`` is a (low, high) range per call."""

    latency_ms: tuple[int, int] | None = None
    error_rate: float = 0.0
    seed: int | None = None
    quota: bool = False
    window_seconds: float = 60.0
    # A share of calls that hang for ``hang_seconds`` (longer than the client's timeout) and
    # are then dropped unprocessed, as when a request never reaches the backend.
    timeout_rate: float = 0.0
    hang_seconds: float = 5.0
    # A share of writes that are applied and whose answer then comes only after
    # ``hang_seconds``, when the client has given up: a reply lost on the way back.
    lost_reply_rate: float = 0.0


class Faults:
    """Applies a FaultConfig to every API call and counts calls."""

    def __init__(self, config: FaultConfig) -> None:
        self.config = config
        self._random = random.Random(config.seed)
        self._lock = threading.Lock()
        self._calls: dict[tuple[str, ...], deque[float]] = {}
        self._counts: Counter[str] = Counter()

    def counts(self) -> dict[str, int]:
        """Calls served per api."""
        with self._lock:
            return dict(self._counts)

    def before(self, api: str, request: Request) -> None:
        """Count, delay, and maybe refuse one call."""
        kind = "read" if request.method == "GET" else "write"
        with self._lock:
            self._counts[api] += 1
            self._counts["total"] += 1
            roll = self._random.random()
            hang = not request.batched and self._random.random() < self.config.timeout_rate
            # Google runs a batch's parts together: the batch has one latency, not one per part.
            delay = self._latency() if not request.batched else 0.0
        if delay:
            time.sleep(delay)
        if hang:
            time.sleep(self.config.hang_seconds)
            raise ApiError(503, "The service is currently unavailable.", reason="backendError")
        if self.config.quota:
            self._check_quota(api, kind, request.user)
        if roll < self.config.error_rate:
            code = (500, 503, 429)[int(roll / max(self.config.error_rate, 1e-9) * 3) % 3]
            raise ApiError(
                code,
                "Backend Error" if code != 429 else "Rate Limit Exceeded",
                reason="backendError" if code != 429 else "rateLimitExceeded",
            )

    def lose_reply(self, request: Request) -> bool:
        """Whether this applied write's answer is held back past the client's timeout (the
        caller sleeps ``hang_seconds`` before answering)."""
        if request.batched or request.method == "GET" or not self.config.lost_reply_rate:
            return False
        with self._lock:
            return self._random.random() < self.config.lost_reply_rate

    def _latency(self) -> float:
        low_high = self.config.latency_ms
        return self._random.uniform(*low_high) / 1000 if low_high else 0.0

    def batch_latency(self) -> None:
        """The latency of one batch request (its parts add none)."""
        with self._lock:
            delay = self._latency()
        if delay:
            time.sleep(delay)

    def _check_quota(self, api: str, kind: str, user: str) -> None:
        limits = QUOTAS.get((api, kind))
        if limits is None:
            return
        now = time.monotonic()
        keys = [((api, kind, user), limits[0]), ((api, kind), limits[1])]
        with self._lock:
            for key, limit in keys:
                calls = self._calls.setdefault(key, deque())
                while calls and calls[0] <= now - self.config.window_seconds:
                    calls.popleft()
                if len(calls) >= limit:
                    per = "per user" if len(key) == 3 else "per project"
                    metric = f"{api}.googleapis.com/{kind}_requests"
                    message = (
                        f"Quota exceeded for quota metric '{metric}' and limit "
                        f"'{kind.title()} requests per minute {per}'"
                    )
                    if api in ("sheets", "docs"):
                        raise ApiError(429, message, status="RESOURCE_EXHAUSTED")
                    raise ApiError(403, message, reason="userRateLimitExceeded")
            for key, _limit in keys:
                self._calls[key].append(now)

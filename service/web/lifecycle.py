"""How many jobs are running, and the service's way out: drain, then stop at a safe point.

A shutdown first *drains*: no new job starts (``/tasks`` answers 503, the scheduler's runs are
refused) while the running ones may finish. If they do not finish in time, ``stop_jobs`` is
set: the gateway refuses the next Google call of every running job (a safe point: each call is
whole on Google's side, and jobs converge on re-run), so they end quickly and are recorded.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Lifecycle:
    """Thread-safe count of running jobs and the two shutdown flags."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._running = 0
        self.draining = threading.Event()  # no new job may start
        self.stop_jobs = threading.Event()  # running jobs stop before their next call

    @contextmanager
    def job(self) -> Iterator[bool]:
        """Count a job while it runs; yields False (and counts nothing) when draining."""
        with self._changed:
            admitted = not self.draining.is_set()
            if admitted:
                self._running += 1
        try:
            yield admitted
        finally:
            if admitted:
                with self._changed:
                    self._running -= 1
                    self._changed.notify_all()

    @property
    def running(self) -> int:
        """Jobs running now."""
        with self._changed:
            return self._running

    def wait_idle(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for every running job to end; True when none runs."""
        with self._changed:
            return self._changed.wait_for(lambda: self._running == 0, timeout=timeout)

"""The load side of ``bench.serve``: bounded concurrent HTTP clients on loopback."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Phase:
    """The figures of one endpoint on one server."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    not_sent: int = 0
    seconds: float = 0.0

    def line(self, endpoint: str, server: str) -> str:
        """One row of the table."""
        done = len(self.latencies)
        rate = done / self.seconds if self.seconds else 0.0
        p50 = statistics.median(self.latencies) * 1000 if done else 0.0
        p99 = _percentile(self.latencies, 0.99) * 1000 if done else 0.0
        return (
            f"{endpoint:<14}{server:<10}{done + self.errors:>7}{self.errors:>7}"
            f"{self.not_sent:>9}{rate:>9.0f}{p50:>9.1f}{p99:>9.1f}"
        )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def phase(
    host: str, port: int, path: str, headers: dict[str, str], count: int, clients: int,
    seconds: float,
) -> Phase:  # fmt: skip
    """``count`` GETs of ``path`` from ``clients`` threads, each on its own keep-alive
    connection, until done or ``seconds`` have passed."""
    result = Phase()
    left = [count]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        try:
            while time.monotonic() < deadline:
                with lock:
                    if not left[0]:
                        return
                    left[0] -= 1
                start = time.perf_counter()
                try:
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    response.read()
                    ok = response.status == 200
                except (OSError, http.client.HTTPException):
                    ok = False
                    connection.close()
                    connection = http.client.HTTPConnection(host, port, timeout=30)
                elapsed = time.perf_counter() - start
                with lock:
                    if ok:
                        result.latencies.append(elapsed)
                    else:
                        result.errors += 1
        finally:
            connection.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    result.seconds = time.perf_counter() - start
    result.not_sent = left[0]
    return result


def get(host: str, port: int, path: str, headers: dict[str, str], timeout: float) -> int:
    """GET ``path``; the status."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def post(host: str, port: int, path: str, headers: dict[str, str]) -> int:
    """POST ``path``; the status, or 0 when the connection failed."""
    connection = http.client.HTTPConnection(host, port, timeout=120)
    try:
        connection.request("POST", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return 0
    finally:
        connection.close()

"""Where job runs are recorded: the port, and the two stores that are not Google's.

A run log holds one entry per team and run: counts, the week, the API calls and the error
message, never doc contents, names or warnings (they name people). ``append`` is called once
per run with every team of that run, so a store that writes over the network writes once.
The Workspace store is ``service.google.service_log.SheetRunLog``; ``MemoryRunLog`` is the
fake the unit tests use; ``SpillFile`` keeps the runs a Workspace outage could not write.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

Entry = dict[str, Any]  # see service.run_history.entries_of for the keys
FIELDS = (
    "run", "started", "job", "team", "week", "seconds", "api_calls", "counts", "warnings",
    "error", "skipped",
)  # fmt: skip


def entry_key(entry: Entry) -> tuple[str, str]:
    """What identifies an entry: a retried append may write it twice, and reading drops the
    second."""
    return str(entry.get("run", "")), str(entry.get("team", ""))


class RunLog(Protocol):
    """Recorded runs shared by every process and instance of a deployment."""

    def append(self, entries: Sequence[Entry]) -> None:
        """Add entries at the end, all or none (raises ``OneOnOneError`` when it cannot)."""

    def read(self) -> list[Entry]:
        """Every entry, oldest first (raises ``OneOnOneError`` when it cannot)."""


class MemoryRunLog:
    """A run log in memory: one object shared by the instances of a test is one store.
    ``down`` makes it fail like Workspace in an outage."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.appends = 0
        self.reads = 0
        self.down: Exception | None = None
        self._lock = threading.Lock()

    def append(self, entries: Sequence[Entry]) -> None:
        """Add entries (one call, like one values.append)."""
        with self._lock:
            if self.down is not None:
                raise self.down
            self.appends += 1
            self.entries.extend(json.loads(json.dumps(list(entries))))

    def read(self) -> list[Entry]:
        """Every entry, oldest first."""
        with self._lock:
            if self.down is not None:
                raise self.down
            self.reads += 1
            return json.loads(json.dumps(self.entries))  # type: ignore[no-any-return]


class SpillFile:
    """Runs waiting for the Workspace log, in a local file of JSON lines.

    Each append is one ``write`` to a file opened with O_APPEND, under an exclusive lock, so
    processes on one machine (gunicorn workers, the scheduler) never interleave or lose lines.
    It lasts only as long as the machine's disk: on App Engine that is one instance's /tmp.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _locked(self) -> Iterator[int]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield fd
        finally:
            os.close(fd)  # closing releases the lock

    def append(self, entries: Sequence[Entry]) -> None:
        """Add entries (raises ``OSError`` when the disk refuses)."""
        data = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)
        with self._locked() as fd:
            os.write(fd, data.encode("utf-8"))

    def read(self) -> list[Entry]:
        """Every entry waiting; a damaged line (or an older status file) is skipped."""
        if not self.path.is_file():
            return []
        with self._locked() as fd:
            return _parse(_read_all(fd))

    def remove(self, done: Sequence[Entry]) -> None:
        """Drop ``done`` (now in the Workspace log), keeping what others added meanwhile."""
        keys = {entry_key(e) for e in done}
        with self._locked() as fd:
            kept = [e for e in _parse(_read_all(fd)) if entry_key(e) not in keys]
            os.ftruncate(fd, 0)
            os.write(fd, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in kept).encode())


def _read_all(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", errors="replace")


def _parse(text: str) -> list[Entry]:
    out = []
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and "run" in entry:
            out.append(entry)
    return out

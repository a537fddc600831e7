"""Log lines: one JSON object per line for Google Cloud Logging, plain text on a terminal.

On Google Cloud (Cloud Run sets ``K_SERVICE``, App Engine ``GAE_SERVICE``) a JSON line on
stdout with ``severity`` and ``message`` becomes a structured Cloud Logging entry, and the
``logging.googleapis.com/labels`` object becomes its labels: every line of one job run carries
the job, the team, the week and a run id, so a run's lines are one filter away. Anywhere else
the same lines are plain text with the labels at the end. ``service.yaml: log_format``
(``auto``, ``json``, ``text``) overrides the detection.

Labels live in a context variable that the job runner sets (``labelled`` / ``add_labels``);
they are ids and week labels only, never a person's name or address.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import uuid
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TextIO

LABELS_KEY = "logging.googleapis.com/labels"
_labels: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("log_labels", default=())
SEVERITY = {
    logging.DEBUG: "DEBUG",
    logging.INFO: "INFO",
    logging.WARNING: "WARNING",
    logging.ERROR: "ERROR",
    logging.CRITICAL: "CRITICAL",
}


def current_labels() -> dict[str, str]:
    """The labels in force in this context."""
    return dict(_labels.get())


def add_labels(**labels: str) -> None:
    """Add labels to the rest of the current context (a job sets its week once it knows it)."""
    _labels.set(tuple({**current_labels(), **labels}.items()))


@contextmanager
def labelled(**labels: str) -> Iterator[None]:
    """Labels for every line logged inside the block (in this thread or a copied context)."""
    token = _labels.set(tuple({**current_labels(), **labels}.items()))
    try:
        yield
    finally:
        _labels.reset(token)


@contextmanager
def run_labelled(job: str, team_ids: Collection[str] | None = None) -> Iterator[None]:
    """The labels of one job run: the job, a new run id (kept when already inside a run of
    the same job, as roll-ups inside ``collect``), and the team when there is one."""
    labels = current_labels()
    run_id = labels["run_id"] if labels.get("job") == job and "run_id" in labels else None
    team = {"team": next(iter(team_ids))} if team_ids and len(team_ids) == 1 else {}
    with labelled(job=job, run_id=run_id or uuid.uuid4().hex[:12], **team):
        yield


class LabelsFilter(logging.Filter):
    """Puts the context's labels on each record (``record.labels``) as it is logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keeps the record."""
        if not hasattr(record, "labels"):
            record.labels = current_labels()
        return True


class JsonFormatter(logging.Formatter):
    """One Cloud Logging structured entry per line."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line: severity, message (with any traceback), labels."""
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + self.formatException(record.exc_info)
        entry: dict[str, object] = {
            "severity": SEVERITY.get(record.levelno, "DEFAULT"),
            "message": message,
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "logger": record.name,
        }
        labels: Mapping[str, str] = getattr(record, "labels", None) or current_labels()
        if labels:
            entry[LABELS_KEY] = dict(labels)
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """``time LEVEL logger message [key=value ...]`` for people at a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        """The usual line, with the labels after the message."""
        line = super().format(record)
        labels: Mapping[str, str] = getattr(record, "labels", None) or current_labels()
        if not labels:
            return line
        first, newline, rest = line.partition("\n")
        tail = " ".join(f"{key}={value}" for key, value in labels.items())
        return f"{first} [{tail}]{newline}{rest}"


def on_google_cloud(environ: Mapping[str, str]) -> bool:
    """Cloud Run (``K_SERVICE``) or App Engine (``GAE_SERVICE``)."""
    return bool(environ.get("K_SERVICE") or environ.get("GAE_SERVICE"))


def configure_logging(
    log_format: str = "auto",
    *,
    level: int = logging.INFO,
    environ: Mapping[str, str] | None = None,
    stream: TextIO | None = None,
) -> logging.Handler:
    """Route the root logger to one handler: JSON on stdout (Google Cloud, or ``json``), else
    text on stderr. Replaces handlers set before (``basicConfig``). Returns the handler."""
    environ = os.environ if environ is None else environ
    as_json = log_format == "json" or (log_format == "auto" and on_google_cloud(environ))
    handler = logging.StreamHandler(stream or (sys.stdout if as_json else sys.stderr))
    handler.setFormatter(JsonFormatter() if as_json else TextFormatter())
    handler.addFilter(LabelsFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return handler

"""Serve the app under waitress, and stop it gracefully on SIGTERM / SIGINT.

waitress is a production WSGI server in pure Python: one process, a pool of threads. That
fits this service: its requests wait on Google (I/O, which threads overlap), the scheduler
must live in exactly one process, and a job started by ``/tasks`` runs inside its request.

Shutdown (App Engine, Cloud Run and systemd send SIGTERM; Ctrl-C sends SIGINT): the first
signal starts a drain (see ``lifecycle``) while the server goes on answering ``/status`` and
probes; running jobs get ``drain_seconds`` to finish, then are stopped at their next Google
call; the scheduler is shut down and its lock released; the process exits 0. A second signal
during the drain stops the jobs at once.
"""

from __future__ import annotations

import _thread
import logging
import os
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass
from types import FrameType
from typing import Any

from flask import Flask
from waitress.server import create_server

from service.web.app import runtime_of
from service.web.hygiene import MAX_REQUEST_BYTES
from service.web.scheduler import scheduler_shutdown

log = logging.getLogger(__name__)
STOP_SECONDS = 10.0  # after jobs are told to stop: at most one Google call (or back-off) each
FLUSH_SECONDS = 5.0  # for the last responses (a /tasks caller waiting on its job) to go out


@dataclass(frozen=True)
class ServeOptions:
    """Where and how to serve."""

    host: str = "127.0.0.1"
    port: int = 8080
    threads: int = 8
    drain_seconds: float = 30.0
    max_request_bytes: int = MAX_REQUEST_BYTES  # waitress refuses larger bodies itself


def make_server(app: Flask, options: ServeOptions) -> Any:
    """A bound (not yet running) waitress server for ``app``; OSError when the address
    cannot be bound (bound here first, so that waitress starts nothing in that case)."""
    family = socket.AF_INET6 if ":" in options.host else socket.AF_INET
    listening = socket.create_server((options.host, options.port), family=family)
    return create_server(
        app,
        sockets=[listening],
        threads=options.threads,
        ident="oneonone",
        max_request_body_size=options.max_request_bytes,
    )


def serve(app: Flask, server: Any, options: ServeOptions) -> int:
    """Run ``server`` until SIGTERM / SIGINT, then shut down gracefully; returns 0."""
    shutdown = _GracefulShutdown(app, server, options.drain_seconds)
    previous = {sig: signal.signal(sig, shutdown.on_signal) for sig in _SIGNALS}
    try:
        server.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    code = shutdown.finish()
    if shutdown.lifecycle.running:
        # A job thread that ignored the stop would hold the interpreter's exit open (pool
        # threads are joined at exit): the exit stays bounded, and the job converges on re-run.
        logging.shutdown()
        sys.stdout.flush()
        os._exit(code)
    return code


_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class _GracefulShutdown:
    """Drains in a thread while the main thread keeps serving, then ends waitress's loop."""

    def __init__(self, app: Flask, server: Any, drain_seconds: float) -> None:
        self.app = app
        self.server = server
        self.lifecycle = runtime_of(app).lifecycle
        self.drain_seconds = drain_seconds
        self._drained = threading.Event()

    def on_signal(self, signum: int, _frame: FrameType | None) -> None:
        """Signal handler (main thread): start draining; end the loop once drained."""
        if self._drained.is_set():
            raise KeyboardInterrupt  # waitress's run() ends on it and stops its threads
        if self.lifecycle.draining.is_set():
            log.warning("second %s: stopping running jobs now", signal.Signals(signum).name)
            self.lifecycle.stop_jobs.set()
            return
        log.info("%s received: draining", signal.Signals(signum).name)
        self.lifecycle.draining.set()
        threading.Thread(target=self._drain, name="drain", daemon=True).start()

    def _drain(self) -> None:
        if not self.lifecycle.wait_idle(self.drain_seconds):
            log.warning(
                "%d job(s) still running after %gs: stopping them before their next call",
                self.lifecycle.running,
                self.drain_seconds,
            )
            self.lifecycle.stop_jobs.set()
            self.lifecycle.wait_idle(STOP_SECONDS)
        self._let_responses_out()
        self._drained.set()
        _thread.interrupt_main(signal.SIGINT)  # runs on_signal in the main thread

    def _let_responses_out(self) -> None:
        """Wait (bounded) until no request is being handled, then a moment for the last
        bytes: waitress writes from its main loop, which stops with the server."""
        dispatcher = self.server.task_dispatcher
        deadline = time.monotonic() + FLUSH_SECONDS
        while dispatcher.active_count and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)

    def finish(self) -> int:
        """After the loop: scheduler down, lock released; the exit code (0)."""
        scheduler_shutdown(self.app)
        running = self.lifecycle.running
        if running:  # only when a job ignored the stop for STOP_SECONDS
            log.warning("exiting with %d job(s) unfinished; the next run finishes them", running)
        log.info("stopped; scheduler lock released")
        return 0

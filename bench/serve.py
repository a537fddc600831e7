"""`python -m bench.serve`: the served app under load, Werkzeug's dev server vs waitress.

An org of 100 teams with a run history (20 runs of each job, each covering all 100 teams, in
the Workspace service log), the emulator in its own process with 30-80 ms of latency per call,
and the app in its own process: Flask's development server (Werkzeug, threaded, as ``oneonone
serve`` ran before) or ``oneonone serve`` (waitress, default threads). While a real
``prepare`` of one team runs against the emulator over and over (through ``/tasks``), 50
client threads on loopback send a fixed number of requests to ``/healthz``, ``/status``
(HTML) and ``/status?format=json`` (as an anonymous caller, so addresses are masked); it
prints requests/s, p50/p99 latency and errors per endpoint and server. Bounded: every phase
stops at its deadline (requests not sent by then are counted as not sent), every request has
a timeout. Nothing is asserted.

Options: ``--clients N`` (50), ``--requests N`` per endpoint (``/healthz`` gets 4x), ``--phase
SECONDS`` (deadline per endpoint, 60).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from bench.cycle import write_org
from bench.load import Phase, get, phase, post
from service.bootstrap import build_deps, build_history
from service.jobs.base import JobReport, TeamReport
from service.jobs.install.job import install
from service.settings import load_config

TEAMS = 100
RUNS_PER_JOB = 20  # the history kept for /status: 20 runs of each job, each of all 100 teams
SECRET = "bench-secret"  # noqa: S105 - a throwaway secret for the loopback run
JOB_TEAM = "team-000"
EMULATOR = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from workspace_emulator.core.faults import FaultConfig
    from workspace_emulator.core.server import Emulator
    emulator = Emulator(Path(sys.argv[1]), port=0, faults=FaultConfig(latency_ms=(30, 80)))
    emulator.start()
    print(emulator.base_url, flush=True)
    sys.stdin.read()
    emulator.stop()
    """
)
DEV_SERVER = textwrap.dedent(
    """
    import sys
    from werkzeug.serving import make_server
    from service.settings import load_config
    from service.web import create_app
    app = create_app(load_config(sys.argv[1]))
    server = make_server("127.0.0.1", 0, app, threaded=True)  # what app.run(threaded=True) runs
    print(f"serving on http://127.0.0.1:{server.server_port}/status", flush=True)
    server.serve_forever()
    """
)
ENDPOINTS = (
    ("/healthz", "/healthz", {}),
    ("/status HTML", "/status", {"Accept": "text/html"}),
    ("/status JSON", "/status?format=json", {}),
)


def main(argv: list[str] | None = None) -> None:
    """Set up, load each server in turn, print the table."""
    parser = argparse.ArgumentParser(prog="bench.serve")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--phase", type=float, default=60.0)
    args = parser.parse_args(argv or [])
    print(
        f"{TEAMS} teams with history; {args.clients} clients on loopback; prepare of one team "
        "(emulator, 30-80 ms/call) running throughout"
    )
    rows: list[str] = []
    jobs: list[str] = []
    for server in ("werkzeug", "waitress"):
        with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
            phases, runs = _one_server(server, Path(tmp), args)
        rows += [phase.line(name, server) for name, phase in phases.items()]
        jobs.append(
            f"{server}: {len(runs)} prepare run(s) during the load"
            + (f", {statistics.mean(runs):.1f}s each" if runs else "")
        )
    print(
        f"{'endpoint':<14}{'server':<10}{'done':>7}{'errors':>7}{'not sent':>9}"
        f"{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
    )
    for name, *_ in ENDPOINTS:
        print("\n".join(row for row in rows if row.startswith(f"{name} ")))
    print("; ".join(jobs))


def _one_server(
    server: str, root: Path, args: argparse.Namespace
) -> tuple[dict[str, Phase], list[float]]:
    emulator_log = (root / "emulator.log").open("w")  # a client gone at its timeout is logged
    emulator = subprocess.Popen(
        [sys.executable, "-c", EMULATOR, str(root / "workspace")],
        stderr=emulator_log,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert emulator.stdout is not None
        base_url = emulator.stdout.readline().strip()
        config = _setup(root, base_url)
        with _served(server, config, root) as (host, port):
            return _load(host, port, args)
    finally:
        if emulator.stdin:
            emulator.stdin.close()
        emulator.wait(timeout=60)
        emulator_log.close()


def _setup(root: Path, base_url: str) -> Path:
    """The org's config pointed at the emulator, installed (for the job's team only: the job
    needs its templates), and a full run history for all 100 teams."""
    config = root / "config"
    write_org(config, TEAMS)
    key = root / "workspace" / "service-account.json"
    google = {"auth": {"mode": "service_account", "key_file": str(key)}, "endpoint": base_url}
    (config / "google.yaml").write_text(yaml.safe_dump(google))
    service = {"status_file": str(root / "status.json"), "scheduler_lock": str(root / "lock")}
    (config / "service.yaml").write_text(yaml.safe_dump(service))
    one_team = root / "install-config"
    shutil.copytree(config, one_team)
    org = yaml.safe_load((one_team / "org.yaml").read_text())
    org["teams"] = org["teams"][:1]
    (one_team / "org.yaml").write_text(yaml.safe_dump(org, sort_keys=False))
    report = install(build_deps(load_config(one_team)), datetime.now(UTC))
    assert report.ok, [t.error for t in report.teams]
    history = build_history(load_config(config))  # the Workspace service log /status reads
    teams = [f"team-{t:03d}" for t in range(TEAMS)]
    start = datetime.now(UTC) - timedelta(weeks=RUNS_PER_JOB)
    for week in range(RUNS_PER_JOB):
        for job in ("prepare", "remind", "collect"):
            report = JobReport(job=job, started=start + timedelta(weeks=week), dry_run=False)
            report.teams = [_team_report(job, team, week) for team in teams]
            report.api_calls = {"drive.files.list": 3 * len(teams)}
            history.record(report)
    assert history.write_problem is None, history.write_problem
    return config


def _team_report(job: str, team: str, week: int) -> TeamReport:
    report = TeamReport(job=job, team=team, week=f"2026-W{week:02d}")
    report.count("docs_created" if job == "prepare" else "docs_read", 10)
    report.warnings = ["rep3@example.com: energy missing"] if week % 3 == 0 else []
    return report


class _served:
    """The app in its own process on a free port; stopped with SIGTERM at the end."""

    def __init__(self, server: str, config: Path, root: Path) -> None:
        if server == "werkzeug":
            command = [sys.executable, "-c", DEV_SERVER, str(config)]
        else:
            command = [sys.executable, "-m", "service.cli", "serve", "--config", str(config),
                       "--port", "0", "--no-scheduler"]  # fmt: skip
        self.log = (root / f"{server}.log").open("w")
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=self.log, text=True,
            env={**os.environ, "ONEONONE_TASK_SECRET": SECRET},
        )  # fmt: skip

    def __enter__(self) -> tuple[str, int]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        host, port = line.split("//")[1].split("/")[0].split(":")
        return host, int(port)

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()
        self.log.close()


def _load(host: str, port: int, args: argparse.Namespace) -> tuple[dict[str, Phase], list[float]]:
    """Warm up, then each endpoint in turn while the job loop runs; the job runs' seconds."""
    get(host, port, "/status?format=json", {}, timeout=60)  # first request builds caches
    stop = threading.Event()
    runs: list[float] = []
    job = threading.Thread(target=_job_loop, args=(host, port, stop, runs), daemon=True)
    job.start()
    time.sleep(1.0)  # the job is under way
    phases = {}
    try:
        for name, path, headers in ENDPOINTS:
            count = args.requests * (4 if path == "/healthz" else 1)
            phases[name] = phase(host, port, path, headers, count, args.clients, args.phase)
    finally:
        stop.set()
        job.join(timeout=120)
    return phases, runs


def _job_loop(host: str, port: int, stop: threading.Event, runs: list[float]) -> None:
    """prepare for one team, again and again, until told to stop (the first run writes, the
    next ones converge: reads and a few writes)."""
    while not stop.is_set():
        start = time.perf_counter()
        status = post(
            host, port, f"/tasks/prepare?team={JOB_TEAM}", {"X-Oneonone-Task-Secret": SECRET}
        )
        if status == 200:
            runs.append(time.perf_counter() - start)
        else:
            stop.wait(1.0)


if __name__ == "__main__":
    main(sys.argv[1:])

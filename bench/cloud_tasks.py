"""`python -m bench.cloud_tasks`: bench.cycle's weekly cycle through the Cloud Tasks executor.

The same org (100 teams of 10 reps), the same emulator process (30-80 ms a call, Google's
per-minute quotas), and the queues of ``queue.yaml``; the service is the real app under
waitress in this process, with ``executor: cloud_tasks``. Each job is one cron request that
enqueues a task per team; the emulator's dispatcher sends them back to the app at the queue's
rate and concurrency, and the job is done when its queue is empty (a collect: and the roll-up
queue, whose tasks wait for the directors' teams). Printed per job: the
Workspace API calls (and per rep), the wall time from the cron request to the last team, the
quota-bound minimum for those calls and the ratio, and the team runs (a retry is one more).
Run history goes to an in-memory log here (in production each team task appends one row to
the service log). Nothing is asserted: this prints figures; compare with ``bench.cycle``.

Options: ``--teams N`` (default 100), ``--window SECONDS`` (the quota window, default 60),
``--threads N`` (waitress threads, default 16), ``--in-process`` (the same org, code and
emulator with the in-process executor, every team at once, for the comparison).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import socket
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from waitress import create_server

from bench.cycle import CountingLimiter, write_org
from bench.cycle_world import EmulatorProcess
from service.bootstrap import build_deps, build_gateway, build_task_queue
from service.demo.runner import demo_config
from service.demo.timeline import moment
from service.domain.week import Week
from service.google.cloud_tasks import TaskQueue, queue_specs
from service.jobs.install.job import install
from service.jobs.registry import run_named
from service.run_history import ROLLUPS
from service.run_log import MemoryRunLog
from service.settings import Config, load_config
from service.settings.models import CloudTasksConfig
from service.web import create_app

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-cloud-tasks"  # noqa: S105 - the bench's own task secret
STEPS = (("prepare", "THU 09:00"), ("remind", "FRI 12:00"), ("collect", "FRI 16:00"))


def main(argv: list[str] | None = None) -> None:
    """Run the cycle through Cloud Tasks and print the figures."""
    parser = argparse.ArgumentParser(prog="bench.cloud_tasks")
    parser.add_argument("--teams", type=int, default=100)
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument(
        "--in-process", action="store_true", help="the in-process executor, for comparison"
    )
    args = parser.parse_args(argv or [])
    os.environ["ONEONONE_TASK_SECRET"] = SECRET
    with tempfile.TemporaryDirectory(prefix="bench-tasks-") as tmp:
        root = Path(tmp)
        write_org(root / "config", args.teams)
        emulator = EmulatorProcess(root / "workspace", args.window)
        try:
            _run(root, emulator.base_url, args)
        finally:
            emulator.stop()


def _config(root: Path, base_url: str, port: int) -> Config:
    key = root / "workspace" / "service-account.json"
    config = demo_config(load_config(root / "config"), base_url, key, root / "state")
    cloud = CloudTasksConfig(
        project="bench-project",
        location="us-east1",
        service_url=f"http://127.0.0.1:{port}",
        invoker_service_account="tasks-invoker@bench-project.iam.gserviceaccount.com",
    )
    service = config.service.model_copy(update={"executor": "cloud_tasks", "cloud_tasks": cloud})
    return dataclasses.replace(config, service=service)


def _make_queues(queue: TaskQueue) -> None:
    """The queues of queue.yaml (rate, concurrency, retries), made through the API."""
    location = queue.queue_path("prepare").rsplit("/queues/", 1)[0]
    for spec in queue_specs((ROOT / "queue.yaml").read_text(), location):
        queue.client.create_queue(parent=location, queue=spec)


def _run(root: Path, base_url: str, args: argparse.Namespace) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    config = _config(root, base_url, port)
    limiter = CountingLimiter(args.window)
    gateway = build_gateway(config, limiter=limiter)
    queue = build_task_queue(config)
    _make_queues(queue)
    zone = config.org.timezone
    week = Week.of(date.today()).next()
    clock = [moment(week, "THU 08:30", zone)]
    runs = MemoryRunLog()
    app = create_app(
        config,
        deps=lambda dry_run: build_deps(config, dry_run=dry_run, gateway=gateway),
        clock=lambda: clock[0],
        run_log=runs,
        task_queue=lambda: queue,
    )
    server = create_server(app, host="127.0.0.1", port=port, threads=args.threads)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        deps = build_deps(config, gateway=gateway)
        deps.max_workers = 100
        reps = sum(len(team.reps) for team in deps.teams)
        report = install(deps, clock[0])
        print(
            f"org: {len(deps.teams)} teams, {reps} reps; latency 30-80 ms/call; quota window "
            f"{args.window:.0f}s; queue.yaml: {_queue_line()}; installed in process "
            f"({report.total_calls} calls)"
        )
        print(f"{'job':<10}{'calls':>7}{'/rep':>7}{'wall s':>9}{'quota-min s':>13}{'ratio':>7}"
              f"{'team runs':>11}  binds")  # fmt: skip
        total_calls, total_wall = 0, 0.0
        for job, when in STEPS:
            clock[0] = moment(week, when, zone)
            if args.in_process:
                calls, wall, line = _in_process(job, deps, clock[0], limiter, reps)
            else:
                calls, wall, line = _job(job, Harness(port, queue, gateway, limiter, runs, reps))
            total_calls, total_wall = total_calls + calls, total_wall + wall
            print(line)
        extra = "in process" if args.in_process else f"+{len(deps.teams)} tasks.create per job"
        print(f"{'cycle':<10}{total_calls:>7}{total_calls / reps:>7.2f}{total_wall:>9.1f}"
              f"  ({extra})")  # fmt: skip
    finally:
        server.close()


def _queue_line() -> str:
    spec = yaml.safe_load((ROOT / "queue.yaml").read_text())["queue"][0]
    return f"{spec['rate']}, {spec['max_concurrent_requests']} at once"


def _in_process(
    job: str, deps: Any, now: datetime, limiter: CountingLimiter, reps: int
) -> tuple[int, float, str]:
    """The job run in this process, every team at once (bench.cycle's way), for comparison."""
    before, start = Counter(limiter.buckets), time.perf_counter()
    report = run_named(job, deps, now)
    wall = time.perf_counter() - start
    bound, binding = limiter.quota_bound(before)
    ratio = f"{wall / bound:.2f}" if bound else "-"
    teams = [t for t in report.teams if t.job != "rollup"]
    calls = report.total_calls
    line = (
        f"{job:<10}{calls:>7}{calls / reps:>7.2f}{wall:>9.1f}{bound:>13.1f}{ratio:>7}"
        f"{len(teams):>11}  {binding}"
    )
    return calls, wall, line


@dataclasses.dataclass
class Harness:
    """What a job's measurement needs: the app's port, the queue, the counters."""

    port: int
    queue: TaskQueue
    gateway: Any
    limiter: CountingLimiter
    runs: MemoryRunLog
    reps: int


def _job(job: str, h: Harness) -> tuple[int, float, str]:
    """Enqueue ``job`` by its cron request, wait for its queue to drain; (calls, wall, line)."""
    queue, gateway, limiter, runs, reps = h.queue, h.gateway, h.limiter, h.runs, h.reps
    before, calls_before = Counter(limiter.buckets), gateway.counter.total
    entries_before = len(runs.entries)
    start = time.perf_counter()
    request = urllib.request.Request(
        f"http://127.0.0.1:{h.port}/tasks/{job}",
        method="POST",
        headers={"X-Oneonone-Task-Secret": SECRET},
    )
    with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310
        answer.read()
    # a collect is done when its directors' roll-ups are too
    parents = [queue.queue_path(q) for q in ((job, "rollup") if job == "collect" else (job,))]
    while any(list(queue.client.list_tasks(parent=parent)) for parent in parents):
        time.sleep(0.5)
    wall = time.perf_counter() - start
    calls = gateway.counter.total - calls_before
    bound, binding = limiter.quota_bound(before)
    ratio = f"{wall / bound:.2f}" if bound else "-"
    entries = [e for e in runs.entries[entries_before:] if e["team"] != ROLLUPS]
    failed = sum(1 for e in entries if e.get("error"))
    line = (
        f"{job:<10}{calls:>7}{calls / reps:>7.2f}{wall:>9.1f}{bound:>13.1f}{ratio:>7}"
        f"{len(entries):>11}  {binding}" + (f"; {failed} failed run(s)" if failed else "")
    )
    return calls, wall, line


if __name__ == "__main__":
    main(sys.argv[1:])

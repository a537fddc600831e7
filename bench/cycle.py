"""`python -m bench.cycle`: two whole weekly cycles for an org of 1,000 reps (and of 3,000) on
the emulator, in quota units (API requests) per rep for each job.

The org: 100 managers x 10 reps under 5 directors. After ``install``, each week runs
``prepare`` (Thursday), ``remind`` (Friday noon), ``collect`` on Friday afternoon and again on
Monday morning, while the reps fill in their docs in between as their personas do
(``bench.cycle_world``): the first week is a new org's, the second the steady state. The
emulator runs in its own process (so its threads do not share our interpreter lock) with
30-80 ms of latency per call and Google's per-minute quota model on; the service runs with its
client-side rate limiter, teams in parallel. For each job it prints the API calls (per rep
and by API), the wall time, the quota-bound minimum time for those calls and the ratio of the
two, then peak memory.

The quota-bound minimum of a bucket (an API's read or write calls, per project or per user)
holding N calls with a limit of L per window W is floor((N - 1) / L) * W: the first L calls go
at once, each next L one window later. The job's minimum is the largest over its buckets.
Nothing is asserted: this prints figures.

Without options it runs 1,000 reps, then 3,000, and prints their units per rep
side by side (3,000 reps: the first week, in a 10 s window: the emulator's CPU binds there).
Options (one run): ``--teams N`` (default 100), ``--window SECONDS`` (the quota window,
default 60, as Google's; a smaller one compresses time for a quick look), ``--workers N``
(teams in flight), ``--weeks 1|2`` (default 2).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from bench.cycle_world import (
    BEFORE_COLLECT,
    BEFORE_MONDAY,
    BEFORE_REMIND,
    EmulatorProcess,
    reps_write,
    when,
)
from bench.cycle_world import (
    EMULATOR as EMULATOR,  # bench.cloud_tasks starts the same emulator
)
from service.bootstrap import build_deps, build_gateway
from service.demo.runner import demo_config
from service.domain.week import Week
from service.google.ratelimit import RateLimiter
from service.jobs.base import JobReport
from service.jobs.registry import run_named
from service.settings import load_config

EXAMPLE = Path(__file__).resolve().parents[1] / "config" / "example"
FIRST = "Avery Blake Casey Drew Emery Finley Gray Harper Indy Jordan Kai Logan".split()  # noqa: SIM905
LAST = "Adams Brooks Chen Diaz Evans Fox Garcia Hughes Ito James Kim Lopez".split()  # noqa: SIM905
TENURES = ("veteran", "veteran", "standard", "standard", "standard", "standard", "standard",
           "standard", "new", "new")  # fmt: skip


class CountingLimiter(RateLimiter):
    """The production rate limiter, also counting calls per quota bucket."""

    def __init__(self, window: float) -> None:
        super().__init__(window=window)
        self.buckets: Counter[tuple[str, ...]] = Counter()

    def acquire(self, api: str, kind: str, user: str, count: int = 1) -> None:
        """Count, then wait as the production limiter does."""
        self.buckets[(api, kind)] += count
        self.buckets[(api, kind, user)] += count
        super().acquire(api, kind, user, count)

    def quota_bound(self, since: Counter[tuple[str, ...]]) -> tuple[float, str]:
        """The minimum seconds the calls made after ``since`` need under the quotas, and the
        bucket that binds."""
        best, binding = 0.0, "none (every bucket fits in one window)"
        for key, total in self.buckets.items():
            calls = total - since.get(key, 0)
            quota = self.quotas.get((key[0], key[1]))
            if calls <= 0 or quota is None:
                continue
            limit = quota.per_user if len(key) == 3 else quota.per_project
            bound = ((calls - 1) // limit) * self.window
            if bound > best:
                scope = "per user" if len(key) == 3 else "per project"
                best, binding = bound, f"{key[0]} {key[1]}s {scope}: {calls} calls, {limit}/min"
        return best, binding


def write_org(directory: Path, teams: int) -> None:
    """An org of ``teams`` teams of 10 under 5 directors, with metrics for every rep."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("schedule.yaml", "program.yaml", "metrics.yaml"):
        shutil.copy(EXAMPLE / name, directory / name)
    directors = [
        {"name": f"Director {d}", "email": f"director{d}@example.com"} for d in range(1, 6)
    ]
    org: dict[str, Any] = {
        "company": "Bench Co",
        "domain": "example.com",
        "timezone": "America/New_York",
        "country": "US",
        "directors": directors,
        "teams": [],
    }
    rows = ["rep_email,metric,goal,actual"]
    for t in range(teams):
        reps = []
        for r in range(10):
            email = f"rep{t:03d}.{r}@example.com"
            reps.append(
                {
                    "name": f"{FIRST[r]} {LAST[(t + r) % len(LAST)]} {t}",
                    "email": email,
                    "tenure": TENURES[r],
                }
            )
            for metric, goal in (("pipeline_created", 120000), ("meetings_booked", 24)):
                rows.append(f"{email},{metric},{goal},{goal * ((t * 7 + r * 13) % 100) // 100}")
        org["teams"].append(
            {
                "id": f"team-{t:03d}",
                "name": f"Team {t}",
                "manager": {"name": f"Manager {t}", "email": f"manager{t:03d}@example.com"},
                "reports_to": directors[t % len(directors)]["email"],
                "reps": reps,
            }
        )
    (directory / "org.yaml").write_text(yaml.safe_dump(org, sort_keys=False))
    (directory / "metrics.csv").write_text("\n".join(rows) + "\n")
    (directory / "google.yaml").write_text(
        "auth: {mode: service_account, key_file: service-account.json}\n"
    )


def main(argv: list[str] | None = None) -> None:
    """Run the cycle and print the figures: with no arguments at 1,000 reps (Google's
    one-minute window, two weeks) and at 3,000 reps (the window compressed to 10 s and the
    first week only, so the run stays short: the emulator's CPU binds there; units per rep
    depend on neither), then the two side by side."""
    if argv:
        _one(argv)
        return
    small = _one(["--teams", "100"])
    large = _one(["--teams", "300", "--window", "10", "--weeks", "1"])
    print("quota units per rep, 1,000 vs 3,000 reps (linear growth: the same per rep)")
    for job, per_rep in small.items():
        other = f"{large[job]:>7.2f}" if job in large else "      -"
        print(f"  {job:<28}{per_rep:>7.2f}{other}")


def _one(argv: list[str]) -> dict[str, float]:
    parser = argparse.ArgumentParser(prog="bench.cycle")
    parser.add_argument("--teams", type=int, default=100)
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=100)
    parser.add_argument("--weeks", type=int, default=2, choices=(1, 2))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-cycle-") as tmp:
        root = Path(tmp)
        write_org(root / "config", args.teams)
        emulator = EmulatorProcess(root / "workspace", args.window)
        try:
            figures = _run(root, emulator, args)
        finally:
            emulator.stop()
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: service {own:.0f} MB, emulator {child:.0f} MB\n")
    return figures


STEPS = (
    ("prepare", "THU 09:00", BEFORE_REMIND),
    ("remind", "FRI 12:00", BEFORE_COLLECT),
    ("collect Fri", "FRI 16:00", BEFORE_MONDAY),
    ("collect Mon", "MON 07:00", None),
)


def _run(root: Path, emulator: EmulatorProcess, args: argparse.Namespace) -> dict[str, float]:
    key = root / "workspace" / "service-account.json"
    config = demo_config(load_config(root / "config"), emulator.base_url, key, root / "state")
    limiter = CountingLimiter(args.window)
    deps = build_deps(config, gateway=build_gateway(config, limiter=limiter))
    deps.max_workers = args.workers
    reps = sum(len(team.reps) for team in deps.teams)
    zone = deps.teams[0].timezone
    first = Week.of(date.today()).next()
    print(
        f"org: {len(deps.teams)} teams, {reps} reps; latency 30-80 ms/call; "
        f"quota window {args.window:.0f}s; {args.workers} teams in flight; "
        "quota units = API requests (a batch's parts each count)"
    )
    print(f"{'job':<18}{'calls':>7}{'/rep':>7}{'wall s':>9}{'quota-min s':>13}{'ratio':>7}  binds")
    per_rep: dict[str, float] = {}
    runner = _Runner(deps, limiter, emulator, reps)
    per_rep["install"] = runner.step("install", "install", when(first, "THU 08:30", zone))
    for week_no, week in enumerate((first, first.next())[: args.weeks], start=1):
        for name, spec, then in STEPS:
            label = f"w{week_no} {name}"
            per_rep[label] = runner.step(label, name.split()[0], when(week, spec, zone))
            if then is not None:
                emulator.say("quiet")
                reps_write(config, deps.teams, week, week_no, then)
                emulator.say("loud")
    first_week = sum(per_rep[k] for k in ("install", "w1 prepare", "w1 remind", "w1 collect Fri"))
    per_rep["first week (issue 17's sum)"] = first_week
    per_rep["week 1 with Monday"] = sum(v for k, v in per_rep.items() if k.startswith("w1 "))
    print(
        f"first week as issue 17 sums it (install, prepare, remind, Friday's collect): "
        f"{first_week:.2f}/rep; week 1's four jobs: {per_rep['week 1 with Monday']:.2f}/rep"
    )
    if args.weeks == 2:
        steady = sum(v for k, v in per_rep.items() if k.startswith("w2 "))
        per_rep["steady week (week 2)"] = steady
        jobs = "prepare, remind, Friday's and Monday's collect"
        print(f"steady week (week 2: {jobs}): {steady:.2f}/rep")
    print(f"client waited {limiter.waited:.1f}s in the rate limiter over all threads")
    return per_rep


class _Runner:
    """Runs one job and prints its line (calls, per rep, wall time, quota-bound minimum)."""

    def __init__(
        self, deps: Any, limiter: CountingLimiter, emulator: EmulatorProcess, reps: int
    ) -> None:
        self.deps, self.limiter, self.emulator, self.reps = deps, limiter, emulator, reps

    def step(self, label: str, name: str, now: datetime) -> float:
        """Run job ``name`` at ``now``; returns its calls per rep."""
        before = Counter(self.limiter.buckets)
        cpu_before = (_own_cpu(), _process_cpu(self.emulator.pid))
        start = time.perf_counter()
        report = _job(name, self.deps, now)
        wall = time.perf_counter() - start
        cpu = (_own_cpu() - cpu_before[0], _process_cpu(self.emulator.pid) - cpu_before[1])
        bound, binding = self.limiter.quota_bound(before)
        ratio = f"{wall / bound:.2f}" if bound else "-"
        failed = [t for t in report.teams if t.error]
        calls = report.total_calls
        print(
            f"{label:<18}{calls:>7}{calls / self.reps:>7.2f}{wall:>9.1f}"
            f"{bound:>13.1f}{ratio:>7}  {binding}"
        )
        by_api = ", ".join(f"{k} {v}" for k, v in sorted(report.api_calls.items()))
        print(f"{'':<18}by API: {by_api}")
        print(f"{'':<18}CPU: service {cpu[0]:.1f}s, emulator {cpu[1]:.1f}s")
        if failed:
            print(f"{'':<18}{len(failed)} team(s) failed, first: {failed[0].error}")
        return calls / self.reps


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _process_cpu(pid: int) -> float:
    """CPU seconds of another process (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _job(name: str, deps: Any, now: datetime) -> JobReport:
    if name == "install":
        from service.jobs.install.job import install

        return install(deps, now)
    return run_named(name, deps, now)


if __name__ == "__main__":
    main(sys.argv[1:])

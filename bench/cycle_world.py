"""What happens around the jobs in the cycle benchmark: the emulator in its own process, and
the reps filling in their docs between the jobs.

The reps write through the Docs API as themselves (``service.demo.rep_edits``), on a gateway
of their own: their calls are not the service's, so they are neither counted nor rate
limited, and the emulator drops its latency and quota model while they type (a person's
edits in the Docs editor cost the project no quota). When each rep writes follows their
persona's submission time (``service.demo.personas``): in a team of ten, three before
Friday's reminder, four more before Friday's collect, two over the weekend (read by Monday's
re-collect), one never.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from service.bootstrap import build_gateway
from service.demo.personas import persona_of
from service.demo.rep_edits import write_doc
from service.demo.timeline import moment
from service.domain.model import Rep, Team
from service.domain.week import Week
from service.google.drive import week_docs
from service.google.gateway import Gateway
from service.google.ratelimit import RateLimiter

# The emulator process: Google's latency and quotas on, switched off ("quiet") while the
# reps type and back on ("loud") for the jobs; one line on stdout answers each command.
EMULATOR = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from workspace_emulator.core.faults import FaultConfig
    from workspace_emulator.core.server import Emulator
    loud = FaultConfig(latency_ms=(30, 80), quota=True, window_seconds=float(sys.argv[2]),
                       seed=7)
    emulator = Emulator(Path(sys.argv[1]), port=0, faults=loud)
    emulator.start()
    print(emulator.base_url, flush=True)
    for line in sys.stdin:
        emulator.faults.config = FaultConfig() if line.strip() == "quiet" else loud
        print("ok", flush=True)
    emulator.stop()
    """
)


class EmulatorProcess:
    """The emulator in a child process (its threads do not share our interpreter lock)."""

    def __init__(self, state: Path, window: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", EMULATOR, str(state), str(window)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.base_url = self._answer()

    @property
    def pid(self) -> int:
        """The child's process id (for its CPU time)."""
        return self.process.pid

    def _answer(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def say(self, command: str) -> None:
        """``quiet`` (no latency, no quota) or ``loud`` (Google's), answered before return."""
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        self._answer()

    def stop(self) -> None:
        """Close its stdin (it stops) and wait for it."""
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)


@dataclass(frozen=True)
class Phase:
    """Reps whose persona submits in [after, before) write in this phase."""

    after: str | None
    before: str | None


# Between the jobs of a week: before remind, before Friday's collect, before Monday's.
BEFORE_REMIND = Phase(None, "FRI 12:00")
BEFORE_COLLECT = Phase("FRI 12:00", "FRI 16:00")
BEFORE_MONDAY = Phase("FRI 16:00", "MON 07:00")


def _due_in(phase: Phase, rep_index: int, week: Week, zone: str) -> bool:
    at = persona_of(rep_index).submit_at
    if at is None:
        return False
    when = moment(week, at, zone)
    if phase.after and when < moment(week, phase.after, zone):
        return False
    return not (phase.before and when >= moment(week, phase.before, zone))


def reps_write(config: Any, teams: tuple[Team, ...], week: Week, week_no: int, phase: Phase) -> int:
    """The reps whose turn it is fill in their doc for ``week``; returns how many wrote."""
    gw = build_gateway(config, limiter=RateLimiter(quotas={}))
    work: list[tuple[Team, Rep, int]] = [
        (team, rep, index)
        for team in teams
        for index, rep in enumerate(team.reps)
        if _due_in(phase, index, week, team.timezone)
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        docs = dict(
            zip(
                [team.id for team in teams],
                pool.map(lambda t: week_docs(gw, t.manager.email, t.id, week.label), teams),
                strict=True,
            )
        )
        wrote = pool.map(lambda job: _write(gw, docs, week_no, *job), work)
        return sum(wrote)


def _write(
    gw: Gateway, docs: dict[str, dict[str, Any]], week_no: int, team: Team, rep: Rep, index: int
) -> bool:
    doc = docs[team.id].get(rep.email)
    return bool(doc) and write_doc(gw, rep, doc["id"], index, week_no)


def when(week: Week, spec: str, zone: str) -> datetime:
    """A moment of the cycle (see ``service.demo.timeline.moment``)."""
    return moment(week, spec, zone)

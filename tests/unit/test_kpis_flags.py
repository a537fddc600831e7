"""KPIs and manager flags: pure functions of submissions, meetings and a given ``now``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from service.domain.flags import FlagKind, flag_text, rep_flags
from service.domain.kpis import OneOnOne, Status, status_of, team_kpis
from service.domain.model import Commitment, Section, Submission
from service.domain.pacing import Pace, PaceStatus
from service.domain.week import Week

WEEK = Week.parse("2026-12-07")
DEADLINE = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)  # Fri 15:00 New York, the week before
ON_PACE = Pace(0.55, 0.5, PaceStatus.ON_PACE)
NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)  # Thursday of the 1:1 week


def sub(
    rep: str,
    *,
    edited: datetime | None = DEADLINE - timedelta(hours=1),
    energy: int | None = 4,
    missing: tuple[str, ...] = (),
    skills: str = "",
    done: tuple[bool, ...] = (),
) -> Submission:
    return Submission(
        rep_email=rep,
        week=WEEK,
        sections={"skill_updates": Section(skills), "wins": Section("a win")},
        energy=energy,
        missing=missing,
        commitments=tuple(Commitment(f"c{i}", done=d) for i, d in enumerate(done)),
        last_edit=edited,
    )


def meeting(rep: str, day: int, **kw: bool) -> OneOnOne:
    start = datetime(2026, 12, day, 19, 0, tzinfo=UTC)
    return OneOnOne(rep, start, start + timedelta(minutes=45), **kw)


def test_status_missing_late_on_time() -> None:
    assert status_of(None, DEADLINE) is Status.MISSING
    assert status_of(sub("a", edited=None), DEADLINE) is Status.MISSING
    assert status_of(sub("a", edited=DEADLINE), DEADLINE) is Status.ON_TIME
    assert status_of(sub("a", edited=DEADLINE + timedelta(seconds=1)), DEADLINE) is Status.LATE


def test_team_kpis_counts_everything() -> None:
    reps = ["a", "b", "c", "d"]
    subs = {
        "a": sub("a", energy=2, skills="call review", done=(True, False)),
        "b": sub("b", edited=DEADLINE + timedelta(hours=3), energy=4, done=(True,)),
        "c": sub("c", edited=None),
    }
    meetings = [
        meeting("a", 7),
        meeting("b", 8, declined=True),
        meeting("c", 9, cancelled=True),
        meeting("d", 11),  # still ahead of NOW: not due
        meeting("d", 1),  # Tuesday 1 December, in the week of 30 November: November's
    ]
    k = team_kpis(WEEK, reps, subs, DEADLINE, meetings, NOW, coverage_reps=reps)
    assert (k.reps_due, k.submitted, k.on_time) == (4, 2, 1)
    assert k.submission_rate == 0.5 and k.on_time_rate == 0.25
    assert (k.meetings_due, k.meetings_held) == (3, 1)
    assert k.completion_rate == 1 / 3
    assert (k.coverage_reps, k.covered_reps) == (4, 1)  # a (7th); not d (week of Nov 30)
    assert (k.commitments_due, k.commitments_kept) == (3, 2)
    assert k.coaching_utilization == 0.5
    assert k.average_energy == 3.0 and k.energy_count == 2


def test_empty_team_has_no_rates() -> None:
    k = team_kpis(WEEK, [], {}, DEADLINE, [], NOW)
    assert k.submission_rate is None and k.completion_rate is None
    assert k.coverage is None and k.average_energy is None


def test_flags_low_energy_pace_missing_sections_late() -> None:
    s = sub("a", edited=DEADLINE + timedelta(hours=1), energy=2, missing=("wins", "plan"))
    flags = rep_flags("a", s, Status.LATE, pace=Pace(0.3, 0.5, PaceStatus.BEHIND))
    kinds = [f.kind for f in flags]
    assert kinds == [FlagKind.LOW_ENERGY, FlagKind.BEHIND_PACE, FlagKind.INCOMPLETE, FlagKind.LATE]
    assert "Wins, Plan of Attack for Next Week" in flag_text(flags)


def test_flags_for_missing_doc_and_on_track_rep() -> None:
    assert [f.kind for f in rep_flags("a", None, Status.MISSING)] == [FlagKind.MISSING]
    assert rep_flags("a", sub("a", energy=3), Status.ON_TIME, pace=ON_PACE) == []
    early = Pace(0.0, 0.05, PaceStatus.EARLY)  # nothing yet on day one is not behind
    assert rep_flags("a", sub("a", energy=3), Status.ON_TIME, pace=early) == []


def test_commitments_open_two_weeks_running() -> None:
    s = sub("a", done=(True, False))
    assert FlagKind.COMMITMENTS not in {f.kind for f in rep_flags("a", s, Status.ON_TIME)}
    flags = rep_flags("a", s, Status.ON_TIME, unkept_last_week=1)
    assert [f.kind for f in flags] == [FlagKind.COMMITMENTS]
    all_done = sub("a", done=(True, True))
    assert rep_flags("a", all_done, Status.ON_TIME, unkept_last_week=2) == []

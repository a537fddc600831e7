"""`make fidelity`: replay the real Google recordings (tests/recordings) against the emulator
and print, per corpus, the pass rate of the in-scope interactions, then every failing and
every out-of-scope interaction with its reason.

The replay and comparison are the tests' own (``replay`` of the gspread and Calendar recording
tests, the Docs import/read-back and round-trip checks), so this figure and the tests agree.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.integration.emulator import test_docs, test_sheets_recordings
from tests.unit.emulator import test_calendar_recordings, test_docs_model
from workspace_emulator.testing import running_emulator


@dataclass
class Corpus:
    """The outcomes of one corpus: (where, status, reason), status pass/fail/skip."""

    name: str
    outcomes: list[tuple[str, str, str]] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for _, s, _ in self.outcomes if s == status)

    def rate(self) -> float:
        scope = self.count("pass") + self.count("fail")
        return 100.0 * self.count("pass") / scope if scope else 0.0


def gspread(state: Path) -> Corpus:
    """Sheets v4 + Drive v3: gspread's vcrpy cassettes over HTTP."""
    corpus = Corpus("Sheets/Drive (gspread cassettes)")
    with running_emulator(state) as emulator:
        for cassette in test_sheets_recordings.CASSETTES:
            for o in test_sheets_recordings.replay(emulator, cassette):
                corpus.outcomes.append((o.where, o.status, o.reason))
    return corpus


def calendar() -> Corpus:
    """Calendar v3: handley-lab's vcrpy cassettes, routed in-process."""
    corpus = Corpus("Calendar (handley cassettes)")
    for cassette in test_calendar_recordings.CASSETTES:
        for o in test_calendar_recordings.replay(cassette):
            corpus.outcomes.append((o.where, o.status, o.reason))
    return corpus


def docs(state: Path) -> Corpus:
    """Docs v1: each recorded document imported and read back over HTTP, and converted to
    the stored form and back."""
    corpus = Corpus("Docs (recorded documents: import + read back, round trip)")
    with running_emulator(state) as emulator:
        for path in test_docs.RECORDINGS:
            name = f"{path.parent.name}/{path.name}"
            checks = {
                "import + documents.get": lambda p=path: test_docs.read_back_differences(
                    emulator, p
                ),
                "stored form round trip": lambda p=path: test_docs_model.round_trip_differences(p),
            }
            for label, check in checks.items():
                try:
                    differ = check()
                except Exception as exc:  # a crash is a failure of that interaction
                    corpus.outcomes.append((f"{name} {label}", "fail", repr(exc)))
                    continue
                reason = f"fields differ: {', '.join(differ)}" if differ else ""
                corpus.outcomes.append((f"{name} {label}", "fail" if differ else "pass", reason))
    return corpus


def main() -> None:
    """Replay every corpus and print the figures."""
    with tempfile.TemporaryDirectory(prefix="fidelity-") as tmp:
        corpora = [gspread(Path(tmp) / "gspread"), calendar(), docs(Path(tmp) / "docs")]
    print("Fidelity: the real Google recordings replayed against the emulator\n")
    passed = in_scope = 0
    for corpus in corpora:
        p, f, s = corpus.count("pass"), corpus.count("fail"), corpus.count("skip")
        passed, in_scope = passed + p, in_scope + p + f
        print(
            f"{corpus.name}: {corpus.rate():.1f} % pass ({p}/{p + f} in scope; "
            f"{f} failing, {s} out of scope)"
        )
    total = 100.0 * passed / in_scope if in_scope else 0.0
    print(f"All corpora: {total:.1f} % pass ({passed}/{in_scope} in-scope interactions)")
    for corpus in corpora:
        for status, title in (("fail", "failing"), ("skip", "out of scope")):
            rows = [(w, r) for w, s, r in corpus.outcomes if s == status]
            if not rows:
                continue
            print(f"\n{corpus.name}, {title} ({len(rows)}):")
            for reason, n in Counter(r for _, r in rows).most_common():
                print(f"  [{n}x] {reason}")
            for where, reason in rows:
                print(f"  - {where}: {reason}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

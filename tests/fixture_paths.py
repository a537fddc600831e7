"""Where the real Google API recordings live: copied into ``tests/recordings`` from public MIT
and Apache-2.0 repositories (each folder keeps its license; ``INDEX.md`` says what is where),
so that a clean clone tests the emulator and the parser against them."""

from __future__ import annotations

from pathlib import Path

RECORDINGS = Path(__file__).resolve().parent / "recordings"

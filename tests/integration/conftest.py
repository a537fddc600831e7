"""One emulator per test session (per xdist worker); tests use their own users and files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import running_emulator


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    state: Path = tmp_path_factory.mktemp("emulator")
    with running_emulator(state) as emu:
        yield emu

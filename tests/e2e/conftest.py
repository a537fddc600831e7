"""The quarter of ``test_quarter*.py``, run once for the session (it takes a minute or two):
13 weeks of the org on the emulator (``quarter_run``), with the jobs' INFO logs captured."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from tests.e2e.quarter_run import Quarter
from tests.e2e.quarter_timeline import build_quarter
from tests.e2e.test_four_weeks import Capture
from workspace_emulator.core.server import Emulator


@pytest.fixture(scope="session")
def quarter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Quarter]:
    root = tmp_path_factory.mktemp("quarter")
    emulator = Emulator(root / "workspace", port=0)
    emulator.start()
    capture, logger = Capture(), logging.getLogger()
    level = logger.level
    logger.addHandler(capture)
    logger.setLevel(logging.INFO)
    try:
        result = build_quarter(emulator, root).run()
        logger.removeHandler(capture)
        result.logs = capture.lines
        yield result
    finally:
        logger.removeHandler(capture)
        logger.setLevel(level)
        emulator.stop()

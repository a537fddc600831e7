"""Browser tests: the pages people use, loaded in headless Chromium (Debian's ``chromium``,
installed by ``make test`` where missing), asserting what a person sees. Screenshots are kept
under the test's tmp dir."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from workspace_emulator.core.server import Emulator

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Browser:
    """Headless Chromium driven from the command line: the DOM after load, and a picture."""

    binary: str
    shots: Path

    def _run(self, *args: str) -> str:
        command = [
            self.binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--disable-dev-shm-usage", "--no-first-run", "--window-size=1400,1000", *args,
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    def dom(self, url: str) -> str:
        """The page's DOM as the browser built it."""
        return self._run("--dump-dom", url)

    def screenshot(self, url: str, name: str) -> Path:
        """A PNG of the page as a person sees it, kept as a test artifact."""
        path = self.shots / f"{name}.png"
        self._run(f"--screenshot={path}", url)
        assert path.is_file() and path.stat().st_size > 10_000, path
        return path


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Browser:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    assert binary, "Chromium is missing: `make test` installs Debian's chromium package"
    return Browser(binary, tmp_path_factory.mktemp("screenshots"))


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Emulator, dict[str, object]]]:
    """The demo's Workspace (run through the CLI), served by an emulator on its state."""
    state = tmp_path_factory.mktemp("demo")
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "demo", "--state", str(state), "--json"],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    counts = json.loads(done.stdout)
    emulator = Emulator(state / "workspace", port=0)
    emulator.start()
    try:
        yield emulator, counts
    finally:
        emulator.stop()

"""What the demo keeps in its state directory besides the Workspace: the run's first week and
how many weeks are done (``demo.json``), and the configuration pointed at its emulator
(``config/``), which ``serve``, ``book`` and ``run`` can use too.

Layout of a state directory::

    demo.json        {"week": "YYYY-MM-DD" (the first 1:1 week), "weeks": N (weeks done)}
    config/          the sample org's configuration, google.yaml pointing at the emulator
    workspace/       the emulator's data and its service-account.json
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import yaml

from service.domain.week import Week
from service.errors import InputError

KEY_FILE = Path("..") / "workspace" / "service-account.json"  # relative to config/


@dataclass(frozen=True)
class DemoState:
    """The run's first 1:1 week and how many consecutive weeks from it are done."""

    first: Week
    done: int = 0

    def week(self, number: int) -> Week:
        """The run's week ``number`` (0 = the first)."""
        return Week(self.first.monday + timedelta(weeks=number))


def load_state(directory: Path) -> DemoState | None:
    """The state kept in ``directory``, or None for a new one."""
    path = directory / "demo.json"
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text())
        return DemoState(Week.parse(str(data["week"])), int(data.get("weeks", 0)))
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path} is not a demo state ({exc}); use a new --state") from exc


def save_state(directory: Path, state: DemoState) -> None:
    """Write ``demo.json`` (after each finished week, so a crash resumes at the right one)."""
    directory.mkdir(parents=True, exist_ok=True)
    body = {"week": state.first.label, "weeks": state.done}
    (directory / "demo.json").write_text(json.dumps(body) + "\n")


def write_config(directory: Path, example: Path, port: int) -> Path:
    """``directory/config``: a copy of the sample org's configuration whose google.yaml points
    at the emulator on ``port`` with the key file the emulator writes. Written once, so the
    state keeps the org it was started with; returns the directory."""
    target = directory / "config"
    if (target / "org.yaml").is_file():
        return target
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(example.iterdir()):
        if source.is_file() and source.suffix in (".yaml", ".yml", ".csv"):
            shutil.copyfile(source, target / source.name)
    google_file = target / "google.yaml"
    google = yaml.safe_load(google_file.read_text()) if google_file.is_file() else {}
    google = google or {}
    google["auth"] = {"mode": "service_account", "key_file": str(KEY_FILE)}
    google["endpoint"] = f"http://127.0.0.1:{port}"
    header = (
        "# Written by `oneonone demo`: the demo's Workspace emulator. Start it with\n"
        f"#   oneonone emulator --state {directory / 'workspace'} --port {port}\n"
        "# then use --config with this directory (serve, book, run, install, check-config).\n"
    )
    google_file.write_text(header + yaml.safe_dump(google, sort_keys=False))
    return target

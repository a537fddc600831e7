"""gspread's own test suite, run live against the emulator (outside ``make test``).

gspread's tests replay cassettes recorded on Google; here recording is switched off
(pytest-recording's ``--disable-recording``) and the suite's ``client`` fixture is replaced by
a gspread client whose injected session points at a fresh emulator, so every call of the suite
is answered by the emulator. Needs a gspread checkout matching the installed gspread and
``vcrpy`` + ``pytest-recording``::

    git clone --branch v6.2.1 https://github.com/burnash/gspread /tmp/gspread
    .venv/bin/pip install vcrpy pytest-recording
    .venv/bin/python -m bench.foreign_gspread /tmp/gspread

Prints passed/total, and every failure with the reason it is out of scope if it is listed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.foreign import report
from workspace_emulator.testing import running_emulator

# Tests that need what an offline emulator cannot give, with the reason.
OUT_OF_SCOPE = {
    "test_access_private_spreadsheet": "a file of another account the recording could open",
}
OVERRIDE = """

# --- added by bench/foreign_gspread.py: the client talks to the emulator -------------------
from google.auth.transport.requests import AuthorizedSession as _Session
from google.oauth2 import service_account as _sa


class _EmulatorSession(_Session):
    def request(self, method, url, *args, **kwargs):
        host = url.split("/")[2] if "://" in url else ""
        if host.endswith("googleapis.com"):
            url = os.environ["EMULATOR_BASE"] + url[url.index(host) + len(host):]
        return super().request(method, url, *args, **kwargs)


@pytest.fixture(scope="module")
def client() -> Client:
    creds = _sa.Credentials.from_service_account_file(
        os.environ["EMULATOR_SA"],
        scopes=["https://www.googleapis.com/auth/spreadsheets",
                "https://www.googleapis.com/auth/drive"],
    ).with_subject("gspread.suite@example.com")
    return Client(auth=creds, session=_EmulatorSession(creds))
"""


def run(checkout: Path) -> int:
    """Run the suite; the exit status of pytest."""
    with tempfile.TemporaryDirectory() as work, running_emulator(Path(work) / "state") as emu:
        tests = Path(work) / "tests"
        shutil.copytree(checkout / "tests", tests)
        with (tests / "conftest.py").open("a") as conftest:
            conftest.write(OVERRIDE)
        for module in tests.glob("*_test.py"):  # cassette marks: meaningless with recording
            text = module.read_text()  # off, and on fixtures an error in today's pytest
            module.write_text(re.sub(r"(?m)^\s*@pytest\.mark\.vcr\(\)\s*\n", "", text))
        env = {**os.environ, "COLUMNS": "400", "EMULATOR_BASE": emu.base_url,
               "EMULATOR_SA": str(emu.service_account_file)}  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-m", "pytest", str(tests), "-q", "-p", "no:cacheprovider",
             "--disable-recording", "-o", "addopts=", "-o", "filterwarnings=", "-rf"],
            env=env, cwd=work, capture_output=True, text=True, check=False,
        )  # fmt: skip
    unexpected = report("gspread's own suite", done.stdout + done.stderr, OUT_OF_SCOPE)
    return 1 if unexpected or "passed" not in done.stdout else 0


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/gspread")))

"""pygsheets' own online test suite, run live against the emulator (outside ``make test``).

pygsheets' ``tests/online_test.py`` is written for a real Google account (a service-account
file of its authors). Here the suite's client is made by pygsheets' own ``authorize`` with the
emulator's service account and an ``httplib2.Http`` that sends googleapis.com calls to the
emulator: pygsheets' documented ``http=`` option, nothing inside pygsheets is patched. The
pygsheets under test is the checkout's own package. Needs a pygsheets checkout, and pandas for
its DataFrame test (which passes without checking anything when pandas is missing)::

    git clone https://github.com/nithinmurali/pygsheets /tmp/pygsheets
    .venv/bin/pip install pandas
    .venv/bin/python -m bench.foreign_pygsheets /tmp/pygsheets [pytest options, e.g. -k copy_to]

Prints passed/total, and every failure with the reason it is out of scope if it is listed.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.foreign import report
from workspace_emulator.testing import running_emulator

# Tests that need what an offline emulator (or this venv) cannot give, with the reason.
OUT_OF_SCOPE = {
    "TestClient::test_create_in_folder_by_id": "the test's clean-up deletes the folder first, "
    "which deletes the sheet in it (Drive's files.delete of a folder), then deletes the sheet",
    "TestSpreadSheet::test_export": "XLSX, ODS and PDF renderings of a spreadsheet",
    "TestWorkSheet::test_export": "XLSX, ODS, PDF and zipped HTML renderings of a sheet",
}
CLIENT = "pygsheet_client = pygsheets.authorize(service_account_file=SERVICE_FILE_NAME)"
OVERRIDE = """

# --- added by bench/foreign_pygsheets.py: the client talks to the emulator -----------------
import httplib2 as _httplib2
from google.oauth2 import service_account as _sa


class _EmulatorHttp(_httplib2.Http):
    def __init__(self):
        super().__init__(timeout=30)
        self.redirect_codes = self.redirect_codes - {308}  # resumable upload, as googleapiclient

    def request(self, uri, *args, **kwargs):
        host = uri.split("/")[2] if "://" in uri else ""
        if host.endswith("googleapis.com") or host.startswith("127.0.0.1"):
            uri = os.environ["EMULATOR_BASE"] + uri[uri.index(host) + len(host):]
        return super().request(uri, *args, **kwargs)


def _emulator_client():
    creds = _sa.Credentials.from_service_account_file(
        os.environ["EMULATOR_SA"],
        scopes=["https://www.googleapis.com/auth/spreadsheets",
                "https://www.googleapis.com/auth/drive"],
    ).with_subject("pygsheets.suite@example.com")
    return pygsheets.authorize(custom_credentials=creds, http=_EmulatorHttp())
"""


def run(checkout: Path, extra: list[str] | None = None) -> int:
    """Run the suite; 1 when a test failed that is not listed as out of scope."""
    if importlib.util.find_spec("pandas") is None:
        print("note: pandas is not installed; test_set_dataframe checks nothing without it")
    with tempfile.TemporaryDirectory() as work, running_emulator(Path(work) / "state") as emu:
        copy = Path(work) / "pygsheets"
        shutil.copytree(checkout / "pygsheets", copy / "pygsheets")
        shutil.copytree(checkout / "tests", copy / "tests")
        suite = copy / "tests" / "online_test.py"
        text = suite.read_text()
        if CLIENT not in text:
            print("pygsheets' online_test.py no longer makes its client as expected")
            return 2
        suite.write_text(text.replace(CLIENT, "pygsheet_client = _emulator_client()") + OVERRIDE)
        env = {**os.environ, "COLUMNS": "400", "EMULATOR_BASE": emu.base_url,
               "EMULATOR_SA": str(emu.service_account_file)}  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-m", "pytest", str(suite), "-q", "-p", "no:cacheprovider",
             "-o", "addopts=", "-o", "filterwarnings=", "-rf", "--rootdir", str(copy),
             *(extra or [])],
            env=env, cwd=copy, capture_output=True, text=True, check=False,
        )  # fmt: skip
    unexpected = report("pygsheets' online suite", done.stdout + done.stderr, OUT_OF_SCOPE)
    return 1 if unexpected or "passed" not in done.stdout else 0


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/pygsheets"), sys.argv[2:]))

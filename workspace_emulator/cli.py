"""`oneonone emulator`: run the emulator in the foreground until Ctrl-C or SIGTERM."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType

from workspace_emulator.core.server import Emulator


def main(port: int, state_dir: Path, domain: str = "example.com") -> int:
    """Serve on 127.0.0.1:``port`` with data kept in ``state_dir``."""
    emulator = Emulator(state_dir, port=port, domain=domain)

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"Workspace emulator on {emulator.base_url}/ (state in {state_dir})", flush=True)
    print(f"Service-account key: {emulator.service_account_file}", flush=True)
    try:
        emulator.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.httpd.server_close()
        emulator.store.close()
    print("stopped", file=sys.stderr)
    return 0

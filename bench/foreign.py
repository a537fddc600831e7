"""What the runners of other projects' own test suites share: reading pytest's summary."""

from __future__ import annotations

import os
import re


def report(suite: str, output: str, out_of_scope: dict[str, str]) -> int:
    """Print passed/total and each failure; the number of failures not listed as out of scope.

    A test is named ``Class::test`` (or ``test`` outside a class); an out-of-scope list may key
    it either way."""
    if os.environ.get("FOREIGN_DEBUG"):
        print(output[-6000:])
    failed = re.findall(r"^(?:FAILED|ERROR) [^:\s]+::([\w:]+)(?: - (.*))?$", output, re.MULTILINE)
    last = output.strip().splitlines()[-1] if output.strip() else ""
    passed = int(m[1]) if (m := re.search(r"(\d+) passed", last)) else 0
    total = passed + len(failed)
    print(f"{suite} against the emulator: {passed}/{total} passed")
    unexpected = 0
    for name, reason in failed:
        why = out_of_scope.get(name) or out_of_scope.get(name.rpartition("::")[2])
        unexpected += not why
        print(f"  {'out of scope' if why else 'FAILED'}: {name}: {why or (reason or '')[:150]}")
    return unexpected

"""Real Google methods the emulator does not serve: a 501 that names the method.

A call the route tables do not answer is looked up in the APIs' discovery documents (the
ones google-api-python-client bundles); if it is a real method (``calendar.events.quickAdd``,
``sheets.spreadsheets.sheets.copyTo``...) the answer is 501 naming it, so a client does not
read a 404 as "file not found". Anything else stays a 404.
"""

from __future__ import annotations

from workspace_emulator.core import discovery
from workspace_emulator.core.framework import ApiError


def not_emulated(method: str, path: str) -> tuple[str, ApiError] | None:
    """(api, the 501) when ``method path`` is a real Google method, else None."""
    found = discovery.find(method, path)
    if found is None:
        return None
    message = f"Method {found.ident} is not implemented by the emulator."
    return found.api, ApiError(501, message, reason="notImplemented", status="UNIMPLEMENTED")

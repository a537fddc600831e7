"""A spreadsheet converted from an uploaded CSV or TSV (Drive v2's ``convert=true``, which
gspread's ``import_csv`` uses): the upload replaces every sheet with one sheet named after the
file, its values read as if typed (numbers, dates and formulas are parsed), and the spreadsheet
takes the uploader's time zone when they have set one (their calendar's), as Google's recording
shows.
"""

from __future__ import annotations

import csv
import io

from workspace_emulator.calendar.store import DEFAULT_TZ, timezone_name
from workspace_emulator.core.framework import Store
from workspace_emulator.drive import acl
from workspace_emulator.sheets import values_io
from workspace_emulator.sheets.access import save
from workspace_emulator.sheets.defaults import SHEET_MIME, new_spreadsheet
from workspace_emulator.sheets.formulas import WORKBOOK
from workspace_emulator.sheets.model import ensure_grid, resolve

DELIMITERS = {"text/csv": ",", "text/tab-separated-values": "\t"}


def import_table(store: Store, file_id: str, content_type: str, data: bytes, user: str) -> bool:
    """Replace the spreadsheet's content with the uploaded table; False for another type."""
    delimiter = DELIMITERS.get(content_type)
    if delimiter is None:
        return False
    name = str((store.get(acl.FILES, file_id) or {}).get("name") or "Sheet1")
    spreadsheet = new_spreadsheet(file_id, name)
    spreadsheet["sheets"][0]["properties"]["title"] = name
    zone = timezone_name(store, user)
    if zone != DEFAULT_TZ:
        spreadsheet["properties"]["timeZone"] = zone
    text = data.decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    width = max((len(row) for row in rows), default=0)
    sheet = spreadsheet["sheets"][0]
    ensure_grid(spreadsheet, sheet, len(rows), width)
    WORKBOOK.set(spreadsheet)
    values_io.write(spreadsheet, resolve(spreadsheet, "A1", writing=True), rows,
                    option="USER_ENTERED")  # fmt: skip
    save(store, spreadsheet, user)
    return True


acl.CONTENT_IMPORTERS[SHEET_MIME] = import_table

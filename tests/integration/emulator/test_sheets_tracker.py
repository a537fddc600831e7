"""The service's managed-sheet adapter (``service.google.managed_sheet``) against the emulator's
Sheets: re-runs converge on our formatting without touching what the manager added, and text a
manager typed in a manager column comes back as the same text."""

from __future__ import annotations

from typing import Any

from service.domain.tracker_layout import NOTES, THIS_WEEK
from service.domain.tracker_upsert import upsert
from service.google import tags
from service.google.credentials import CredentialSource
from service.google.gateway import Gateway
from service.google.managed_sheet import a1, create_sheet, read_sheet, write_sheet
from workspace_emulator.core.server import Emulator

MANAGER = "tracker.manager@example.com"
MANAGER_RULE = '=$A2="Avery"'


def _gateway(emulator: Emulator) -> Gateway:
    source = CredentialSource("service_account", emulator.service_account_file)
    return Gateway(source, endpoint=emulator.base_url)


def _row(name: str) -> list[Any]:
    row: list[Any] = [""] * len(THIS_WEEK.columns)
    row[THIS_WEEK.index("Rep")] = name
    row[THIS_WEEK.index("Email")] = f"{name.lower()}@example.com"
    row[THIS_WEEK.index("Week")] = "2026-W10"
    row[THIS_WEEK.index("Energy")] = 2
    return row


def _run(gw: Gateway, file: dict[str, Any], created: bool) -> None:
    state = read_sheet(gw, MANAGER, file, [THIS_WEEK], created)
    table = upsert(THIS_WEEK, state.values.get(THIS_WEEK.title, []), [_row("Avery")])
    write_sheet(gw, MANAGER, state, {THIS_WEEK.title: (THIS_WEEK, table)})


def test_reruns_keep_the_managers_rules_and_text(emulator: Emulator) -> None:
    gw = _gateway(emulator)
    file = create_sheet(gw, MANAGER, "Tracker", tags.tags(kind=tags.KIND_TRACKER), None)
    _run(gw, file, created=True)
    sheets = gw.client("sheets", MANAGER).spreadsheets()
    sheet_id = THIS_WEEK.sheet_id
    rule = {"ranges": [{"sheetId": sheet_id, "startRowIndex": 1}], "booleanRule": {
        "condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": MANAGER_RULE}]},
        "format": {"textFormat": {"italic": True}}}}  # fmt: skip
    add = {"addConditionalFormatRule": {"rule": rule, "index": 0}}
    gw.execute(sheets.batchUpdate(spreadsheetId=file["id"], body={"requests": [add]}), MANAGER, "")
    note = a1(THIS_WEEK.title, f"{THIS_WEEK.letter(NOTES)}2")
    body = {"values": [["'0042"]]}
    typed = sheets.values().update(
        spreadsheetId=file["id"], range=note, valueInputOption="USER_ENTERED", body=body
    )
    gw.execute(typed, MANAGER, "note")
    for _ in range(2):
        _run(gw, file, created=False)
    meta = gw.execute(
        sheets.get(spreadsheetId=file["id"], fields="sheets.conditionalFormats"), MANAGER, "meta"
    )
    formulas = [
        r["booleanRule"]["condition"]["values"][0]["userEnteredValue"]
        for r in meta["sheets"][0]["conditionalFormats"]
    ]
    assert formulas.count(MANAGER_RULE) == 1 and len(formulas) == 4  # ours are not piled up
    got = sheets.values().get(spreadsheetId=file["id"], range=note, valueRenderOption="FORMULA")
    assert gw.execute(got, MANAGER, "note")["values"] == [["0042"]]

"""Spreadsheets the service owns (team trackers, director roll-ups): find or create by tags,
keep their sharing exact, read every tab in one call and write them in a constant number.

Calls per run: one files.list (with the sheet's permissions; one batch of sharing fixes when
needed), one spreadsheets.get, one values.batchGet, and at most one spreadsheets.batchUpdate
that writes the formatting a tab lacks and the tabs whose cells would change (typed cell data:
our text as strings, never re-parsed). A run that changes no cell writes nothing: no new
revision, and our protected ranges and conditional formats keep their ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from service.domain.tracker_layout import Cell, Row, TabLayout
from service.errors import WorkspaceError
from service.google import tags
from service.google.drive import find_files
from service.google.gateway import Gateway
from service.google.sheet_charts import CHART_FIELDS, read_charts
from service.google.sheet_format import format_requests, is_our_rule

SPREADSHEET = "application/vnd.google-apps.spreadsheet"
# The permissions come with the files.list that finds the sheet: checking its sharing costs
# no call of its own.
FILE_FIELDS = "id,name,webViewLink,createdTime,appProperties,permissions(id,type,role,emailAddress)"


@dataclass
class SheetState:
    """A managed spreadsheet as read at the start of a run."""

    file_id: str
    url: str
    created: bool = False
    sheet_ids: dict[str, int] = field(default_factory=dict)  # tab title -> sheetId
    row_counts: dict[str, int] = field(default_factory=dict)  # grid rows per tab
    col_counts: dict[str, int] = field(default_factory=dict)  # grid columns per tab
    our_rules: dict[int, list[int]] = field(default_factory=dict)  # our rules' indexes per sheetId
    rule_formulas: dict[int, list[str]] = field(default_factory=dict)  # ours, in order
    # sheetId -> our protected ranges: (protectedRangeId, first column, end column)
    our_protections: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)
    protection_texts: dict[int, list[str]] = field(default_factory=dict)  # their descriptions
    charts: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)  # title -> id, spec
    values: dict[str, list[list[Cell]]] = field(default_factory=dict)


def a1(title: str, cell: str = "A1") -> str:
    """A range on a tab, the title quoted as A1 notation wants (GOOGLE-FACTS, Sheets)."""
    return "'" + title.replace("'", "''") + "'!" + cell


def find_sheet(gw: Gateway, user: str, **match: str) -> tuple[dict[str, Any] | None, int]:
    """The oldest of our spreadsheets tagged ``match`` (one files.list), and how many exist."""
    files = find_files(gw, user, tags.drive_query(**match), fields=FILE_FIELDS, what="tracker")
    return oldest(files)


def oldest(files: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, int]:
    """The oldest of ``files`` (listed with ``FILE_FIELDS``), and how many there are."""
    files = sorted(
        (f for f in files if f.get("id")), key=lambda f: (f.get("createdTime", ""), f["id"])
    )
    return (files[0] if files else None), len(files)


def create_sheet(
    gw: Gateway, user: str, name: str, app_properties: Mapping[str, str], parent: str | None
) -> dict[str, Any]:
    """A new spreadsheet owned by ``user``, tagged in the same call (a crash cannot leave an
    untagged copy behind for the next run to duplicate)."""
    body: dict[str, Any] = {"name": name, "mimeType": SPREADSHEET, "appProperties": app_properties}
    if parent:
        body["parents"] = [parent]
    request = (
        gw.client("drive", user)
        .files()
        .create(body=body, fields=FILE_FIELDS, supportsAllDrives=True)
    )
    created: dict[str, Any] = gw.execute(request, user, f"spreadsheet {name!r}")
    return created


def fix_sharing(
    gw: Gateway, owner: str, file: Mapping[str, Any], allowed: Mapping[str, str], *, dry_run: bool
) -> list[str]:
    """Make the file shared with exactly ``allowed`` (e-mail -> role) besides its owner.

    Anyone else (a rep, a link share, a domain share) is removed. The permissions are the
    file's own (from ``find_sheet``), else listed. Returns what changed.
    """
    file_id = str(file["id"])
    drive = gw.client("drive", owner)
    listed = (
        file
        if "permissions" in file
        else gw.execute(
            drive.permissions().list(
                fileId=file_id,
                fields="permissions(id,type,role,emailAddress)",
                supportsAllDrives=True,
            ),
            owner,
            "tracker sharing",
        )
    )
    present: set[str] = set()
    fixes: list[tuple[str, Any]] = []
    actions: list[str] = []
    for perm in listed.get("permissions", []):
        email = str(perm.get("emailAddress", "")).lower()
        if perm.get("role") == "owner" or (perm.get("type") == "user" and email in allowed):
            present.add(email)
            continue
        who = email or perm.get("type", "?")
        actions.append(f"removed access for {who}")
        delete = drive.permissions().delete(
            fileId=file_id, permissionId=perm["id"], supportsAllDrives=True
        )
        fixes.append((f"del-{perm['id']}", delete))
    for email, role in allowed.items():
        if email not in present:
            actions.append(f"shared with {email} ({role})")
            body = {"type": "user", "role": role, "emailAddress": email}
            create = drive.permissions().create(
                fileId=file_id, body=body, sendNotificationEmail=False, supportsAllDrives=True
            )
            fixes.append((f"add-{len(fixes)}", create))
    if fixes and not dry_run:
        results = gw.execute_batch("drive", owner, fixes, "tracker sharing")
        failed = [r for r in results.values() if isinstance(r, WorkspaceError)]
        if failed:
            raise failed[0]
    return [("would have " if dry_run else "") + a for a in actions]


def read_sheet(
    gw: Gateway, user: str, file: Mapping[str, Any], layouts: Sequence[TabLayout], created: bool
) -> SheetState:
    """Tabs, formats and every tab's values (as formulas, so our own HYPERLINKs and the
    manager's formulas round-trip): one spreadsheets.get and one values.batchGet."""
    state = SheetState(str(file["id"]), str(file.get("webViewLink", "")), created)
    sheets = gw.client("sheets", user).spreadsheets()
    fields = (
        "sheets(properties(sheetId,title,gridProperties(rowCount,columnCount)),"
        "conditionalFormats(booleanRule(condition(values))),"
        "protectedRanges(protectedRangeId,description,range(startColumnIndex,endColumnIndex)),"
        f"{CHART_FIELDS})"
    )
    meta = gw.execute(sheets.get(spreadsheetId=state.file_id, fields=fields), user, "tracker")
    titles = {layout.title for layout in layouts}
    for sheet in meta.get("sheets", []):
        props = sheet.get("properties", {})
        title, sheet_id = str(props.get("title", "")), int(props.get("sheetId", 0))
        state.sheet_ids[title] = sheet_id
        state.charts.update(read_charts(sheet))
        state.row_counts[title] = int(props.get("gridProperties", {}).get("rowCount", 1000))
        state.col_counts[title] = int(props.get("gridProperties", {}).get("columnCount", 26))
        formulas = [_rule_formula(rule) for rule in sheet.get("conditionalFormats", [])]
        ours = [i for i, f in enumerate(formulas) if title in titles and is_our_rule(f)]
        state.our_rules[sheet_id] = ours
        state.rule_formulas[sheet_id] = [formulas[i] for i in ours]
        state.our_protections[sheet_id] = [
            (
                int(protection["protectedRangeId"]),
                int(protection.get("range", {}).get("startColumnIndex", 0)),
                int(protection.get("range", {}).get("endColumnIndex", 0)),
            )
            for protection in sheet.get("protectedRanges", [])
            if str(protection.get("description", "")).startswith(tags.APP)
        ]
        state.protection_texts[sheet_id] = [
            str(protection.get("description", ""))
            for protection in sheet.get("protectedRanges", [])
            if str(protection.get("description", "")).startswith(tags.APP)
        ]
    present = [tab.title for tab in layouts if tab.title in state.sheet_ids]
    if present:
        answer = gw.execute(
            sheets.values().batchGet(
                spreadsheetId=state.file_id,
                ranges=[a1(title, "A1:Z") for title in present],
                valueRenderOption="FORMULA",
            ),
            user,
            "tracker values",
        )
        for title, block in zip(present, answer.get("valueRanges", []), strict=False):
            state.values[title] = [list(row) for row in block.get("values", [])]
    return state


def write_sheet(
    gw: Gateway, user: str, state: SheetState, tables: Mapping[str, tuple[TabLayout, list[Row]]]
) -> int:
    """Write the tabs whose cells would change (blank rows clear what is left below) and any
    formatting a tab lacks, in one spreadsheets.batchUpdate (one write against the Sheets
    quota, applied all or nothing), or nothing at all. Returns the number of cells written."""
    requests, cells = sheet_changes(state, tables)
    if requests:
        sheets = gw.client("sheets", user).spreadsheets()
        body = {"requests": requests}
        gw.execute(sheets.batchUpdate(spreadsheetId=state.file_id, body=body), user, "tracker")
    return cells


def written(cells: int, what: str, url: str, *, dry_run: bool) -> str:
    """What a write of ``cells`` cells did (or would do) to a spreadsheet."""
    if not cells:
        return f"the {what} is up to date: nothing written"
    if dry_run:
        return f"would write {cells} cells to the {what}"
    return f"wrote {cells} cells to the {what} {url}"


def sheet_changes(
    state: SheetState, tables: Mapping[str, tuple[TabLayout, list[Row]]]
) -> tuple[list[dict[str, Any]], int]:
    """The requests a write needs and the cells it writes, compared with what was read (the
    dry run reports the same count)."""
    layouts = [layout for layout, _table in tables.values()]
    requests = format_requests(state, layouts, {t: len(rows) for t, (_, rows) in tables.items()})
    cells = 0
    for title, (layout, table) in tables.items():
        old = state.values.get(title, [])
        if title in state.values and same_cells(old, table, len(layout.columns)):
            continue
        blank: list[Cell] = [""] * len(layout.columns)
        rows: list[list[Cell]] = [*table, *([blank] * max(0, len(old) - len(table)))]
        cells += sum(len(r) for r in table)
        kinds = [column.kind for column in layout.columns]
        requests.append(
            {
                "updateCells": {
                    "range": {
                        "sheetId": state.sheet_ids[title],
                        "startRowIndex": 0,
                        "endRowIndex": len(rows),
                        "startColumnIndex": 0,
                        "endColumnIndex": len(kinds),
                    },
                    "rows": [
                        {
                            "values": [
                                cell_data(c, kind) for c, kind in zip(row, kinds, strict=False)
                            ]
                        }
                        for row in rows
                    ],
                    "fields": "userEnteredValue",
                }
            }
        )
    return requests, cells


def same_cells(old: Sequence[Sequence[Cell]], new: Sequence[Sequence[Cell]], width: int) -> bool:
    """Whether the tab as read (formulas as text, trailing blanks omitted) already holds
    ``new`` in its first ``width`` columns (numbers compared as numbers)."""

    def normal(rows: Sequence[Sequence[Cell]]) -> list[tuple[Cell, ...]]:
        out = [tuple(_normal(row[i] if i < len(row) else "") for i in range(width)) for row in rows]
        while out and not any(c != "" for c in out[-1]):
            out.pop()
        return out

    return normal(old) == normal(new)


def _normal(cell: Cell | None) -> Cell:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell).upper()
    if isinstance(cell, int | float):
        return float(cell)
    return cell


def cell_data(cell: Cell, kind: str) -> dict[str, Any]:
    """A cell as Sheets stores it, never re-parsed: our text stays text even when a rep typed
    "=IMPORTRANGE(...)" (a stringValue, as RAW input would keep it); our HYPERLINK/SPARKLINE
    and a manager's own formula are formulas; a manager's "0042" or "TRUE" stays what they
    typed, exactly as read back with valueRenderOption FORMULA."""
    if cell == "" or cell is None:
        return {}
    if isinstance(cell, bool):
        return {"userEnteredValue": {"boolValue": cell}}
    if isinstance(cell, int | float):
        return {"userEnteredValue": {"numberValue": cell}}
    if kind != "text" and cell.startswith("="):
        return {"userEnteredValue": {"formulaValue": cell}}
    return {"userEnteredValue": {"stringValue": cell}}


def _rule_formula(rule: Mapping[str, Any]) -> str:
    values = rule.get("booleanRule", {}).get("condition", {}).get("values", [])
    return str(values[0].get("userEnteredValue", "")) if len(values) == 1 else ""

"""The Sheet-form prefill: merge fields, metrics and commitments rows where the parser reads
them, every cell a string, the mark in the same batch; and a prefilled grid parses back."""

from __future__ import annotations

from service.domain.sheet_form import parse_sheet_form
from service.google.sheet_docs import SheetTab
from service.jobs.collect.rep_doc_read import form_tab
from service.templates import load_sheet_template
from service.templates.prefill import METRICS_HEADER, PREFILLED_MARK, Prefill
from service.templates.sheet_prefill import (
    is_sheet_prefilled,
    merge,
    sheet_prefill_requests,
    sheet_prefill_rows,
)

FIELDS = {
    "rep_name": "Ana Rep",
    "manager_name": "Morgan",
    "week_of": "2026-10-19",
    "meeting_time": "Mon Oct 19, 1:00-1:45 PM EDT",
    "deadline": "Fri Oct 16, 3:00 PM EDT",
    "last_doc": "none yet",
}
PREFILL = Prefill(
    FIELDS,
    metrics=(("Calls", "50", "42", "84% · behind"), ("=SUM(A1)", "", "", "")),
    commitments=("Rep: book 5 demos", "Manager: join the Acme call"),
)


def template_rows() -> list[list[str]]:
    return [list(row) for row in load_sheet_template("ae_sheet").rows]


def test_merge_replaces_known_fields_only() -> None:
    assert merge("{{rep_name}} / {{nope}}", FIELDS) == "Ana Rep / {{nope}}"


def test_rows_are_inserted_under_their_sections() -> None:
    grid = sheet_prefill_rows(template_rows(), PREFILL)
    titles = [row[0] if row else "" for row in grid]
    metrics = titles.index("Key Metrics & Pacing")
    assert grid[metrics + 1] == ["", *METRICS_HEADER]
    assert grid[metrics + 2] == ["", "Calls", "50", "42", "84% · behind"]
    carried = titles.index("Commitments from Last 1:1")
    assert grid[carried + 1 : carried + 3] == [
        ["", "Rep: book 5 demos", ""],
        ["", "Manager: join the Acme call", ""],
    ]
    assert len(grid) == len(template_rows()) + 5
    assert "{{" not in str(grid) and grid[0][0].endswith("Ana Rep - week of 2026-10-19")


def test_the_prefilled_grid_parses_as_an_empty_submission() -> None:
    parsed = parse_sheet_form(sheet_prefill_rows(template_rows(), PREFILL))
    assert parsed.warnings == () and parsed.missing == (
        "wins", "challenges", "pipeline", "energy", "plan",
    )  # fmt: skip
    assert parsed.sections["key_metrics"].items[1] == "Calls | 50 | 42 | 84% · behind"
    assert [(c.text, c.done) for c in parsed.commitments] == [
        ("Rep: book 5 demos", False),
        ("Manager: join the Acme call", False),
    ]


def test_no_metrics_configured_and_nothing_carried() -> None:
    bare = Prefill(FIELDS, metrics_header=())
    grid = sheet_prefill_rows(template_rows(), bare)
    assert len(grid) == len(template_rows())


def test_one_batch_strings_only_with_the_mark() -> None:
    rows = template_rows()
    requests = sheet_prefill_requests(7, rows, PREFILL, row_count=1000)
    assert [next(iter(r)) for r in requests] == ["updateCells", "addNamedRange"]
    cells = requests[0]["updateCells"]
    assert cells["fields"] == "userEnteredValue"
    assert cells["range"]["sheetId"] == 7 and cells["range"]["endRowIndex"] == len(rows) + 5
    values = [v for row in cells["rows"] for v in row["values"]]
    assert all(set(v) <= {"userEnteredValue"} for v in values)
    assert {"userEnteredValue": {"stringValue": "=SUM(A1)"}} in values  # never a formula
    mark = requests[1]["addNamedRange"]["namedRange"]
    assert mark["name"] == PREFILLED_MARK and mark["range"]["sheetId"] == 7
    assert is_sheet_prefilled({"namedRanges": [{"name": PREFILLED_MARK}]})
    assert not is_sheet_prefilled({})


def test_a_short_grid_gets_rows_first() -> None:
    requests = sheet_prefill_requests(0, template_rows(), PREFILL, row_count=10)
    grow = requests[0]["appendDimension"]
    assert grow == {"sheetId": 0, "dimension": "ROWS", "length": len(template_rows()) + 5 - 10}


def test_the_form_tab_is_the_first_not_private() -> None:
    private = SheetTab(1, "Private notes", [["x"]], 10)
    form = SheetTab(2, "1:1", [["Wins", "a"]], 10)
    assert form_tab((private, form)) == form
    assert form_tab((private,)) is None

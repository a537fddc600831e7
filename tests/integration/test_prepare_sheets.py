"""The Sheet form end to end on the emulator (``program.yaml: template: sheet``): prepare gives
each rep a prefilled Sheet in their folder (no Doc), private to them and their manager; a rep
fills it in through the Sheets API; remind and collect read it into the same submission as a
Doc; the next week's sheet carries the commitments over."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from service.domain.tracker_layout import ENERGY, THIS_WEEK
from service.domain.week import Week
from service.errors import NotFoundError
from service.google import tags
from service.google.drive import find_files, week_docs
from service.google.sheet_docs import SHEET_MIME, read_sheet_doc
from service.jobs.base import Deps, TeamReport
from service.jobs.collect.job import collect_team
from service.jobs.collect.rep_doc_read import read_rep_doc
from service.jobs.install.job import install
from service.jobs.install.templates import find_templates
from service.jobs.prepare.docs import PREFILLED
from service.jobs.remind.job import remind_team
from tests.integration.docs_builders import make_deps, prepare, rep_email, trash_ledger
from workspace_emulator.core.server import Emulator

WEEK = Week.of(date.today()).next().next()  # its deadline (Friday before) is still ahead
PREPARED = datetime(*WEEK.previous().day("THU").timetuple()[:3], 13, tzinfo=UTC)  # Thu 09:00 NY
REMINDED = datetime(*WEEK.previous().friday.timetuple()[:3], 16, tzinfo=UTC)  # Fri 12:00 NY
COLLECTED = datetime(*WEEK.previous().friday.timetuple()[:3], 21, tzinfo=UTC)  # Fri 16:00 NY
FORMULA = '=IMPORTRANGE("https://docs.google.com/spreadsheets/d/x","A1")'
TAG = "sheet1"
Prepared = tuple[Deps, TeamReport, dict[str, Any], int]


@pytest.fixture(scope="module")
def prepared(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    deps = make_deps(
        emulator, tmp_path_factory.mktemp("config"), TAG, program={"template": "sheet"}
    )
    assert install(deps, PREPARED).ok
    report, links, calls = prepare(deps, WEEK, PREPARED)
    return deps, report, links, calls


def _form(deps: Deps, user: str, sheet_id: str) -> list[list[str]]:
    return read_sheet_doc(deps.gateway, user, sheet_id).tabs[0].rows


def fill_in(deps: Deps, rep: str, sheet_id: str, answers: dict[str, str]) -> None:
    """The rep types into their sheet (one values.batchUpdate RAW, as the rep): an answer in
    column B of the row whose column A is the key of ``answers``."""
    rows = _form(deps, rep, sheet_id)
    at = {}
    for number, row in enumerate(rows, start=1):
        if row and row[0] not in at:
            at[row[0]] = number
    data = [{"range": f"'1:1'!B{at[title]}", "values": [[text]]} for title, text in answers.items()]
    values = deps.gateway.client("sheets", rep).spreadsheets().values()
    body = {"valueInputOption": "RAW", "data": data}
    deps.gateway.execute(values.batchUpdate(spreadsheetId=sheet_id, body=body), rep, "rep edit")


ANSWERS = {
    "Wins": FORMULA,
    "Challenges": "pricing",
    "Deal & Pipeline Updates": "3 deals",
    "Energy": "2",
    "Plan of Attack for Next Week": "call Globex",
    "Rep": "book 5 demos",
    "Manager": "join the Acme call",
}


def test_ten_sheets_then_a_rerun_makes_none(prepared: Prepared) -> None:
    deps, report, links, calls = prepared
    team = deps.teams[0]
    assert report.counts["docs_created"] == 10 and report.counts["docs_prefilled"] == 10
    assert calls <= 4 * 10 + 10 + 3 * 10 + 2, calls  # as for docs, coach notes included
    print(f"prepare (sheet form): {calls} API calls for 10 reps, first run")
    files = week_docs(deps.gateway, team.manager.email, team.id, WEEK.label)
    assert len(files) == 10
    assert {f["mimeType"] for f in files.values()} == {SHEET_MIME}
    assert all(f["appProperties"][tags.FORM] == tags.FORM_SHEET for f in files.values())
    assert not any(PREFILLED in f["appProperties"] for f in files.values())  # the ledger's
    again, links_again, calls_again = prepare(deps, WEEK, PREPARED)
    assert again.counts == {"docs_kept": 10}
    assert links_again == links and calls_again == 2  # the list, the read ledger
    assert {link.mime_type for link in links.values()} == {SHEET_MIME}  # the invite's attachment
    print(f"prepare (sheet form): {calls_again} API call for 10 reps, re-run")


def test_a_rep_opens_their_own_sheet_only(prepared: Prepared) -> None:
    deps, _report, links, _calls = prepared
    gw, team = deps.gateway, deps.teams[0]
    avery, blake = rep_email("avery", TAG), rep_email("blake", TAG)
    assert _form(deps, avery, links[avery].file_id)
    with pytest.raises(NotFoundError):
        read_sheet_doc(gw, avery, links[blake].file_id)
    with pytest.raises(NotFoundError):
        gw.execute(gw.client("drive", avery).files().get(fileId=links[blake].file_id), avery, "")
    assert team.director is not None
    with pytest.raises(NotFoundError):
        read_sheet_doc(gw, team.director.email, links[avery].file_id)
    file = gw.execute(
        gw.client("drive", team.manager.email)
        .files()
        .get(fileId=links[avery].file_id, fields="owners,permissions,parents"),
        team.manager.email,
        "sheet",
    )
    assert file["owners"][0]["emailAddress"] == team.manager.email
    assert {p["emailAddress"] for p in file["permissions"]} == {team.manager.email}
    query = tags.drive_query(kind=tags.KIND_REP_FOLDER, rep=avery)
    folders = find_files(gw, team.manager.email, query, fields="id")
    assert file["parents"] == [folders[0]["id"]]


def test_the_prepared_sheet_reads_empty_with_metrics(prepared: Prepared) -> None:
    deps, _report, links, _calls = prepared
    avery = rep_email("avery", TAG)
    file = {"id": links[avery].file_id, "mimeType": SHEET_MIME}
    parsed = read_rep_doc(deps.gateway, avery, file)
    assert {k for k, s in parsed.sections.items() if s.text} == {"key_metrics"}
    assert parsed.warnings == () and parsed.complete is False
    rows = parsed.sections["key_metrics"].items
    assert rows[0] == "Metric | Goal | Actual | Pace to goal"
    assert rows[1].startswith("Pipeline created | $120,000 | $60,000 | ")
    grid = str(_form(deps, avery, links[avery].file_id))
    assert "{{" not in grid and "Avery Rep" in grid and f"week of {WEEK}" in grid


def test_a_crash_after_the_copy_or_the_prefill_converges(
    emulator: Emulator, tmp_path_factory: pytest.TempPathFactory
) -> None:
    deps = make_deps(
        emulator, tmp_path_factory.mktemp("c"), "sheet2", program={"template": "sheet"}
    )
    assert install(deps, PREPARED).ok
    _report, links, _calls = prepare(deps, WEEK, PREPARED)
    gw, team = deps.gateway, deps.teams[0]
    manager = team.manager.email
    avery, blake = team.reps[0].email, team.reps[1].email
    drive = gw.client("drive", manager)
    # Crash 1: every prefill ran but the read ledger was never saved.
    trash_ledger(deps)
    # Crash 2: Avery's sheet was copied (tagged) but never prefilled.
    meta = gw.execute(drive.files().get(fileId=links[avery].file_id, fields="parents"), manager, "")
    gw.execute(drive.files().delete(fileId=links[avery].file_id), manager, "delete")
    template = find_templates(deps, deps.teams[0])["ae_sheet"]
    app = tags.tags(kind=tags.KIND_REP_DOC, team=team.id, rep=avery, week=WEEK.label)
    body = {"name": "x", "parents": meta["parents"], "appProperties": app}
    copy = gw.execute(drive.files().copy(fileId=template.file_id, body=body), manager, "copy")

    again, links, _calls = prepare(deps, WEEK, PREPARED)
    assert again.counts.get("docs_created", 0) == 0
    assert again.counts["docs_prefilled"] == 1  # Avery's; the others were only recorded
    assert links[avery].file_id == copy["id"]
    for rep in (avery, blake):
        file = {"id": links[rep].file_id, "mimeType": SHEET_MIME}
        parsed = read_rep_doc(gw, rep, file)
        assert len(parsed.sections["key_metrics"].items) == 4, rep  # one block, not two
    assert prepare(deps, WEEK, PREPARED)[0].counts == {"docs_kept": 10}


def test_a_rep_fills_in_the_sheet_then_remind_collect_and_next_week(prepared: Prepared) -> None:
    deps, _report, links, _calls = prepared
    gw, team = deps.gateway, deps.teams[0]
    avery, blake = rep_email("avery", TAG), rep_email("blake", TAG)
    fill_in(deps, avery, links[avery].file_id, ANSWERS)
    fill_in(deps, blake, links[blake].file_id, ANSWERS | {"Energy": "4", "Wins": "Closed Acme"})

    nudges = remind_team(deps, team, REMINDED)
    assert nudges.counts == {"complete": 2, "reminded": 8}

    before = gw.counter.total
    report = collect_team(deps, team, COLLECTED)
    calls = gw.counter.total - before
    print(f"collect (sheet form): {calls} API calls for 10 reps (first run, tracker created)")
    assert report.error is None and report.counts["tracker_rows"] == 10
    assert report.counts["on_time"] == 2 and report.counts["missing"] == 8
    row = _tracker_row(deps, avery)
    assert row["Status"] == "on time" and row[ENERGY] == 2 and row["Complete"] == "yes"
    assert row["Wins"] == FORMULA  # stays text: the rep typed it, the tracker shows it
    assert str(row["Flags"]).startswith("low energy")
    assert _tracker_row(deps, blake)[ENERGY] == 4
    before = gw.counter.total
    collect_team(deps, team, COLLECTED)
    print(f"collect (sheet form): {gw.counter.total - before} API calls for 10 reps (re-run)")

    later = WEEK.next()
    report, next_links, _calls = prepare(deps, later, PREPARED + timedelta(days=7))
    assert report.counts["docs_created"] == 10
    sheet = {"id": next_links[avery].file_id, "mimeType": SHEET_MIME}
    parsed = read_rep_doc(gw, avery, sheet)
    assert [(c.text, c.done) for c in parsed.commitments] == [
        ("Rep: book 5 demos", False),
        ("Manager: join the Acme call", False),
    ]
    assert {k for k, s in parsed.sections.items() if s.text} == {"key_metrics", "commitments"}
    rows = _form(deps, avery, sheet["id"])
    assert f"Last doc: {links[avery].url}" in str(rows)
    # The rep marks the first carried commitment kept in the Done column.
    at = next(n for n, row in enumerate(rows, 1) if row[1:2] == ["Rep: book 5 demos"])
    values = gw.client("sheets", avery).spreadsheets().values()
    body = {"values": [["x"]]}
    request = values.update(
        spreadsheetId=sheet["id"], range=f"'1:1'!C{at}", valueInputOption="RAW", body=body
    )
    gw.execute(request, avery, "rep marks done")
    parsed = read_rep_doc(gw, team.manager.email, sheet)
    assert [c.done for c in parsed.commitments] == [True, False]


def _tracker_row(deps: Deps, rep: str) -> dict[str, Any]:
    gw, team = deps.gateway, deps.teams[0]
    manager = team.manager.email
    (tracker,) = find_files(gw, manager, tags.drive_query(kind=tags.KIND_TRACKER, team=team.id))
    values = gw.client("sheets", manager).spreadsheets().values()
    request = values.get(
        spreadsheetId=tracker["id"], range="'This Week'!A1:Z", valueRenderOption="FORMULA"
    )
    table = gw.execute(request, manager, "tracker")["values"]
    assert table[0] == THIS_WEEK.headers
    email = table[0].index("Email")
    (row,) = [r for r in table[1:] if r[email] == rep]
    return dict(zip(table[0], row + [""] * (len(table[0]) - len(row)), strict=True))

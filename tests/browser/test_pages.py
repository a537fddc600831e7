"""What a person sees, in a real browser: the emulator's calendar week, a rep's doc, the
tracker and the roll-up after the demo, and the service's /status page."""

from __future__ import annotations

import html
import re
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from werkzeug.serving import make_server

from service.settings import load_config
from service.web import create_app
from tests.browser.conftest import ROOT, Browser
from workspace_emulator.core.server import Emulator

Demo = tuple[Emulator, dict[str, object]]


def at(emulator: Emulator, url: object) -> str:
    """A URL the demo printed, on the emulator now serving its state."""
    return emulator.base_url + urlsplit(str(url)).path


def rows_of(dom: str, table_after: str) -> list[str]:
    section = dom[dom.index(table_after) :]
    table = section[: section.index("</table>")]
    return re.findall(r"<tr[^>]*>.*?</tr>", table, flags=re.S)


def texts(row: str) -> list[str]:
    """The text of each cell of a table row, as a person reads it."""
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
    return [html.unescape(re.sub("<[^>]+>", "", c)).strip() for c in cells]


PACE = re.compile(r"^\d+% of goal, \d+% of month gone · (ahead|on pace|behind|too early to tell)$")


def test_the_tracker_reads_at_a_glance(browser: Browser, demo: Demo) -> None:
    emulator, counts = demo
    url = at(emulator, counts["tracker_url"])
    dom = browser.dom(url)
    browser.screenshot(url, "tracker")
    rows = rows_of(dom, ">This Week</h3>")
    header = texts(rows[0])
    first_screen = ["Rep", "Status", "Energy (1-5)", "Pace", "Flags", "Risks/Challenges", "Wins"]
    assert header[: len(first_screen)] == first_screen
    assert "frozen" in rows[0]  # the header stays in view
    assert 'class="noted"' in rows[0] and "mean over their key metrics" in rows[0]  # Pace's note
    section = dom[dom.index(">This Week</h3>") :]
    widths = [int(w) for w in re.findall(r'<col style="width:(\d+)px">', section[:5000])]
    assert sum(widths[: len(first_screen)]) <= 1400  # what a manager scans fits one screen
    reps = [r for r in rows[1:] if texts(r)[0]]
    heights = [int(re.findall(r'style="height:(\d+)px"', r)[0]) for r in reps]
    assert reps and max(heights) <= 21  # a long answer is one clipped line, not a tall row
    assert all('class="clip"' in r for r in reps)
    paces = [texts(r)[header.index("Pace")] for r in reps]
    assert all(PACE.match(p) for p in paces if p), paces  # the doc's words, not a ratio
    assert len(rows) - 1 == len(reps)  # the rows drawn hold reps; then the grid's margin:
    assert "3 empty rows below" in section[: section.index("</table>") + 200]  # not a screen
    late = [r for r in rows[1:] if ">late<" in r]
    assert late and all("background-color:#ffe5b2" in r for r in late)  # amber, as in Sheets
    on_time = [r for r in rows[1:] if ">on time<" in r and "low energy" not in r]
    assert on_time and not any("background-color" in r for r in on_time)
    low = [r for r in rows[1:] if "low energy" in r]
    assert low and all("background-color:#f4cccc" in r for r in low)  # energy <= 2 in red
    doc_links = re.findall(r'<a href="([^"]+)">Open doc</a>', dom)
    assert len(doc_links) >= len(rows) - 1 - dom.count(">missing<")
    followed = browser.dom(at(emulator, doc_links[0]))
    assert "Key Metrics &amp; Pacing" in followed and "Who can open it" in followed
    last = re.findall(r'<a href="([^"]+)">Last week&#39;s doc</a>', dom) or re.findall(
        r'<a href="([^"]+)">Last week\'s doc</a>', dom
    )
    assert last, "last week's doc is a link"
    before = browser.dom(at(emulator, last[0]))
    assert "1:1 Self-Management" in before and "Key Metrics &amp; Pacing" in before
    # The 1:1's time opens the event in the manager's calendar week, as Calendar would.
    first = reps[0]
    event = re.search(r'<a href="(/view/event/[^"]+)">\d{4}-\d\d-\d\d \d\d:\d\d</a>', first)
    assert event, "the 1:1 cell links its Calendar event"
    week = browser.dom(emulator.base_url + event.group(1))
    shown = re.search(r'<li class="cal-event cal-shown">(.*?)</ul></li>', week, flags=re.S)
    assert shown and texts(first)[0] in shown.group(1)  # the rep's own 1:1, marked


def test_the_dashboard_counts_reps_by_pace_verdict(browser: Browser, demo: Demo) -> None:
    emulator, counts = demo
    dom = browser.dom(at(emulator, counts["tracker_url"]))
    board = dom[dom.index(">Dashboard</h3>") :]
    assert board.count("<svg") >= 4  # the four native charts are drawn
    assert "Pace this week (reps ahead, on pace, behind)" in board
    assert '<text class="legend"' in board and ">1:1s held</text>" in board  # series named
    table = {texts(r)[0]: texts(r)[1] for r in rows_of(dom, ">Dashboard</h3>")[1:]}
    this_week = rows_of(dom, ">This Week</h3>")
    column = texts(this_week[0]).index("Pace")
    verdicts = [texts(r)[column].rsplit("· ", 1)[-1] for r in this_week[1:] if texts(r)[0]]
    for verdict in ("ahead", "on pace", "behind"):
        assert table[verdict] == str(verdicts.count(verdict)), (verdict, table)


def test_a_managers_week_links_each_1on1_to_its_doc(browser: Browser, demo: Demo) -> None:
    emulator, _counts = demo
    index = browser.dom(emulator.base_url + "/")
    link = re.search(r'href="(/view/calendar/morgan\.manager@example\.com\?week=[\d-]+)"', index)
    assert link, "the overview links the manager's calendar at a week with events"
    url = emulator.base_url + link.group(1).replace("&amp;", "&")
    dom = browser.dom(url)
    browser.screenshot(url, "calendar")
    # East AEs: 10 reps, one of them biweekly and one monthly, so 8 to 10 1:1s a week.
    assert dom.count("1:1 ") >= 8
    docs = re.findall(r'class="cal-doc" href="([^"]+)"', dom)
    assert len(docs) >= 8 and all("/view/file/" in d for d in docs)
    assert len(re.findall(r'class="cal-meet" href="https://meet\.google\.com/', dom)) >= 8
    assert "✓" in dom or "…" in dom  # each guest's answer is shown


def test_a_reps_doc_says_who_can_open_it(browser: Browser, demo: Demo) -> None:
    emulator, _counts = demo
    index = browser.dom(emulator.base_url + "/")
    doc = re.search(r'href="(/view/file/[^"]+)">1:1 Self-Management - Avery Adams', index)
    assert doc, "the Drive tree lists Avery's doc"
    url = emulator.base_url + doc.group(1)
    dom = browser.dom(url)
    browser.screenshot(url, "rep-doc")
    shared = dom[dom.index("Who can open it") : dom.index("</ul>", dom.index("Who can open it"))]
    assert "morgan.manager@example.com (owner)" in shared
    assert "avery.adams@example.com (writer)" in shared and "through the folder" in shared
    assert "admin" not in shared and "dana.director" not in shared
    for heading in ("Key Metrics &amp; Pacing", "Wins", "Plan of Attack for Next Week"):
        assert heading in dom


def test_the_drive_tree_and_the_rollup(browser: Browser, demo: Demo) -> None:
    emulator, _counts = demo
    index = browser.dom(emulator.base_url + "/")
    browser.screenshot(emulator.base_url + "/", "overview")
    assert 'class="folder"' in index and "1:1s - East AEs" in index
    sheets = index[index.index(">Spreadsheets</h3>") : index.index(">Calendars</h3>")]
    assert "1:1 Tracker - East AEs" in sheets and "1:1 Roll-up" in sheets  # first on the page
    rollup = re.search(r'href="(/view/file/[^"]+)">1:1 Roll-up', index)
    assert rollup, "the director's roll-up is in Drive"
    dom = browser.dom(emulator.base_url + rollup.group(1))
    browser.screenshot(emulator.base_url + rollup.group(1), "rollup")
    assert "dana.director@example.com (owner)" in dom
    assert ">Teams</h3>" in dom
    teams = rows_of(dom, ">Teams</h3>")
    header = texts(teams[0])
    assert "of the week before" in teams[0]  # the 1:1 figures say which week they are
    gaps = [texts(r)[header.index("Completion vs goal")] for r in teams[1:] if texts(r)[0]]
    assert gaps and all(re.match(r"^([+-]\d+%|0%|—)?$", g) for g in gaps), gaps  # "+10%"


@contextmanager
def _served(demo: Demo, config: Path) -> Iterator[str]:
    """The service on loopback against the demo's Workspace (no scheduler)."""
    emulator, _counts = demo
    shutil.copytree(ROOT / "config" / "example", config)
    google = {
        "auth": {"mode": "service_account", "key_file": str(emulator.service_account_file)},
        "endpoint": emulator.base_url,
    }
    (config / "google.yaml").write_text(yaml.safe_dump(google))
    server = make_server("127.0.0.1", 0, create_app(load_config(config)), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture
def served_status(demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The service on loopback against the demo's Workspace, with one collect run by hand."""
    monkeypatch.setenv("ONEONONE_TASK_SECRET", "s3cret")
    with _served(demo, tmp_path / "config") as base:
        request = urllib.request.Request(
            base + "/tasks/collect", method="POST", headers={"X-Oneonone-Task-Secret": "s3cret"}
        )
        with urllib.request.urlopen(request, timeout=300) as answer:
            assert answer.status == 200
        yield base


def test_status_after_the_demo_shows_the_demos_runs(
    browser: Browser, demo: Demo, tmp_path: Path
) -> None:
    """A new user runs the demo, then `serve`: /status tells what the demo's jobs did."""
    with _served(demo, tmp_path / "config") as base:
        dom = browser.dom(base + "/status")
    rows = rows_of(dom, "<table")
    for team in ("East AEs", "Central AEs", "EMEA AEs"):
        for job in ("prepare", "remind", "collect"):
            row = next((r for r in rows if team in r and f">{job}<" in r), None)
            assert row is not None, (team, job)
            assert "never run" not in row, (team, job)


def test_the_status_page_masks_people_for_strangers(browser: Browser, served_status: str) -> None:
    dom = browser.dom(served_status + "/status")
    browser.screenshot(served_status + "/status", "status")
    rows = rows_of(dom, "<table")
    collect = next(r for r in rows if "East AEs" in r and ">collect<" in r)
    assert "never run" not in collect  # the run just made
    # Times in the team's zone as a person writes them, what a run did in words.
    assert re.search(
        r"<td>(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d\d:\d\d E[SD]T</td>", collect
    )
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", dom)  # no ISO stamp left
    assert "tracker rows" in collect and "tracker_rows" not in collect
    assert not re.search(r"[a-z]{2,}\.[a-z]+@example\.com", dom)  # no address in full

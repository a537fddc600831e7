"""Links in stored content open something in the emulator's HTML view: its own pages on the port
it serves now, a Calendar event link at the event's week."""

from __future__ import annotations

from workspace_emulator.calendar.store import html_link
from workspace_emulator.core.links import event_of, local_href


def test_the_emulators_own_pages_open_on_any_port() -> None:
    assert local_href("http://127.0.0.1:8765/view/file/abc") == "/view/file/abc"
    assert local_href("http://localhost:9/view/calendar/a@b.c?week=2026-12-14") == (
        "/view/calendar/a@b.c?week=2026-12-14"
    )
    assert local_href("https://docs.google.com/document/d/x/edit") == (
        "https://docs.google.com/document/d/x/edit"
    )  # real Google's links are left alone
    assert (
        local_href("https://meet.google.com/abc-defg-hij") == "https://meet.google.com/abc-defg-hij"
    )


def test_an_event_link_names_its_event_and_calendar() -> None:
    link = html_link("ev123", "morgan.manager@example.com")
    href = local_href(link)
    assert href.startswith("/view/event/")
    assert event_of(href.rsplit("/", 1)[1]) == ("ev123", "morgan.manager@example.com")
    assert event_of("not base64!") is None and event_of("YWJj") is None  # "abc": no calendar

"""Hostile HTTP requests to the service (issue 13): the dry-run flag is never misread, the
job name never forges a log line, and /status masks every address-like string."""

from __future__ import annotations

import json
import logging

import pytest
from flask import Flask

from service.jobs import registry
from service.web.status import masked
from tests.unit.test_web import CALLS, app, config, run_log  # noqa: F401 - fixtures

AUTH = {"X-Oneonone-Task-Secret": "s3cret"}

SPELLINGS = [
    ("1", True), ("true", True), ("TRUE", True), ("True", True), ("yes", True), ("YES", True),
    ("Yes", True), ("on", True), ("ON", True), ("0", False), ("false", False),
    ("FALSE", False), ("no", False), ("No", False), ("off", False), ("OFF", False),
]  # fmt: skip


@pytest.mark.parametrize(("value", "dry"), SPELLINGS)
def test_dry_run_accepts_the_usual_spellings(app: Flask, value: str, dry: bool) -> None:  # noqa: F811
    response = app.test_client().post(f"/tasks/prepare?dry_run={value}", headers=AUTH)
    assert response.status_code == 200
    assert response.get_json()["dry_run"] is dry
    counts = response.get_json()["teams"][0]["counts"]
    assert ("dry_run" in counts) is dry


REFUSED = ["", "2", "-1", "1.0", "tru", "t", "y", "n", "yes please", "null", "none", "ja",
           "%20true", "true%0a", "%00", "✓", "1,0", "truefalse"]  # fmt: skip


@pytest.mark.parametrize("value", REFUSED)
def test_dry_run_refuses_anything_else_before_running(app: Flask, value: str) -> None:  # noqa: F811
    response = app.test_client().post(f"/tasks/prepare?dry_run={value}", headers=AUTH)
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("dry_run: ")
    assert CALLS == []


@pytest.mark.parametrize("value", ["", "2", "maybe", "1,0"])
def test_rollups_refuses_anything_but_a_flag_before_running(app: Flask, value: str) -> None:  # noqa: F811
    response = app.test_client().post(f"/tasks/collect?rollups={value}", headers=AUTH)
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("rollups: ")
    assert CALLS == []


def test_dry_run_given_twice_must_agree(app: Flask) -> None:  # noqa: F811
    client = app.test_client()
    assert client.post("/tasks/prepare?dry_run=1&dry_run=0", headers=AUTH).status_code == 400
    assert CALLS == []
    response = client.post("/tasks/prepare?dry_run=yes&dry_run=ON", headers=AUTH)
    assert response.status_code == 200 and response.get_json()["dry_run"] is True


FORGED = ["prepare%0aINFO%20forged%20line", "x%0d%0aforged", "%1b[31mforged", "forged%00x",
          "prepare%E2%80%A8forged"]  # fmt: skip


@pytest.mark.parametrize("job", FORGED)
@pytest.mark.parametrize("authenticated", [False, True])
def test_a_job_name_never_reaches_the_log_raw(
    app: Flask,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
    job: str,
    authenticated: bool,
) -> None:
    caplog.set_level(logging.DEBUG)
    response = app.test_client().post(f"/tasks/{job}", headers=AUTH if authenticated else {})
    assert response.status_code == (404 if authenticated else 401)
    for record in caplog.records:
        text = record.getMessage()
        assert "forged" not in text, text
        assert not any(ch in text for ch in "\r\n\x1b\x00\u2028"), text
    assert CALLS == []


# (address as written, what the anonymous view may show)
ODD_ADDRESSES = [
    ("_zed.zed@example.com", "_…@example.com"),
    ("yan!oz@example.com", "y…@example.com"),
    ("o'brien@example.com", "o…@example.com"),
    ("a+tag@example.com", "a…@example.com"),
    ("first.last@sub.example.co.uk", "f…@sub.example.co.uk"),
    ('"john doe"@example.com', '"…@example.com'),
    ("josé.álvarez@example.com", "j…@example.com"),
    ("#hash@example.com", "#…@example.com"),
    ("{curly}@example.com", "{…@example.com"),
    ("-dash-@example.com", "-…@example.com"),
    ("x@[127.0.0.1]", "x…@[127.0.0.1]"),
    ("bob@localhost", "b…@localhost"),
    ("alice@bob.smith@example.com", "a…@example.com"),
    ("mailto:mallory@example.com", "mailto:m…@example.com"),
    ("<trent@example.com>,", "<t…@example.com>,"),
    ("BOB.BIG@EXAMPLE.COM.", "B…@EXAMPLE.COM."),
    ("bob%relay@relay.example.com", "b…@relay.example.com"),
    ("a/b=c?d@example.com", "a…@example.com"),
]


@pytest.mark.parametrize(("address", "shown"), ODD_ADDRESSES)
def test_every_address_like_string_is_masked(address: str, shown: str) -> None:
    text = f"{address}: no metrics in the source"
    assert masked(text) == f"{shown}: no metrics in the source"
    assert masked({"w": [text]}) == {"w": [f"{shown}: no metrics in the source"]}


def test_status_masks_odd_addresses_over_http(
    app: Flask,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(registry.JOBS, "remind", ("tests.unit.test_web_hostile", "odd_error"))
    client = app.test_client()
    assert client.post("/tasks/remind", headers=AUTH).status_code == 500
    anonymous = json.dumps(client.get("/status?format=json").get_json(), ensure_ascii=False)
    page = client.get("/status").get_data(as_text=True)
    for address, _shown in ODD_ADDRESSES:
        local = address.split("@")[0]
        for view in (anonymous, page):
            assert len(local) < 2 or f"{local[1:]}@" not in view.replace("&#34;", '"').replace(
                "&#39;", "'"
            ), local
    admin = client.get("/status?format=json", headers=AUTH).get_data(as_text=True)
    assert "yan!oz@example.com" in admin


def odd_error(deps, team, now):  # type: ignore[no-untyped-def]
    from service.jobs.base import TeamReport

    report = TeamReport(job="remind", team=team.id, week="2026-11-30")
    report.error = "cannot act as " + " ".join(address for address, _ in ODD_ADDRESSES)
    return report


def test_a_week_at_the_ends_of_the_calendar_is_refused_with_400(app: Flask) -> None:  # noqa: F811
    client = app.test_client()
    for week in ("9999-12-27", "0001-01-01"):
        answer = client.post(f"/tasks/collect?week={week}", headers=AUTH)
        assert answer.status_code == 400, answer.get_data(as_text=True)
        assert "outside the years 2000-2999" in answer.get_json()["error"]

"""Hostile HTTP requests to the service (issue 13): the dry-run flag is never misread, the
job name never forges a log line."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

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

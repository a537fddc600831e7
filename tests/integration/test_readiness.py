"""``/readyz`` against the emulator's token endpoint: ready with working configuration and
credentials; 503 with a reason (no value, key or address in it) while either is broken or
the service is shutting down; ready again once fixed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from flask import Flask

from service.run_log import MemoryRunLog
from service.settings import load_config
from service.web import create_app
from service.web.app import runtime_of
from service.web.readiness import readiness_of
from workspace_emulator.core.server import Emulator

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"


@pytest.fixture
def app(tmp_path: Path, emulator: Emulator) -> Flask:
    config = tmp_path / "config"
    shutil.copytree(EXAMPLE, config)
    shutil.copy(emulator.service_account_file, config / "service-account.json")
    google = yaml.safe_load((config / "google.yaml").read_text())
    google["endpoint"] = emulator.base_url
    (config / "google.yaml").write_text(yaml.safe_dump(google))
    (config / "service.yaml").write_text(
        yaml.safe_dump({"status_file": None, "scheduler_lock": str(tmp_path / "lock")})
    )
    app = create_app(load_config(config), run_log=MemoryRunLog())
    readiness_of(app).ttl = 0  # check on every probe here
    return app


def probe(app: Flask) -> tuple[int, str]:
    response = app.test_client().get("/readyz")
    body = response.get_json()
    return response.status_code, body.get("reason", "")


def test_ready_with_working_configuration_and_credentials(app: Flask) -> None:
    assert probe(app) == (200, "")


def test_broken_configuration_is_not_ready_and_names_no_value(app: Flask) -> None:
    org_file = runtime_of(app).config.directory / "org.yaml"
    good = org_file.read_text()
    org_file.write_text(good.replace("avery.adams@example.com", "avery.adams@"))
    code, reason = probe(app)
    assert code == 503
    assert reason.startswith("configuration:") and "org.yaml" in reason
    assert "avery" not in reason and "@" not in reason
    org_file.write_text(good)
    assert probe(app) == (200, "")


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("delete", "missing"),
        ("garble", "cannot be read"),
        ("other key", "refused"),  # a well-formed key the token endpoint does not know
    ],
)
def test_broken_credentials_are_not_ready(
    app: Flask, emulator: Emulator, tmp_path: Path, damage: str, expected: str
) -> None:
    key_file = runtime_of(app).config.directory / "service-account.json"
    good = key_file.read_text()
    assert probe(app) == (200, "")  # a token is had and kept; the file changes under it
    if damage == "delete":
        key_file.unlink()
    elif damage == "garble":
        key_file.write_text("{not json")
    else:
        from tests.helpers import write_fake_service_account

        token_uri = yaml.safe_load(good)["token_uri"]
        write_fake_service_account(key_file, token_uri=token_uri)
    code, reason = probe(app)
    assert code == 503 and reason.startswith("credentials:") and expected in reason, reason
    assert "PRIVATE KEY" not in reason and "@" not in reason
    key_file.write_text(good)
    assert probe(app) == (200, "")


def test_not_ready_while_shutting_down(app: Flask) -> None:
    runtime_of(app).lifecycle.draining.set()
    assert probe(app) == (503, "shutting down")
    assert app.test_client().get("/healthz").status_code == 200  # alive all the same

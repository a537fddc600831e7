"""`oneonone parse-doc FILE` through a real process: JSON out for docs, exit 2 for the rest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixture_paths import RECORDINGS
from tests.unit import doc_builder as db
from tests.unit.doc_corpus import FILLED_ITEMS, template

FIXTURES = sorted(RECORDINGS.glob("docs-*/*.json"))
CONTRACT_KEYS = ["sections", "energy", "missing", "complete", "commitments", "warnings"]


def parse_doc(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", "parse-doc", str(path)],
        capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
    )  # fmt: skip


def test_filled_doc(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(db.document(template())), encoding="utf-8")
    done = parse_doc(path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert list(result) == CONTRACT_KEYS
    assert result["complete"] is True and result["energy"] == 4
    assert result["sections"]["wins"]["items"] == FILLED_ITEMS["wins"]


def test_output_keeps_non_ascii(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(db.document([db.H("Wins"), db.P("Café 🎉")])), encoding="utf-8")
    done = parse_doc(path)
    assert done.returncode == 0, done.stderr
    assert "Café 🎉" in done.stdout


def test_empty_tabs_doc(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(db.tabbed_document([db.TabSpec("Tab 1", [])])))
    done = parse_doc(path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["complete"] is False


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_recorded_docs(path: Path) -> None:
    done = parse_doc(path)
    assert done.returncode == 0, done.stderr
    assert list(json.loads(done.stdout)) == CONTRACT_KEYS


NOT_DOCS = {
    "not_json.json": "this is not json {",
    "array.json": "[1, 2, 3]",
    "string.json": '"body"',
    "sheet.json": '{"spreadsheetId": "abc", "sheets": []}',
    "bad_body.json": '{"body": "text"}',
    "bad_tabs.json": '{"tabs": {"a": 1}}',
    "empty.json": "",
    "nested.json": '{"body": ' + "[" * 1800 + "]" * 1800 + "}",
}


@pytest.mark.parametrize("name", sorted(NOT_DOCS))
def test_not_a_document(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(NOT_DOCS[name], encoding="utf-8")
    done = parse_doc(path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "parse-doc" in done.stderr


def test_missing_file(tmp_path: Path) -> None:
    done = parse_doc(tmp_path / "nope.json")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"oneonone parse-doc: {tmp_path / 'nope.json'}: no such file"
    ]


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes(b"\xff\xfe\x00\x81binary")
    done = parse_doc(path)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1


def test_directory(tmp_path: Path) -> None:
    done = parse_doc(tmp_path)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1

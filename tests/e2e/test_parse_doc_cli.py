"""`oneonone parse-doc FILE` through a real process: JSON out for docs, exit 2 for the rest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixture_paths import RECORDINGS
from tests.unit import doc_builder as db
from tests.unit.doc_corpus import FILLED_ITEMS, template

FIXTURES = sorted(RECORDINGS.glob("docs-*/*.json"))
CONTRACT_KEYS = [
    "sections",
    "energy",
    "missing",
    "complete",
    "commitments",
    "warnings",
    "kudos",
    "rating",
]
ROOT = Path(__file__).resolve().parents[2]


def parse_doc(
    path: Path, *options: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "ONEONONE_CONFIG"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "service.cli", "parse-doc", *options, str(path)],
        capture_output=True, text=True, encoding="utf-8", timeout=60, check=False, cwd=cwd,
        env={**environ, "PYTHONPATH": str(ROOT)},
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


def _categorised(tmp_path: Path) -> Path:
    path = tmp_path / "doc.json"
    fill = {
        "commitments": [db.B("[Quality] Call Halcyon's CFO"), db.B("[pricing] Send deck")],
        "kudos": [db.B("Dana: great demo")],
        "rating": [db.P("How useful was our last 1:1? (1-5): -1")],
    }
    path.write_text(json.dumps(db.document(template(fill=fill))), encoding="utf-8")
    return path


def test_kudos_rating_and_categories_from_the_default_config(tmp_path: Path) -> None:
    done = parse_doc(_categorised(tmp_path))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["commitments"] == [
        {"text": "Call Halcyon's CFO", "done": False, "category": "Quality"},
        {"text": "[pricing] Send deck", "done": False, "category": None},
    ]
    assert result["kudos"] == ["Dana: great demo"] and result["rating"] is None
    assert any("[pricing] is not a coaching category" in w for w in result["warnings"])
    assert any("rating -1 is out of range" in w for w in result["warnings"])


def test_categories_from_a_directory_with_only_program_yaml(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "program.yaml").write_text("coaching_categories: [Pricing]\n", encoding="utf-8")
    for options, env in (
        (("--config", str(config)), None),
        ((), {"ONEONONE_CONFIG": str(config)}),
    ):
        done = parse_doc(_categorised(tmp_path), *options, env=env)
        assert done.returncode == 0, done.stderr
        categories = [c["category"] for c in json.loads(done.stdout)["commitments"]]
        assert categories == [None, "Pricing"]


@pytest.mark.parametrize("env", [None, {"ONEONONE_CONFIG": "no/such/dir"}])
def test_no_config_found_still_parses(tmp_path: Path, env: dict[str, str] | None) -> None:
    done = parse_doc(_categorised(tmp_path), cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["commitments"][0]["category"] == "Quality"  # the built-in categories


@pytest.mark.parametrize(
    ("program", "expected"),
    [
        (None, "configuration directory not found"),
        ("coaching_categories: [a, [b]]\n", "coaching_categories"),
        ("coaching_categories: [a\n", "cannot be read"),
    ],
)
def test_a_bad_config_is_one_line(tmp_path: Path, program: str | None, expected: str) -> None:
    config = tmp_path / "config"
    if program is not None:
        config.mkdir()
        (config / "program.yaml").write_text(program, encoding="utf-8")
    done = parse_doc(_categorised(tmp_path), "--config", str(config))
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and expected in done.stderr

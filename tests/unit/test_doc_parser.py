"""The doc parser against the corpus, the real Docs recordings, and random documents."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.domain.doc_parser import parse_document, to_submission
from service.domain.model import Commitment
from service.domain.sections import (
    REQUIRED_SECTIONS,
    SECTION_HINTS,
    SECTION_KEYS,
    SECTION_TITLES,
    match_section,
)
from service.domain.week import Week
from tests.fixture_paths import RECORDINGS
from tests.unit import doc_builder as db
from tests.unit.doc_corpus import CASES, CATEGORIES, FILLED_ITEMS, Case, template

FIXTURES = RECORDINGS
RECORDED = sorted(FIXTURES.glob("docs-*/*.json"))
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


def check(result: dict[str, Any], expect: dict[str, Any]) -> None:
    """Compare a contract object with a corpus expectation (see doc_corpus)."""
    for key, value in expect.items():
        if key == "sections":
            for name, items in value.items():
                assert result["sections"][name]["items"] == items, name
                assert result["sections"][name]["text"] == "\n".join(items), name
        elif key == "commitments":
            assert result[key] == [{"category": None, **item} for item in value]
        elif key == "absent":
            assert not set(value) & set(result["sections"])
        elif key == "warnings" and value == []:
            assert result["warnings"] == []
        elif key == "warnings":
            for fragment in value:
                assert any(fragment in w for w in result["warnings"]), (
                    fragment,
                    result["warnings"],
                )
        else:
            assert result[key] == value, key


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_corpus(case: Case) -> None:
    result = parse_document(case.doc, CATEGORIES).to_dict()
    assert list(result) == CONTRACT_KEYS
    assert result["complete"] == (not result["missing"])
    assert list(result["sections"])[: len(SECTION_KEYS)] == list(SECTION_KEYS)
    json.dumps(result)  # the contract object is plain JSON
    check(result, case.expect)


@pytest.mark.parametrize("path", RECORDED, ids=lambda p: p.name)
def test_recorded_documents_parse(path: Path) -> None:
    result = parse_document(json.loads(path.read_text())).to_dict()
    assert list(result) == CONTRACT_KEYS
    assert result["missing"] == list(REQUIRED_SECTIONS)


def test_recordings_exist() -> None:
    assert len(RECORDED) >= 8


def test_recorded_chips_suggestions_and_tabs() -> None:
    doc = json.loads(
        (FIXTURES / "docs-markkohdev/Markdown_Conversion_Example_-_Multi-Tab.json").read_text()
    )
    text = json.dumps(parse_document(doc).to_dict(), ensure_ascii=False)
    assert "Mark Koh" in text  # person chip
    assert "Markdown Conversion Example - Single-Tab" in text  # rich link chip
    assert "This is an inline suggestion" not in text  # suggested insertion
    assert "\ue907" not in text


def test_recorded_table_rows_become_items() -> None:
    doc = json.loads((FIXTURES / "docs-encoda/test-fixture-1.gdoc.json").read_text())
    sections = parse_document(doc).to_dict()["sections"]
    assert sections["tables"]["items"] == ["A | B | C", "1 | 2 | 3", "4 | 5 | 6"]


def test_section_constants_agree() -> None:
    assert list(SECTION_TITLES) == list(SECTION_HINTS) == list(SECTION_KEYS)
    assert len(SECTION_KEYS) == 14
    for key, title in SECTION_TITLES.items():
        assert match_section(title) == key


def test_to_submission_carries_categories_kudos_and_rating() -> None:
    parsed = parse_document(db.document(template(fill={
        "new_commitments": [P("Rep: [QUALITY] call Halcyon's CFO"), P("Manager: [Coaching] join")],
        "commitments": [B("Rep: [Discovery] map the org"), B("[x] Manager: [Other] intro")],
    })), CATEGORIES)  # fmt: skip
    week = Week.of(date(2025, 3, 12))
    sub = to_submission(parsed, "ana@example.com", week)
    assert sub.new_commitments == (
        Commitment("call Halcyon's CFO", "rep", False, week, "Quality"),
        Commitment("[Coaching] join", "manager", False, week, None),
    )
    assert sub.commitments == (
        Commitment("map the org", "rep", False, None, "Discovery"),
        Commitment("intro", "manager", True, None, "Other"),
    )
    assert sub.kudos == tuple(FILLED_ITEMS["kudos"]) and sub.rating == 5
    assert sub.warnings == (
        "commitment 'Manager: [Coaching] join': [Coaching] is not a coaching category "
        "(Other, Productivity, Quality, Discovery)",
    )


def test_to_submission_splits_rep_and_manager_commitments() -> None:
    parsed = parse_document(db.document(template(fill={
        "new_commitments": [P("Rep: book 5 demos"), P("Manager:"), B("join the Globex call"),
                            B("review deck")],
        "commitments": [B(db.Run("Manager: intro to CFO", strike=True)), B("Rep: send deck")],
    })))  # fmt: skip
    week = Week.of(date(2025, 3, 12))
    sub = to_submission(parsed, "ana@example.com", week)
    assert sub.rep_email == "ana@example.com" and sub.week == week
    assert sub.energy == 4 and sub.complete and sub.missing == ()
    assert sub.new_commitments == (
        Commitment("book 5 demos", "rep", False, week),
        Commitment("join the Globex call", "manager", False, week),
        Commitment("review deck", "manager", False, week),
    )
    assert sub.commitments == (
        Commitment("intro to CFO", "manager", True),
        Commitment("send deck", "rep", False),
    )
    assert sub.sections["wins"].items == tuple(FILLED_ITEMS["wins"])


P, B = db.P, db.B

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
_run = st.builds(db.Run, _text, st.booleans(), st.booleans(), st.booleans(), st.booleans(),
                 st.booleans(), st.booleans(), st.booleans())  # fmt: skip
_part = st.one_of(
    _text, _run, st.builds(db.Person, _text, _text), st.builds(db.RichLink, _text),
    st.builds(db.DateChip, _text),
)  # fmt: skip
_heading_text = st.one_of(st.sampled_from(list(SECTION_TITLES.values())), _text)
_block = st.one_of(
    st.builds(db.H, _heading_text, st.integers(0, 6)),
    st.lists(_part, max_size=4).map(lambda parts: db.P(*parts)),
    st.tuples(st.lists(_part, max_size=3), st.integers(0, 8)).map(
        lambda pl: db.B(*pl[0], level=pl[1])
    ),
    st.lists(st.lists(_part, min_size=1, max_size=3), min_size=1, max_size=3).map(
        lambda rows: db.T(*rows)
    ),
    st.just(db.HR()), st.just(db.IMG()),
)  # fmt: skip
_blocks = st.lists(_block, max_size=25)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_blocks, st.lists(st.tuples(_text, _blocks), max_size=3), st.booleans())
def test_random_documents_never_crash(
    blocks: list[db.Block], tabs: list[tuple[str, list[db.Block]]], tabbed: bool
) -> None:
    if tabbed:
        specs = [db.TabSpec(title, tab_blocks) for title, tab_blocks in tabs]
        doc = db.tabbed_document([db.TabSpec("Tab 1", blocks), *specs])
    else:
        doc = db.document(blocks)
    result = parse_document(doc).to_dict()
    assert list(result) == CONTRACT_KEYS
    assert result["complete"] == (not result["missing"])
    assert result["energy"] is None or 1 <= result["energy"] <= 5
    json.dumps(result, ensure_ascii=False)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["content", "paragraph", "elements", "textRun", "table",
                                      "tableRows", "tableCells", "textStyle", "bullet",
                                      "tabs", "documentTab", "body", "childTabs", "person",
                                      "suggestedInsertionIds", "paragraphStyle"]),
                      children, max_size=4),
    max_leaves=30,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["body", "tabs", "title"]), _json))
def test_malformed_shapes_never_crash(doc: dict[str, Any]) -> None:
    result = parse_document(doc).to_dict()
    assert list(result) == CONTRACT_KEYS

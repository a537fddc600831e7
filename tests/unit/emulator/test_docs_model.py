"""The emulator's Docs structure operations, as pure functions on document JSON.

Index rules are checked against the real ``documents.get`` recordings in
``shared/fixtures/docs-*``: recomputing every index from the tree must give back exactly
what Google sent.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fixture_paths import RECORDINGS as FIXTURES
from workspace_emulator.docs import lists, model, styles, tables
from workspace_emulator.docs.batch_update import applied, apply_requests
from workspace_emulator.docs.defaults import new_document
from workspace_emulator.docs.model import DocsError
from workspace_emulator.docs.view import (
    ACCEPTED,
    INLINE,
    WITHOUT,
    apply_view,
    iter_tabs,
    legacy_form,
    render_html,
    segments,
    to_stored,
)

RECORDINGS = sorted(FIXTURES.glob("docs-*/*.json"))


def test_the_docs_recordings_are_there() -> None:
    assert RECORDINGS, f"no Docs recordings in {FIXTURES}"


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def fresh() -> dict[str, Any]:
    """A new empty document (tabs form)."""
    return new_document("doc1", "Test", "rev1")


def body(doc: dict[str, Any]) -> list[dict[str, Any]]:
    content: list[dict[str, Any]] = doc["tabs"][0]["documentTab"]["body"]["content"]
    return content


def text_of(content: list[dict[str, Any]]) -> str:
    return "".join(model.paragraph_text(p) for p in model.all_paragraphs(content))


def with_text(text: str) -> dict[str, Any]:
    doc = fresh()
    model.insert_text(body(doc), 1, text)
    return doc


def assert_contiguous(content: list[dict[str, Any]], start: int = 0) -> int:
    """Every element starts where the previous one ended; returns the end."""
    pos = start
    for element in content:
        assert model.start_of(element) == pos
        if "paragraph" in element:
            for item in element["paragraph"]["elements"]:
                assert model.start_of(item) == pos
                pos = item["endIndex"]
            assert element["paragraph"]["elements"][-1]["textRun"]["content"].endswith("\n")
        elif "table" in element or "tableOfContents" in element:
            pos = element["endIndex"]
        else:
            pos += 1
        assert element["endIndex"] == pos
    return pos


# --- the index model against Google's recordings ------------------------------------------


@pytest.mark.parametrize("path", RECORDINGS, ids=lambda p: p.name)
def test_reindex_reproduces_googles_indexes(path: Path) -> None:
    doc = to_stored(load(path))
    for tab in iter_tabs(doc["tabs"]):
        for content in segments(tab["documentTab"]):
            again = copy.deepcopy(content)
            model.reindex(again, model.start_of(content[0]))
            assert again == content


@pytest.mark.parametrize("path", RECORDINGS, ids=lambda p: p.name)
def test_an_edit_keeps_googles_runs_elsewhere(path: Path) -> None:
    """Google splits runs on properties the API hides (two runs of equal textStyle are
    common in the recordings): paragraphs an edit does not touch keep their runs."""
    doc = to_stored(load(path))
    content = body(doc)
    first = next(p for p in content if "paragraph" in p)
    before = [copy.deepcopy(p["paragraph"]) for p in model.all_paragraphs(content)]
    added = model.insert_text(content, model.start_of(first), "Inserted 🎉 ")
    after = [p["paragraph"] for p in model.all_paragraphs(content)]
    assert added == 12 and len(after) == len(before)
    for old, new in zip(before[1:], after[1:], strict=True):
        assert [_strip_indexes(e) for e in old["elements"]] == [
            _strip_indexes(e) for e in new["elements"]
        ]
    assert_contiguous(content)


def _strip_indexes(element: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in element.items() if k not in ("startIndex", "endIndex")}


@pytest.mark.parametrize("path", RECORDINGS, ids=lambda p: p.name)
def test_forms_round_trip(path: Path) -> None:
    assert round_trip_differences(path) == []


def round_trip_differences(path: Path) -> list[str]:
    """The recorded document into the stored (tabs) form and back to its own form: the
    top-level fields that differ from the recording."""
    original = load(path)
    stored = to_stored(original)
    back = stored if "tabs" in original else legacy_form(stored)
    return sorted(k for k in set(back) | set(original) if back.get(k) != original.get(k))


def test_new_document_is_a_section_break_and_an_empty_paragraph() -> None:
    content = body(fresh())
    assert [list(e)[-1] for e in content] == ["sectionBreak", "paragraph"]
    assert "startIndex" not in content[0] and content[0]["endIndex"] == 1
    assert (content[1]["startIndex"], content[1]["endIndex"]) == (1, 2)
    assert content[1]["paragraph"]["elements"][0]["textRun"]["content"] == "\n"


# --- insertText ---------------------------------------------------------------------------


def test_insert_makes_paragraphs_that_inherit_the_paragraph_style() -> None:
    doc = fresh()
    content = body(doc)
    styles.update_paragraph_style(content, 1, 1, {"namedStyleType": "HEADING_2"}, "*")
    added = model.insert_text(content, 1, "Wins\nBig deal\n")
    assert added == 14
    paragraphs = list(model.all_paragraphs(content))
    assert [model.paragraph_text(p) for p in paragraphs] == ["Wins\n", "Big deal\n", "\n"]
    assert {p["paragraph"]["paragraphStyle"]["namedStyleType"] for p in paragraphs} == {"HEADING_2"}
    assert assert_contiguous(content) == 16


def test_emoji_count_two_units() -> None:
    doc = with_text("a🎉b\n")
    content = body(doc)
    assert model.segment_end(content) == 7
    model.insert_text(content, 4, "X")  # after the emoji (1 + 1 + 2)
    assert text_of(content) == "a🎉Xb\n\n"
    model.insert_text(content, 3, "Y")  # inside the surrogate pair: moved after it
    assert text_of(content) == "a🎉YXb\n\n"
    assert_contiguous(content)


def test_inserted_text_takes_the_style_before_it() -> None:
    doc = with_text("bold plain\n")
    content = body(doc)
    styles.update_text_style(content, 1, 5, {"bold": True}, "bold")
    model.insert_text(content, 5, "er")
    runs = content[1]["paragraph"]["elements"]
    assert [(r["textRun"]["content"], r["textRun"]["textStyle"]) for r in runs] == [
        ("bolder", {"bold": True}),
        (" plain\n", {}),
    ]


def test_insert_refuses_indexes_google_refuses() -> None:
    doc = with_text("hello\n")
    content = body(doc)
    with pytest.raises(DocsError, match=r"^Index 9 must be less than the end index .*, 8\.$"):
        model.insert_text(content, 9, "x")
    with pytest.raises(DocsError, match="inside the bounds of an existing paragraph"):
        model.insert_text(content, 0, "x")


def test_control_characters_are_stripped() -> None:
    doc = fresh()
    assert model.insert_text(body(doc), 1, "a\x00b\rc\ue000") == 3
    assert text_of(body(doc)) == "abc\n"


# --- deleteContentRange ---------------------------------------------------------------------


def test_delete_inside_and_across_paragraphs() -> None:
    doc = with_text("Title\nfirst line\nsecond\n")
    content = body(doc)
    styles.update_paragraph_style(content, 1, 2, {"namedStyleType": "HEADING_1"}, "*")
    model.delete_range(content, 2, 4)  # "it"
    assert text_of(content) == "Tle\nfirst line\nsecond\n\n"
    model.delete_range(content, 3, 11)  # "e\nfirst " : the heading absorbs the rest
    paragraphs = list(model.all_paragraphs(content))
    assert model.paragraph_text(paragraphs[0]) == "Tlline\n"
    assert paragraphs[0]["paragraph"]["paragraphStyle"]["namedStyleType"] == "HEADING_1"
    assert_contiguous(content)


def test_delete_refuses_the_final_newline_and_empty_ranges() -> None:
    doc = with_text("abc\n")
    content = body(doc)
    with pytest.raises(DocsError, match="newline character at the end of the segment"):
        model.delete_range(content, 1, 6)
    with pytest.raises(DocsError, match="must be less than the end index"):
        model.delete_range(content, 1, 9)
    with pytest.raises(DocsError, match="should not be empty"):
        model.delete_range(content, 2, 2)


def test_delete_whole_table_but_not_part_of_it() -> None:
    doc = with_text("before\n")
    content = body(doc)
    tables.insert_table(content, 7, 2, 2)
    table = next(e for e in content if "table" in e)
    lo, hi = table["startIndex"], table["endIndex"]
    with pytest.raises(DocsError, match="Invalid deletion range"):
        model.delete_range(content, lo + 1, hi + 1)
    model.delete_range(content, lo, hi)
    assert not any("table" in e for e in content)
    assert_contiguous(content)


def test_delete_inside_a_cell() -> None:
    doc = fresh()
    content = body(doc)
    tables.insert_table(content, 1, 1, 2)
    model.insert_text(content, 5, "hello")
    model.delete_range(content, 6, 8)
    cell = content[2]["table"]["tableRows"][0]["tableCells"][0]
    assert model.paragraph_text(cell["content"][0]) == "hlo\n"
    assert_contiguous(content)


# --- styles ---------------------------------------------------------------------------------


def test_text_style_splits_and_merges_runs() -> None:
    doc = with_text("one two three\n")
    content = body(doc)
    styles.update_text_style(content, 5, 8, {"bold": True, "italic": True}, "bold,italic")
    runs = content[1]["paragraph"]["elements"]
    assert [r["textRun"]["content"] for r in runs] == ["one ", "two", " three\n", "\n"][:3]
    assert runs[1]["textRun"]["textStyle"] == {"bold": True, "italic": True}
    styles.update_text_style(content, 5, 8, {}, "bold,italic")  # cleared: merged back
    assert [r["textRun"]["content"] for r in content[1]["paragraph"]["elements"]] == [
        "one two three\n"
    ]
    assert_contiguous(content)


def test_text_style_star_mask_replaces_everything() -> None:
    doc = with_text("abc\n")
    content = body(doc)
    styles.update_text_style(content, 1, 4, {"bold": True, "underline": True}, "*")
    styles.update_text_style(content, 1, 4, {"strikethrough": True}, "*")
    assert content[1]["paragraph"]["elements"][0]["textRun"]["textStyle"] == {"strikethrough": True}


def test_empty_mask_is_refused() -> None:
    with pytest.raises(DocsError, match="At least one field"):
        styles.update_text_style(body(with_text("a\n")), 1, 2, {"bold": True}, "")


def test_heading_gets_an_id_and_loses_it_again() -> None:
    doc = with_text("Wins\nbody\n")
    content = body(doc)
    styles.update_paragraph_style(content, 1, 3, {"namedStyleType": "HEADING_2"}, "namedStyleType")
    style = content[1]["paragraph"]["paragraphStyle"]
    assert style["namedStyleType"] == "HEADING_2" and style["headingId"].startswith("h.")
    assert content[2]["paragraph"]["paragraphStyle"]["namedStyleType"] == "NORMAL_TEXT"
    styles.update_paragraph_style(
        content, 1, 3, {"namedStyleType": "NORMAL_TEXT"}, "namedStyleType"
    )
    assert "headingId" not in content[1]["paragraph"]["paragraphStyle"]


# --- lists ----------------------------------------------------------------------------------


def test_bullets_use_leading_tabs_for_nesting_and_remove_them() -> None:
    doc = with_text("one\n\ttwo\n\t\tthree\n")
    content = body(doc)
    tab_lists: dict[str, Any] = {}
    removed = lists.create_bullets(content, tab_lists, 1, 16, "BULLET_DISC_CIRCLE_SQUARE")
    assert removed == [(10, -2), (5, -1)]
    assert text_of(content) == "one\ntwo\nthree\n\n"
    bullets = [p["paragraph"].get("bullet") for p in model.all_paragraphs(content)]
    (list_id,) = tab_lists
    assert bullets[:3] == [
        {"listId": list_id, "textStyle": {}},
        {"listId": list_id, "textStyle": {}, "nestingLevel": 1},
        {"listId": list_id, "textStyle": {}, "nestingLevel": 2},
    ]
    assert bullets[3] is None
    assert tab_lists[list_id]["listProperties"]["nestingLevels"][0]["glyphSymbol"] == "●"
    assert_contiguous(content)


def test_bullets_continue_the_list_just_above_and_can_be_removed() -> None:
    doc = with_text("a\nb\n")
    content = body(doc)
    tab_lists: dict[str, Any] = {}
    lists.create_bullets(content, tab_lists, 1, 2, "NUMBERED_DECIMAL_ALPHA_ROMAN")
    lists.create_bullets(content, tab_lists, 3, 4, "NUMBERED_DECIMAL_ALPHA_ROMAN")
    assert len(tab_lists) == 1
    lists.delete_bullets(content, tab_lists, 1, 4)
    assert not any("bullet" in p["paragraph"] for p in model.all_paragraphs(content))


def test_unknown_preset_is_refused() -> None:
    with pytest.raises(DocsError, match="bulletPreset"):
        lists.create_bullets(body(with_text("a\n")), {}, 1, 2, "BULLET_NOPE")


# --- tables ---------------------------------------------------------------------------------


def test_insert_table_lays_out_indexes_like_google() -> None:
    doc = fresh()
    content = body(doc)
    added = tables.insert_table(content, 1, 2, 2)
    assert added == 13  # the newline plus a 12-unit table
    table = content[2]
    assert (table["startIndex"], table["endIndex"]) == (2, 14)
    cell_text_starts = [c["content"][0]["startIndex"] for c in model.cells(table)]
    assert cell_text_starts == [5, 7, 10, 12]
    assert content[-1]["startIndex"] == 14 and content[-1]["endIndex"] == 15
    assert assert_contiguous(content) == 15


def test_insert_and_delete_table_rows() -> None:
    doc = fresh()
    content = body(doc)
    tables.insert_table(content, 1, 1, 3)
    model.insert_text(content, 5, "Metric")
    at, size = tables.insert_table_row(content, 2, 0, below=True)
    table = content[2]["table"]
    assert table["rows"] == 2 and size == 7
    assert at == table["tableRows"][1]["startIndex"]
    assert [model.paragraph_text(c["content"][0]) for c in table["tableRows"][1]["tableCells"]] == [
        "\n"
    ] * 3
    tables.delete_table_row(content, 2, 0)
    assert table["rows"] == 1
    assert model.paragraph_text(table["tableRows"][0]["tableCells"][0]["content"][0]) == "\n"
    with pytest.raises(DocsError, match="table start location"):
        tables.insert_table_row(content, 3, 0, below=False)
    assert_contiguous(content)


# --- batch requests ---------------------------------------------------------------------------


def test_errors_name_the_request() -> None:
    doc = with_text("x" * 39 + "\n")
    with pytest.raises(DocsError) as caught:
        apply_requests(doc, [{"insertText": {"location": {"index": 1}, "text": "a"}},
                             {"insertText": {"location": {"index": 57}, "text": "b"}}])  # fmt: skip
    assert str(caught.value) == (
        "Invalid requests[1].insertText: Index 57 must be less than the end index of the "
        "referenced segment, 43."
    )


def test_failed_batch_leaves_the_document_alone() -> None:
    doc = with_text("abc\n")
    before = copy.deepcopy(doc)
    with pytest.raises(DocsError):
        bad = {"deleteContentRange": {"range": {"startIndex": 1, "endIndex": 99}}}
        applied(doc, [{"insertText": {"location": {"index": 1}, "text": "z"}}, bad])
    assert doc == before


def test_replace_all_text_counts_and_keeps_style() -> None:
    doc = with_text("Rep: {{name}}\nManager: {{NAME}} and {{name}}\n")
    styles.update_text_style(body(doc), 6, 14, {"bold": True}, "bold")
    replies = apply_requests(doc, [
        {"replaceAllText": {"containsText": {"text": "{{name}}", "matchCase": False},
                            "replaceText": "Avery 🎉"}},
        {"replaceAllText": {"containsText": {"text": "missing", "matchCase": True},
                            "replaceText": "x"}},
    ])  # fmt: skip
    assert replies == [{"replaceAllText": {"occurrencesChanged": 3}}, {"replaceAllText": {}}]
    assert text_of(body(doc)) == "Rep: Avery 🎉\nManager: Avery 🎉 and Avery 🎉\n\n"
    first = body(doc)[1]["paragraph"]["elements"]
    assert first[1]["textRun"] == {"content": "Avery 🎉", "textStyle": {"bold": True}}
    assert_contiguous(body(doc))


def test_named_ranges_follow_edits_and_can_be_deleted() -> None:
    doc = with_text("Wins\nBig deal\n")
    (reply,) = apply_requests(
        doc, [{"createNamedRange": {"name": "wins", "range": {"startIndex": 6, "endIndex": 14}}}]
    )
    range_id = reply["createNamedRange"]["namedRangeId"]
    apply_requests(doc, [
        {"insertText": {"location": {"index": 1}, "text": "## "}},
        {"deleteContentRange": {"range": {"startIndex": 9, "endIndex": 13}}},
    ])  # fmt: skip
    named = doc["tabs"][0]["documentTab"]["namedRanges"]["wins"]["namedRanges"][0]
    assert named["ranges"] == [{"startIndex": 9, "endIndex": 13, "tabId": "t.0"}]
    apply_requests(doc, [{"deleteNamedRange": {"namedRangeId": range_id}}])
    assert doc["tabs"][0]["documentTab"]["namedRanges"] == {}


def test_end_of_segment_location_and_table_request() -> None:
    doc = with_text("Key Metrics & Pacing\n")
    apply_requests(doc, [
        {"insertTable": {"endOfSegmentLocation": {}, "rows": 2, "columns": 4}},
        {"insertTableRow": {"tableCellLocation": {"tableStartLocation": {"index": 23},
                                                  "rowIndex": 1}, "insertBelow": True}},
    ])  # fmt: skip
    table = body(doc)[3]
    assert table["startIndex"] == 23 and table["table"]["rows"] == 3
    assert_contiguous(body(doc))


def test_style_ranges_may_not_reach_the_final_newline() -> None:
    doc = with_text("abc\n")
    with pytest.raises(DocsError, match="Index 6 must be less than the end index"):
        rng = {"startIndex": 1, "endIndex": 6}
        style = {"range": rng, "textStyle": {"bold": True}, "fields": "bold"}
        apply_requests(doc, [{"updateTextStyle": style}])


def test_unknown_requests_are_refused() -> None:
    with pytest.raises(DocsError, match=r"requests\[0\]\.insertSparkles"):
        apply_requests(fresh(), [{"insertSparkles": {}}])


# --- views ----------------------------------------------------------------------------------


def test_suggestion_views_on_a_recording() -> None:
    original = load(FIXTURES / "docs-markkohdev" / "Markdown_Conversion_Example_-_Multi-Tab.json")
    dumped = json.dumps(original)
    assert "suggestedInsertionIds" in dumped
    inline = apply_view(copy.deepcopy(original), INLINE)
    assert inline == original
    for mode in (WITHOUT, ACCEPTED):
        view = apply_view(copy.deepcopy(original), mode)
        text = json.dumps(view)
        assert "suggestedInsertionIds" not in text and "suggestedDeletionIds" not in text
        for tab in iter_tabs(view["tabs"]):
            for content in segments(tab["documentTab"]):
                assert_contiguous(content, model.start_of(content[0]))
    without = apply_view(copy.deepcopy(original), WITHOUT)
    accepted = apply_view(copy.deepcopy(original), ACCEPTED)
    first = body(original)
    suggested = "".join(
        i["textRun"]["content"]
        for p in model.all_paragraphs(first)
        for i in p["paragraph"]["elements"]
        if i.get("textRun", {}).get("suggestedInsertionIds")
    )
    assert suggested and suggested in text_of(body(accepted))
    assert len(text_of(body(without))) < len(text_of(body(accepted)))


def test_html_rendering_escapes_and_styles() -> None:
    doc = with_text("Wins <&>\nclosed\nstruck\n")
    content = body(doc)
    styles.update_paragraph_style(content, 1, 2, {"namedStyleType": "HEADING_2"}, "namedStyleType")
    styles.update_text_style(content, 10, 16, {"bold": True}, "bold")
    styles.update_text_style(content, 17, 23, {"strikethrough": True}, "strikethrough")
    lists.create_bullets(content, {}, 10, 20, "BULLET_DISC_CIRCLE_SQUARE")
    html = render_html(doc)
    assert "<h2>Wins &lt;&amp;&gt;</h2>" in html
    assert "<ul><li><b>closed</b></li><li><s>struck</s></li></ul>" in html


# --- property: any inserts and deletes keep the indexes contiguous ----------------------------

_EDIT = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 200), st.text("ab\n🎉é ", max_size=6)),
    st.tuples(st.just("delete"), st.integers(0, 200), st.integers(1, 6)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_EDIT, max_size=25))
def test_inserts_and_deletes_keep_text_and_indexes(edits: list[tuple[str, int, Any]]) -> None:
    doc = fresh()
    content = body(doc)
    expected = "\n"  # the body's text after the section break, as UTF-16 code units
    units = list(expected.encode("utf-16-le"))
    for kind, raw, arg in edits:
        end = model.segment_end(content)
        if kind == "insert":
            at = 1 + raw % (end - 1)
            model.insert_text(content, at, arg)
            data = arg.encode("utf-16-le")
            pos = 2 * (at - 1)
            if at > 1 and 0xD800 <= int.from_bytes(bytes(units[pos - 2 : pos]), "little") <= 0xDBFF:
                pos += 2  # Google moves an insertion out of a surrogate pair
            units[pos:pos] = list(data)
        else:
            if end <= 2:
                continue
            lo = 1 + raw % (end - 2)
            hi = min(lo + arg, end - 1)
            if lo >= hi or _splits_pair(units, lo, hi):
                continue
            model.delete_range(content, lo, hi)
            del units[2 * (lo - 1) : 2 * (hi - 1)]
        assert assert_contiguous(content) == 1 + len(units) // 2
        assert text_of(content) == bytes(units).decode("utf-16-le")


def _splits_pair(units: list[int], lo: int, hi: int) -> bool:
    """True when [lo, hi) would cut an emoji in half (not a case the property checks)."""

    def unit(index: int) -> int:
        pos = 2 * (index - 1)
        return int.from_bytes(bytes(units[pos : pos + 2]), "little")

    total = len(units) // 2
    return any(1 <= i <= total and 0xDC00 <= unit(i) <= 0xDFFF for i in (lo, hi))


def test_legacy_form_of_a_multi_tab_document_is_its_first_tab() -> None:
    original = load(FIXTURES / "docs-markkohdev" / "Markdown_Conversion_Example_-_Multi-Tab.json")
    legacy = legacy_form(to_stored(original))
    first = original["tabs"][0]["documentTab"]
    assert "tabs" not in legacy
    assert {k: legacy[k] for k in first} == first
    assert legacy["title"] == original["title"]
    assert legacy["documentId"] == original["documentId"]


def test_replace_named_range_content_keeps_the_range_on_the_new_text() -> None:
    doc = new_document("doc1", "Named", "rev1")
    apply_requests(doc, [{"insertText": {"location": {"index": 1}, "text": "Meet Mon 13:00 ok\n"}}])
    apply_requests(
        doc,
        [{"createNamedRange": {"name": "when", "range": {"startIndex": 6, "endIndex": 15}}}],
    )
    apply_requests(
        doc, [{"replaceNamedRangeContent": {"namedRangeName": "when", "text": "Tue 14:30"}}]
    )
    tab = doc["tabs"][0]["documentTab"]
    text = "".join(
        run["textRun"]["content"]
        for element in tab["body"]["content"]
        for run in element.get("paragraph", {}).get("elements", [])
    )
    assert text.startswith("Meet Tue 14:30 ok\n")
    (named,) = tab["namedRanges"]["when"]["namedRanges"]
    assert named["ranges"][0]["startIndex"] == 6 and named["ranges"][0]["endIndex"] == 15
    apply_requests(doc, [{"replaceNamedRangeContent": {"namedRangeName": "when", "text": "-"}}])
    assert "Meet - ok" in "".join(
        run["textRun"]["content"]
        for element in doc["tabs"][0]["documentTab"]["body"]["content"]
        for run in element.get("paragraph", {}).get("elements", [])
    )
    with pytest.raises(DocsError):
        apply_requests(doc, [{"replaceNamedRangeContent": {"namedRangeName": "nope", "text": ""}}])

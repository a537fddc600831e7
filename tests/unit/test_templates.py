"""The template definitions and the Docs requests made from them: shapes, UTF-16 indexes and
the round trip through the parser, run on the emulator's pure Docs model (no HTTP)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from service.demo.rep_edits import fill_requests
from service.domain.doc_parser import parse_document, to_submission
from service.domain.sections import SECTION_HINTS, SECTION_TITLES, match_section
from service.domain.week import Week
from service.errors import InputError
from service.templates import (
    Prefill,
    is_prefilled,
    load_doc_template,
    load_sheet_template,
    missing_headings,
    prefill_requests,
    template_requests,
)
from service.templates.definition import FILES, TEMPLATES_DIR
from service.templates.prefill import body_content, has_placeholders
from service.templates.render import table_cell_index, table_requests, utf16_len
from workspace_emulator.docs.batch_update import applied
from workspace_emulator.docs.defaults import new_document
from workspace_emulator.docs.view import legacy_form

FIELDS = {
    "rep_name": "Zoë Ångström 🚀",  # non-BMP: two UTF-16 units
    "manager_name": "Morgan Manager",
    "week_of": "2026-10-19",
    "meeting_time": "Mon Oct 19, 1:00-1:45 PM EDT",
    "deadline": "Fri Oct 16, 3:00 PM EDT",
    "last_doc": "none yet",
}
METRICS = (("Pipeline created", "$120,000", "$60,000", "50% of goal, 52% of month gone · on pace"),)
CARRIED = ("Rep: Send the Acme proposal", "Manager: join the Globex call")


def installed(name: str = "ae") -> dict[str, Any]:
    doc, _ = applied(new_document("t1", "T", "r1"), template_requests(load_doc_template(name)))
    return doc


def prefilled(template: dict[str, Any], prefill: Prefill | None = None) -> dict[str, Any]:
    prefill = prefill or Prefill(FIELDS, METRICS, CARRIED)
    doc, _ = applied(template, prefill_requests(template, prefill))
    return doc


def section_blocks(name: str) -> dict[str, list[tuple[str, str]]]:
    """Heading -> the (kind, text) blocks under it."""
    out: dict[str, list[tuple[str, str]]] = {}
    current = ""
    for block in load_doc_template(name).blocks:
        if block.kind == "heading2":
            current = block.text
            out[current] = []
        elif current:
            out[current].append((block.kind, block.text))
    return out


def test_the_ae_template_is_exactly_the_products_sections_and_hints() -> None:
    template = load_doc_template("ae")
    assert template.headings == tuple(SECTION_TITLES.values())
    blocks = section_blocks("ae")
    for key, title in SECTION_TITLES.items():
        lines = [text for kind, text in blocks[title] if kind in ("hint", "label")]
        assert lines == SECTION_HINTS[key].splitlines(), key
    assert template.title == "1:1 Self-Management - {{rep_name}} - week of {{week_of}}"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("manager", {"Team Metrics & Pacing": "key_metrics", "Team Pipeline & Forecast": "pipeline",
                     "Running List of Initiatives": None, "A/B/C Tiers": None}),
        ("vp", {"Key Metrics & Gaps": "key_metrics", "Challenges & Biggest Risks": "challenges",
                "Biggest Opportunities & How You Attack Them": "pipeline",
                "Open Items & Commitments from Last 1:1": "commitments"}),
    ],
)  # fmt: skip
def test_variant_headings_map_to_the_parsers_sections(name: str, expected: dict[str, Any]) -> None:
    template = load_doc_template(name)
    for heading, key in expected.items():
        assert heading in template.headings
        assert match_section(heading) == key
    keys = {match_section(h) for h in template.headings}
    assert {"wins", "energy", "plan", "commitments", "new_commitments"} <= keys


def test_every_definition_loads() -> None:
    for name in FILES:
        if name == "ae_sheet":
            sheet = load_sheet_template(name)
            assert ("Section", "Answer", "Done") in sheet.rows
        else:
            assert load_doc_template(name).version


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('- heading2: "Wins"', '- heading7: "Wins"'), "unknown block 'heading7'"),
        (("- placeholder: key_metrics_table", "- placeholder: nope"), "placeholder is one of"),
        (("  - Wins\n", "  - Winz\n"), "required heading(s) not in the blocks: Winz"),
        (("template: ae", "template: vp"), "expected a mapping with 'template: ae'"),
        (("blocks:", "blocks: 3\nx:"), "'blocks' must be a non-empty list"),
    ],
)
def test_a_bad_definition_is_refused_naming_the_file(
    tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    shutil.copytree(TEMPLATES_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "ae_doc.yaml"
    path.write_text(path.read_text().replace(*edit, 1))
    with pytest.raises(InputError, match=r"ae_doc\.yaml") as caught:
        load_doc_template("ae", tmp_path)
    assert message in str(caught.value)


def test_template_requests_insert_once_then_style() -> None:
    requests = template_requests(load_doc_template("ae"))
    assert next(iter(requests[0])) == "insertText"
    assert requests[0]["insertText"]["location"] == {"index": 1}
    text = requests[0]["insertText"]["text"]
    assert not text.endswith("\n")  # the document's own last newline ends it
    heading2 = {"namedStyleType": "HEADING_2"}
    headings = [
        r for r in requests if r.get("updateParagraphStyle", {}).get("paragraphStyle") == heading2
    ]
    assert len(headings) == 14
    end = 1 + utf16_len(text)
    for request in requests[1:]:
        (body,) = request.values()
        assert 1 <= body["range"]["startIndex"] < body["range"]["endIndex"] <= end


def outline(doc: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(text, paragraph style, italic) of every top-level paragraph."""
    out = []
    for element in body_content(doc):
        paragraph = element.get("paragraph")
        if paragraph:
            runs = paragraph["elements"]
            text = "".join(r.get("textRun", {}).get("content", "") for r in runs)
            italic = bool(runs[0].get("textRun", {}).get("textStyle", {}).get("italic"))
            out.append((text, paragraph["paragraphStyle"]["namedStyleType"], italic))
    return out


def test_an_older_template_is_cleared_first() -> None:
    requests = template_requests(load_doc_template("ae"), body_end=500)
    assert requests[0] == {"deleteContentRange": {"range": {"startIndex": 1, "endIndex": 499}}}
    old = installed("vp")  # an older version of a template: rewritten in place
    end = body_content(old)[-1]["endIndex"]
    doc, _ = applied(old, template_requests(load_doc_template("ae"), body_end=end))
    assert outline(doc) == outline(installed())


@pytest.mark.parametrize("name", ["ae", "manager", "vp"])
def test_a_fresh_copy_parses_empty(name: str) -> None:
    parsed = parse_document(installed(name))
    assert not any(section.text for section in parsed.sections.values())
    assert parsed.complete is False
    if name != "manager":  # the manager variant has sections of its own (kept, with a warning)
        assert parsed.warnings == ()
    assert has_placeholders(installed(name)) and not is_prefilled(installed(name))


def test_table_cells_are_where_the_index_formula_says() -> None:
    doc = installed()
    end = body_content(doc)[-1]["endIndex"] - 1
    doc, _ = applied(doc, table_requests(end, ("A", "B"), (("c", ""), ("", "🚀f"))))
    (table,) = [e for e in body_content(doc) if "table" in e]
    assert table["startIndex"] == end + 1
    texts = [
        ["".join(e["textRun"]["content"] for e in cell["content"][0]["paragraph"]["elements"])
         for cell in row["tableCells"]]
        for row in table["table"]["tableRows"]
    ]  # fmt: skip
    assert texts == [["A\n", "B\n"], ["c\n", "\n"], ["\n", "🚀f\n"]]
    assert table_cell_index(10, 2, 1, 1) == 10 + 1 + 5 + 1 + 2 + 1


@pytest.mark.parametrize("name", ["ae", "manager", "vp"])
def test_the_prefill_fills_metrics_commitments_and_every_field(name: str) -> None:
    doc = prefilled(installed(name))
    assert is_prefilled(doc) and is_prefilled(legacy_form(doc)) and not has_placeholders(doc)
    parsed = parse_document(doc)
    assert parsed.sections["key_metrics"].items == (
        "Metric | Goal | Actual | Pace to goal",
        "Pipeline created | $120,000 | $60,000 | 50% of goal, 52% of month gone · on pace",
    )
    assert [c.text for c in parsed.commitments] == list(CARRIED)
    filled = {k for k, s in parsed.sections.items() if s.text}
    assert filled == {"key_metrics", "commitments"}
    assert "Zoë Ångström 🚀" in str(doc)


def test_last_weeks_doc_is_a_link_in_the_prefilled_doc() -> None:
    url = "https://docs.google.com/document/d/last-week/edit"
    doc = prefilled(installed(), Prefill(FIELDS | {"last_doc": url}, METRICS, CARRIED))
    runs = [
        run["textRun"]
        for element in body_content(doc)
        for run in element.get("paragraph", {}).get("elements", [])
        if "textRun" in run
    ]
    linked = [r for r in runs if r.get("textStyle", {}).get("link")]
    assert [(r["content"], r["textStyle"]["link"]["url"]) for r in linked] == [(url, url)]
    assert not has_placeholders(doc) and "Zoë Ångström 🚀" in str(doc)


def test_the_prefill_edits_bottom_up_and_marks_last() -> None:
    requests = prefill_requests(installed(), Prefill(FIELDS, METRICS, CARRIED))
    assert next(iter(requests[-1])) == "createNamedRange"
    replace_at = [i for i, r in enumerate(requests) if "replaceAllText" in r]
    assert len(replace_at) == len(FIELDS) and min(replace_at) > max(
        i for i, r in enumerate(requests) if "insertText" in r
    )
    table = next(r["insertTable"] for r in requests if "insertTable" in r)
    first_insert = next(r["insertText"] for r in requests if "insertText" in r)
    assert first_insert["location"]["index"] > table["location"]["index"]  # commitments first


def test_no_commitments_and_no_metrics_leave_no_placeholder() -> None:
    doc = prefilled(installed(), Prefill(FIELDS, (), (), ()))
    parsed = parse_document(doc)
    assert not any(s.text for s in parsed.sections.values())
    assert not has_placeholders(doc) and not any("table" in e for e in body_content(doc))


def customer_template() -> dict[str, Any]:
    """A customer's doc: numbered headings, no placeholders, no hints."""
    titles = [
        "1. Key metrics", "2) Wins", "Challenges:", "Deal & Pipeline Updates", "Energy",
        "Plan of Attack for Next Week", "Commitments from last 1:1", "This Week's Commitments",
    ]  # fmt: skip
    text = "\n".join(titles)
    requests: list[dict[str, Any]] = [{"insertText": {"location": {"index": 1}, "text": text}}]
    requests.append(
        {
            "updateParagraphStyle": {
                "range": {"startIndex": 1, "endIndex": utf16_len(text)},
                "paragraphStyle": {"namedStyleType": "HEADING_2"},
                "fields": "namedStyleType",
            }
        }
    )
    doc, _ = applied(new_document("c1", "Ours", "r1"), requests)
    return doc


def test_a_customer_template_gets_the_table_and_items_after_the_headings() -> None:
    template = customer_template()
    assert missing_headings(template, load_doc_template("ae")) == []
    doc = prefilled(template)
    parsed = parse_document(doc)
    assert parsed.sections["key_metrics"].items[1].startswith("Pipeline created")
    assert [c.text for c in parsed.commitments] == list(CARRIED)
    assert parsed.sections["new_commitments"].text == ""


def test_missing_headings_are_named() -> None:
    template = customer_template()
    content = body_content(template)
    energy = next(e for e in content if "Energy" in str(e.get("paragraph", {})))
    span = {"startIndex": energy["startIndex"], "endIndex": energy["endIndex"]}
    doc, _ = applied(template, [{"deleteContentRange": {"range": span}}])
    assert missing_headings(legacy_form(doc), load_doc_template("ae")) == ["Energy"]
    assert missing_headings(installed("vp"), load_doc_template("manager")) == [
        "Outliers, High & Low",
        "A/B/C Tiers",
        "Running List of Initiatives",
    ]


def test_a_rep_filling_in_the_prepared_doc_is_read_back() -> None:
    doc = prefilled(installed())
    answers = {
        "wins": "Closed Acme", "challenges": "Pricing", "pipeline": "3 deals", "energy": "2",
        "plan": "Call Globex", "Rep:": "book 5 demos", "Manager:": "join",
    }  # fmt: skip
    filled, _ = applied(doc, fill_requests(doc, answers, kept=frozenset({CARRIED[0]})))
    parsed = parse_document(filled)
    assert parsed.complete and parsed.energy == 2 and parsed.warnings == ()
    assert [(c.text, c.done) for c in parsed.commitments] == [
        (CARRIED[0], True),
        (CARRIED[1], False),
    ]
    submission = to_submission(parsed, "zoe@example.com", Week.parse("2026-10-19"))
    assert [(c.owner, c.text) for c in submission.new_commitments] == [
        ("rep", "book 5 demos"),
        ("manager", "join"),
    ]


def test_kudos_rating_and_categories_come_after_the_commitments_and_are_read_back() -> None:
    template = load_doc_template("ae")
    assert template.headings[-3:] == ("This Week's Commitments", "Kudos", "Rate Our Last 1:1")
    assert "Kudos" not in template.required and "Rate Our Last 1:1" not in template.required
    blocks = section_blocks("ae")
    assert [kind for kind, _ in blocks["Kudos"]] == ["hint"]
    assert [kind for kind, _ in blocks["Rate Our Last 1:1"]] == ["label", "hint"]
    doc = prefilled(installed())
    empty = parse_document(doc, ["Quality"])
    assert empty.kudos == () and empty.rating is None
    answers = {
        "wins": "Closed Acme", "challenges": "Pricing", "pipeline": "3 deals", "energy": "4",
        "plan": "Call Globex", "Rep:": "[quality] call Halcyon's CFO", "Manager:": "join",
        "kudos": "Dana: great demo", "How useful was our last 1:1? (1-5):": "4 - role-play helped",
    }  # fmt: skip
    filled, _ = applied(doc, fill_requests(doc, answers))
    parsed = parse_document(filled, ["Discovery", "Quality"])
    assert parsed.complete and parsed.warnings == ()
    assert parsed.kudos == ("Dana: great demo",) and parsed.rating == 4
    submission = to_submission(parsed, "zoe@example.com", Week.parse("2026-10-19"))
    assert [(c.owner, c.text, c.category) for c in submission.new_commitments] == [
        ("rep", "call Halcyon's CFO", "Quality"),
        ("manager", "join", None),
    ]
    assert submission.kudos == ("Dana: great demo",) and submission.rating == 4

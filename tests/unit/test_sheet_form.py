"""The Sheet-form variant of the 1:1 doc."""

from __future__ import annotations

from typing import Any

from service.domain.sections import SECTION_HINTS, SECTION_TITLES
from service.domain.sheet_form import (
    SHEET_FORM_ANSWER_COLUMN,
    SHEET_FORM_DONE_COLUMN,
    SHEET_FORM_HEADER,
    SHEET_FORM_SECTION_COLUMN,
    parse_sheet_form,
)

T = SECTION_TITLES


def filled() -> list[list[Any]]:
    return [
        ["1:1 Self-Management - Ana - week of 2025-03-10"],
        list(SHEET_FORM_HEADER),
        [T["key_metrics"], "Calls", "50", "42"],
        ["", "Demos", "10", "6"],
        [T["wins"], "Closed Acme\nBooked 3 demos"],
        [T["challenges"], "Globex legal"],
        [T["pipeline"], "Globex - redlines"],
        [T["energy"], "Energy this week (1-5): 2 - rough week"],
        [T["plan"], "Call Globex"],
        ["", "10 prospecting calls"],
        [T["commitments"], "Send proposal", "TRUE"],
        ["", "Call Globex", "FALSE"],
        ["", "Update CRM", "✅"],
        ["", "[x] Demo deck", ""],
        ["", "Follow up", True],
        [T["new_commitments"], "Rep: book 5 demos"],
        ["Manager", "join the Globex call"],
    ]


def test_layout_constants() -> None:
    assert SHEET_FORM_HEADER == ("Section", "Answer", "Done")
    assert (SHEET_FORM_SECTION_COLUMN, SHEET_FORM_ANSWER_COLUMN, SHEET_FORM_DONE_COLUMN) == (
        0,
        1,
        2,
    )


def test_filled_sheet() -> None:
    result = parse_sheet_form(filled()).to_dict()
    assert result["complete"] is True and result["missing"] == []
    assert result["energy"] == 2
    assert result["warnings"] == []
    assert result["sections"]["wins"]["items"] == ["Closed Acme", "Booked 3 demos"]
    assert result["sections"]["key_metrics"]["items"] == ["Calls | 50 | 42", "Demos | 10 | 6"]
    assert result["sections"]["plan"]["text"] == "Call Globex\n10 prospecting calls"
    assert result["commitments"] == [
        {"text": "Send proposal", "done": True, "category": None},
        {"text": "Call Globex", "done": False, "category": None},
        {"text": "Update CRM", "done": True, "category": None},
        {"text": "Demo deck", "done": True, "category": None},
        {"text": "Follow up", "done": True, "category": None},
    ]
    assert result["sections"]["new_commitments"]["items"] == [
        "Rep: book 5 demos",
        "Manager: join the Globex call",
    ]


def test_empty_grid() -> None:
    result = parse_sheet_form([]).to_dict()
    assert result["missing"] == ["wins", "challenges", "pipeline", "energy", "plan"]
    assert result["complete"] is False


def test_template_with_hints_is_empty() -> None:
    rows = [[title, SECTION_HINTS[key].splitlines()[0]] for key, title in T.items()]
    result = parse_sheet_form(rows).to_dict()
    assert result["missing"] == ["wins", "challenges", "pipeline", "energy", "plan"]
    assert all(not s["items"] for s in result["sections"].values())


def test_loose_titles_unknown_and_duplicates() -> None:
    rows = [
        ["3. 🏆 WINS:", "Closed Acme"],
        ["Random Thoughts", "webinar?"],
        ["Wins", "Renewed Hooli"],
        ["Energy (1-5)", "10/10"],
    ]
    result = parse_sheet_form(rows).to_dict()
    assert result["sections"]["wins"]["items"] == ["Closed Acme", "Renewed Hooli"]
    assert result["sections"]["random_thoughts"]["items"] == ["webinar?"]
    assert result["energy"] is None
    warnings = " ".join(result["warnings"])
    assert "random_thoughts" in warnings and "more than once" in warnings and "1-5" in warnings


def test_done_column_found_by_header() -> None:
    rows = [
        ["Section", "Answer", "Notes", "Done"],
        [T["commitments"], "Send proposal", "sent Tue", "yes"],
        ["", "Call Globex", "", "no"],
    ]
    result = parse_sheet_form(rows).to_dict()
    assert result["commitments"] == [
        {"text": "Send proposal | sent Tue", "done": True, "category": None},
        {"text": "Call Globex", "done": False, "category": None},
    ]


def test_ragged_and_scalar_cells() -> None:
    rows: list[list[Any]] = [[], [T["energy"], 4], [None, None], [T["wins"]], ["", None, "x"]]
    result = parse_sheet_form(rows).to_dict()
    assert result["energy"] == 4
    assert result["sections"]["wins"]["items"] == ["x"]


def test_the_sheet_forms_own_commitments_hint_counts_as_empty() -> None:
    from service.domain.sections import SHEET_HINTS, is_hint

    assert is_hint(SHEET_HINTS["commitments"])
    assert not is_hint("Put x in Done when I finish the Acme proposal")


def test_kudos_rating_and_categories_in_the_sheet_form() -> None:
    rows = [
        *filled()[:-2],
        ["", "[quality] Call Halcyon's CFO", "x"],
        ["", "[Pricing] Send deck", ""],
        [T["new_commitments"], "Rep: [Discovery] map the org"],
        ["Manager", "[Quality] join the call"],
        [T["kudos"], "Dana: great demo\nGlobex CFO said thanks"],
        [T["rating"], "How useful was our last 1:1? (1-5):"],
        ["", "-1"],
    ]
    parsed = parse_sheet_form(rows, ["Discovery", "Quality"])
    result = parsed.to_dict()
    assert result["commitments"][-2:] == [
        {"text": "Call Halcyon's CFO", "done": True, "category": "Quality"},
        {"text": "[Pricing] Send deck", "done": False, "category": None},
    ]
    assert [(c.owner, c.text, c.category) for c in parsed.new_commitments] == [
        ("rep", "map the org", "Discovery"),
        ("manager", "join the call", "Quality"),
    ]
    assert result["kudos"] == ["Dana: great demo", "Globex CFO said thanks"]
    assert result["rating"] is None and result["complete"] is True
    assert any("[Pricing] is not a coaching category" in w for w in result["warnings"])
    assert any("rating -1 is out of range" in w for w in result["warnings"])
    answered = parse_sheet_form([*rows[:-1], ["", 4]]).to_dict()
    assert answered["rating"] == 4


def test_the_sheet_template_rows_for_kudos_and_rating_count_as_empty() -> None:
    rows = [
        *filled(),
        [T["kudos"], SECTION_HINTS["kudos"]],
        [T["rating"], SECTION_HINTS["rating"].splitlines()[0]],
        ["", SECTION_HINTS["rating"].splitlines()[1]],
    ]
    result = parse_sheet_form(rows).to_dict()
    assert result["kudos"] == [] and result["rating"] is None
    assert not any("Rate Our Last" in w for w in result["warnings"])

"""`python -m bench.parse`: doc-parser throughput on a realistic filled 1:1 doc (docs/s).

The doc is built in memory: every section of the AE template filled the way a rep does it
(bullets, a key-metrics table, smart chips, struck-through commitments, leftover hints), in
the tabs form with a second tab. No timing is asserted anywhere; this only prints.
"""

from __future__ import annotations

import json
import time
from typing import Any

from service.domain.doc_parser import parse_document
from service.domain.sections import SECTION_HINTS, SECTION_KEYS, SECTION_TITLES

GREY = {"color": {"rgbColor": {"red": 0.6, "green": 0.6, "blue": 0.6}}}


def _para(text: str, style: dict[str, Any] | None = None, named: str = "NORMAL_TEXT",
          bullet: bool = False) -> dict[str, Any]:  # fmt: skip
    para: dict[str, Any] = {
        "elements": [{"textRun": {"content": text + "\n", "textStyle": style or {}}}],
        "paragraphStyle": {"namedStyleType": named},
    }
    if bullet:
        para["bullet"] = {"listId": "kix.1"}
    return {"paragraph": para}


def _table(rows: list[list[str]]) -> dict[str, Any]:
    return {"table": {"tableRows": [
        {"tableCells": [{"content": [_para(cell)]} for cell in row]} for row in rows
    ]}}  # fmt: skip


def realistic_doc() -> dict[str, Any]:
    """A filled 1:1 doc of about 120 paragraphs, in the tabs form."""
    content: list[dict[str, Any]] = [_para("1:1 Self-Management - Ana - week of 2025-03-10",
                                           named="TITLE")]  # fmt: skip
    for key in SECTION_KEYS:
        content.append(_para(SECTION_TITLES[key], named="HEADING_2"))
        content.append(
            _para(SECTION_HINTS[key].splitlines()[0], {"italic": True, "foregroundColor": GREY})
        )
        if key == "key_metrics":
            content.append(
                _table(
                    [["Metric", "Goal", "Actual", "Pace"]]
                    + [[f"Metric {i}", "50", "42", "84%"] for i in range(6)]
                )
            )
        elif key == "energy":
            content.append(_para("Energy this week (1-5): 4 - good week"))
        elif key == "commitments":
            content += [
                _para(f"Commitment {i}", {"strikethrough": i % 2 == 0}, bullet=True)
                for i in range(6)
            ]
        else:
            content += [
                _para(f"{key} point {i}: Acme, Globex and Initech moved to stage {i}", bullet=True)
                for i in range(8)
            ]
    second = [_para("Random Thoughts", named="HEADING_2"), _para("Run a webinar in April?")]
    return {"title": "1:1", "documentId": "bench", "tabs": [
        {"tabProperties": {"title": "Tab 1"}, "documentTab": {"body": {"content": content}}},
        {"tabProperties": {"title": "Notes"}, "documentTab": {"body": {"content": second}}},
    ]}  # fmt: skip


def main(seconds: float = 2.0) -> None:
    """Parse the doc repeatedly for about ``seconds`` and print docs per second."""
    doc = json.loads(json.dumps(realistic_doc()))
    result = parse_document(doc)
    assert result.complete, result.missing
    runs, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        parse_document(doc)
        runs += 1
    size = len(json.dumps(doc))
    print(f"parse_document: {runs / elapsed:,.0f} docs/s ({runs} runs, {size:,} bytes of JSON)")


if __name__ == "__main__":
    main()

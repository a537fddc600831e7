"""What a new Google Doc looks like: body, document style and the default named styles.

Shapes follow the real ``documents.get`` recordings in ``shared/fixtures/docs-*`` (a new
document is a section break 0-1 and one empty paragraph 1-2; zero values are omitted).
"""

from __future__ import annotations

from typing import Any

from workspace_emulator.docs.model import new_heading_id

DOC_MIME = "application/vnd.google-apps.document"
FIRST_TAB_ID = "t.0"


def _pt(magnitude: float | None = None) -> dict[str, Any]:
    return {"magnitude": magnitude, "unit": "PT"} if magnitude else {"unit": "PT"}


def _grey(level: float) -> dict[str, Any]:
    return {"color": {"rgbColor": {"red": level, "green": level, "blue": level}}}


def new_body() -> dict[str, Any]:
    """An empty body: a section break (0-1) and one empty paragraph (1-2)."""
    section = {"columnSeparatorStyle": "NONE", "contentDirection": "LEFT_TO_RIGHT",
               "sectionType": "CONTINUOUS"}  # fmt: skip
    paragraph = {
        "elements": [{"startIndex": 1, "endIndex": 2,
                      "textRun": {"content": "\n", "textStyle": {}}}],
        "paragraphStyle": {"namedStyleType": "NORMAL_TEXT", "direction": "LEFT_TO_RIGHT"},
    }  # fmt: skip
    return {
        "content": [
            {"endIndex": 1, "sectionBreak": {"sectionStyle": section}},
            {"startIndex": 1, "endIndex": 2, "paragraph": paragraph},
        ]
    }


def document_style() -> dict[str, Any]:
    """A US Letter page with 1-inch margins, as a new Doc has."""
    return {
        "background": {"color": {}},
        "pageNumberStart": 1,
        "marginTop": _pt(72), "marginBottom": _pt(72), "marginRight": _pt(72),
        "marginLeft": _pt(72),
        "pageSize": {"height": _pt(792), "width": _pt(612)},
        "marginHeader": _pt(36), "marginFooter": _pt(36),
        "useCustomHeaderFooterMargins": True,
        "documentFormat": {"documentMode": "PAGES"},
    }  # fmt: skip


def _border() -> dict[str, Any]:
    return {"color": {}, "width": _pt(), "padding": _pt(), "dashStyle": "SOLID"}


def _normal_text() -> dict[str, Any]:
    text = {
        "bold": False, "italic": False, "underline": False, "strikethrough": False,
        "smallCaps": False, "backgroundColor": {}, "foregroundColor": {"color": {"rgbColor": {}}},
        "fontSize": _pt(11), "weightedFontFamily": {"fontFamily": "Arial", "weight": 400},
        "baselineOffset": "NONE",
    }  # fmt: skip
    paragraph = {
        "namedStyleType": "NORMAL_TEXT", "alignment": "START", "lineSpacing": 115,
        "direction": "LEFT_TO_RIGHT", "spacingMode": "NEVER_COLLAPSE",
        "spaceAbove": _pt(), "spaceBelow": _pt(),
        "borderBetween": _border(), "borderTop": _border(), "borderBottom": _border(),
        "borderLeft": _border(), "borderRight": _border(),
        "indentFirstLine": _pt(), "indentStart": _pt(), "indentEnd": _pt(),
        "keepLinesTogether": False, "keepWithNext": False, "avoidWidowAndOrphan": True,
        "shading": {"backgroundColor": {}}, "pageBreakBefore": False,
    }  # fmt: skip
    return {"namedStyleType": "NORMAL_TEXT", "textStyle": text, "paragraphStyle": paragraph}


# (name, font size, grey level or None, italic, space above, space below)
_HEADINGS = (
    ("HEADING_1", 20, None, False, 20, 6),
    ("HEADING_2", 16, None, False, 18, 6),
    ("HEADING_3", 14, 0.2627451, False, 16, 4),
    ("HEADING_4", 12, 0.4, False, 14, 4),
    ("HEADING_5", 11, 0.4, False, 12, 4),
    ("HEADING_6", 11, 0.4, True, 12, 4),
    ("TITLE", 26, None, False, 0, 3),
    ("SUBTITLE", 15, 0.4, False, 0, 16),
)


def named_styles() -> dict[str, Any]:
    """The default NORMAL_TEXT, HEADING_1..6, TITLE and SUBTITLE styles."""
    styles = [_normal_text()]
    for name, size, grey, italic, above, below in _HEADINGS:
        text: dict[str, Any] = {"fontSize": _pt(size)}
        if grey is not None:
            text["foregroundColor"] = _grey(grey)
        if italic:
            text["italic"] = True
        paragraph = {
            "headingId": new_heading_id(), "namedStyleType": name,
            "direction": "LEFT_TO_RIGHT", "spaceAbove": _pt(above), "spaceBelow": _pt(below),
            "keepLinesTogether": True, "keepWithNext": True, "pageBreakBefore": False,
        }  # fmt: skip
        styles.append({"namedStyleType": name, "textStyle": text, "paragraphStyle": paragraph})
    return {"styles": styles}


def new_document(document_id: str, title: str, revision_id: str) -> dict[str, Any]:
    """A new empty document in the stored (tabs) form."""
    tab = {
        "tabProperties": {"tabId": FIRST_TAB_ID, "title": "Tab 1", "index": 0},
        "documentTab": {
            "body": new_body(),
            "documentStyle": document_style(),
            "namedStyles": named_styles(),
        },
    }
    return {
        "title": title,
        "revisionId": revision_id,
        "suggestionsViewMode": "SUGGESTIONS_INLINE",
        "documentId": document_id,
        "tabs": [tab],
    }

"""Template definitions (``sheets_templates/*.yaml``) read into plain objects, checked on load.

A definition is data: which blocks a doc template holds (title, headings, hints, labels,
placeholders the weekly ``prepare`` fills, static tables), or which rows a Sheet-form template
holds. A malformed file is refused with the file and the block at fault.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import yaml

from service.errors import InputError

TEMPLATES_DIR: Final[Path] = Path(__file__).resolve().parents[2] / "sheets_templates"
FILES: Final[dict[str, str]] = {
    "ae": "ae_doc.yaml",
    "manager": "manager_doc.yaml",
    "vp": "vp_doc.yaml",
    "ae_sheet": "ae_sheet.yaml",
}
BlockKind = Literal[
    "title", "heading1", "heading2", "heading3", "text", "label", "hint", "placeholder", "table"
]
TEXT_KINDS: Final[tuple[BlockKind, ...]] = (
    "title", "heading1", "heading2", "heading3", "text", "label", "hint", "placeholder",
)  # fmt: skip
# The leader docs' own (manager and VP templates): filled from the team brief and the last doc.
LEADER_PLACEHOLDERS: Final[frozenset[str]] = frozenset(
    {"team_outliers", "team_tiers", "running_initiatives"}
)
PLACEHOLDERS: Final[frozenset[str]] = frozenset(
    {"key_metrics_table", "carried_commitments", *LEADER_PLACEHOLDERS}
)


def marker(name: str) -> str:
    """The text a placeholder or merge field has in a template: ``{{name}}``."""
    return "{{" + name + "}}"


@dataclass(frozen=True)
class Block:
    """One paragraph (or table) of a doc template."""

    kind: BlockKind
    text: str = ""  # for a placeholder: its marker, e.g. "{{key_metrics_table}}"
    columns: tuple[str, ...] = ()  # table header
    rows: tuple[tuple[str, ...], ...] = ()  # table body


@dataclass(frozen=True)
class DocTemplate:
    """A doc template: its Drive name, the title pattern of its copies, its blocks."""

    template: str
    name: str
    title: str
    blocks: tuple[Block, ...]
    required: tuple[str, ...]
    version: str  # a digest of the definition: install rewrites a template when it changes

    @property
    def headings(self) -> tuple[str, ...]:
        """The section headings (HEADING_2 texts), in order."""
        return tuple(b.text for b in self.blocks if b.kind == "heading2")


@dataclass(frozen=True)
class SheetTemplate:
    """A Sheet-form template: one tab of rows (column A section, B answer, C done)."""

    template: str
    name: str
    title: str
    tab: str
    rows: tuple[tuple[str, ...], ...]
    version: str


def load_doc_template(template: str, directory: Path = TEMPLATES_DIR) -> DocTemplate:
    """The doc template named ``template`` (ae, manager, vp)."""
    path, data = _read(template, directory)
    if data.get("kind") != "doc":
        raise InputError(f"{path}: kind must be 'doc'")
    blocks = tuple(_block(path, i, raw) for i, raw in enumerate(_list(path, data, "blocks")))
    required = tuple(str(r) for r in data.get("required") or ())
    headings = {b.text for b in blocks if b.kind.startswith("heading")}
    unknown = [r for r in required if r not in headings]
    if unknown:
        raise InputError(f"{path}: required heading(s) not in the blocks: {', '.join(unknown)}")
    return DocTemplate(
        template=template,
        name=_text(path, data, "name"),
        title=_text(path, data, "title"),
        blocks=blocks,
        required=required,
        version=_digest(data),
    )


def load_sheet_template(template: str, directory: Path = TEMPLATES_DIR) -> SheetTemplate:
    """The Sheet-form template named ``template`` (ae_sheet)."""
    path, data = _read(template, directory)
    if data.get("kind") != "sheet":
        raise InputError(f"{path}: kind must be 'sheet'")
    rows = tuple(
        tuple(str(cell) for cell in _row(path, i, row))
        for i, row in enumerate(_list(path, data, "rows"))
    )
    return SheetTemplate(
        template=template,
        name=_text(path, data, "name"),
        title=_text(path, data, "title"),
        tab=str(data.get("tab") or "1:1"),
        rows=rows,
        version=_digest(data),
    )


def _read(template: str, directory: Path) -> tuple[Path, dict[str, Any]]:
    if template not in FILES:
        raise InputError(f"unknown template {template!r}; one of {', '.join(FILES)}")
    path = directory / FILES[template]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the template definition ({exc})") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict) or data.get("template") != template:
        raise InputError(f"{path}: expected a mapping with 'template: {template}'")
    return path, data


def _block(path: Path, index: int, raw: Any) -> Block:
    where = f"{path}: blocks[{index}]"
    if not isinstance(raw, dict) or len(raw) != 1:
        raise InputError(f"{where}: a block is one of 'kind: text' (e.g. 'hint: Type here...')")
    ((kind, value),) = raw.items()
    if kind == "table":
        if not isinstance(value, dict) or not value.get("columns"):
            raise InputError(f"{where}: a table needs 'columns'")
        columns = tuple(str(c) for c in value["columns"])
        rows = tuple(
            tuple(str(c) for c in _row(path, i, r)) for i, r in enumerate(value.get("rows") or ())
        )
        if any(len(row) != len(columns) for row in rows):
            raise InputError(f"{where}: every table row needs {len(columns)} cells")
        return Block("table", columns=columns, rows=rows)
    if kind not in TEXT_KINDS or not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: unknown block {kind!r} or empty text")
    if "\n" in value:
        raise InputError(f"{where}: one paragraph per block (no line breaks)")
    if kind == "placeholder":
        if value not in PLACEHOLDERS:
            raise InputError(f"{where}: placeholder is one of {', '.join(sorted(PLACEHOLDERS))}")
        return Block("placeholder", marker(value))
    return Block(kind, value)


def _row(path: Path, index: int, row: Any) -> list[Any]:
    if not isinstance(row, list):
        raise InputError(f"{path}: row {index} is not a list of cells")
    return row


def _list(path: Path, data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise InputError(f"{path}: '{key}' must be a non-empty list")
    return value


def _text(path: Path, data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{path}: '{key}' is required")
    return value


def _digest(data: dict[str, Any]) -> str:
    canonical = yaml.safe_dump(data, sort_keys=True, allow_unicode=True)
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]

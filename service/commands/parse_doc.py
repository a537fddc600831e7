"""`oneonone parse-doc FILE`: parse a saved Docs `documents.get` JSON and print the result."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from service.commands.json_input import read_json
from service.errors import InputError

HELP = "parse a 1:1 doc saved as Docs API JSON and print sections, energy and commitments"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    parser.add_argument("file", type=Path, help="a documents.get response saved as JSON")


def run(args: argparse.Namespace) -> int:
    """Print contract 1's JSON object; raise InputError (exit 2) when FILE is not a document."""
    from service.domain.doc_parser import parse_document

    doc = load_document(args.file)
    print(json.dumps(parse_document(doc).to_dict(), ensure_ascii=False, indent=2))
    return 0


def load_document(path: Path) -> dict[str, Any]:
    """The document in ``path``, or InputError with a one-line reason."""
    doc = read_json(path)
    problem = document_problem(doc)
    if problem:
        raise InputError(f"{path}: not a Google Docs document ({problem})")
    assert isinstance(doc, dict)
    return doc


def document_problem(doc: Any) -> str | None:
    """Why ``doc`` is not a ``documents.get`` response, or None when it is one."""
    if not isinstance(doc, dict):
        return f"expected a JSON object, got {type(doc).__name__}"
    if "body" not in doc and "tabs" not in doc:
        return "no 'body' or 'tabs'"
    if "body" in doc and not isinstance(doc["body"], dict):
        return "'body' is not an object"
    if "body" in doc and not isinstance(doc["body"].get("content", []), list):
        return "'body.content' is not a list"
    if "tabs" in doc and not isinstance(doc["tabs"], list):
        return "'tabs' is not a list"
    return None

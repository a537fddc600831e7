"""`oneonone parse-doc FILE`: parse a saved Docs `documents.get` JSON and print the result.

Commitments' coaching categories come from ``program.yaml`` in ``--config DIR`` (default
``$ONEONONE_CONFIG``, else ``config/example``); only that file is read, so a directory holding
just ``program.yaml`` will do. When the default directory (or its ``program.yaml``) does not
exist, the built-in categories apply: parsing a doc needs no configuration.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from service.commands.config_arg import DEFAULT
from service.commands.json_input import one_line, read_json
from service.errors import ConfigError, InputError

HELP = "parse a 1:1 doc saved as Docs API JSON and print sections, energy and commitments"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    parser.add_argument("file", type=Path, help="a documents.get response saved as JSON")
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help=f"configuration directory whose program.yaml names the coaching categories "
        f"(default {DEFAULT}; built-in categories when it does not exist)",
    )


def run(args: argparse.Namespace) -> int:
    """Print contract 1's JSON object; raise InputError (exit 2) when FILE is not a document."""
    from service.domain.doc_parser import parse_document

    categories = coaching_categories(args.config)
    doc = load_document(args.file)
    print(json.dumps(parse_document(doc, categories).to_dict(), ensure_ascii=False, indent=2))
    return 0


def coaching_categories(given: Path | None) -> tuple[str, ...]:
    """``program.yaml: coaching_categories`` of the directory ``given`` (or the default one);
    the built-in ones when the default directory or the file is absent."""
    import yaml
    from pydantic import ValidationError

    from service.settings.models import ProgramConfig

    directory = given or DEFAULT
    path = directory / "program.yaml"
    if given is not None and not directory.is_dir():
        raise ConfigError([f"{directory}: configuration directory not found"])
    if not path.is_file():
        return tuple(ProgramConfig().coaching_categories)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        program = ProgramConfig.model_validate({} if data is None else data)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError([f"{path}: cannot be read ({one_line(exc)})"]) from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}"
            for e in exc.errors()
        )
        raise ConfigError([f"{path}: {one_line(problems)}"]) from None
    return tuple(program.coaching_categories)


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

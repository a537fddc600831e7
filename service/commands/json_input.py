"""Reading the JSON file a command is given, with a one-line reason when it cannot."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from service.errors import InputError


def one_line(text: object) -> str:
    """``text`` (or an exception's message) on one line."""
    return " ".join(str(text).split())


def read_json(path: Path) -> Any:
    """The JSON value in ``path``, or InputError naming the file and what is wrong."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read as text ({one_line(exc)})") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not JSON ({one_line(exc)})") from None
    except RecursionError:
        # json.loads recurses once per level: no document or problem is nested this deep.
        raise InputError(f"{path}: JSON nested too deeply to be read") from None

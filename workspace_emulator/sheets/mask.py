"""Reading batchUpdate request bodies as Google does: field masks (``fields:
"gridProperties.frozenRowCount"``, ``"userEnteredFormat(backgroundColor,textFormat)"``, ``"*"``)
say which parts to copy over; ``null`` fields are unset; colors are 8-bit channels."""

from __future__ import annotations

import math
import struct
from typing import Any

from workspace_emulator.core.fields import parse
from workspace_emulator.core.framework import json_copy
from workspace_emulator.sheets.model import SheetsError


def paths(fields: str | None) -> list[list[str]]:
    """The leaf paths of a mask; both ``.`` and ``/`` separate names."""
    if not fields or not fields.strip():
        raise SheetsError("At least one field must be specified in 'fields'.")
    out: list[list[str]] = []

    def walk(tree: dict[str, Any], prefix: list[str]) -> None:
        for name, sub in tree.items():
            if sub:
                walk(sub, [*prefix, name])
            else:
                out.append([*prefix, name])

    walk(parse(fields.replace(".", "/")), [])
    return out


def apply(target: dict[str, Any], source: dict[str, Any], mask: list[list[str]]) -> None:
    """Copy the masked parts of ``source`` into ``target``; a part absent from ``source``
    is removed from ``target`` (that is how a mask clears a field)."""
    for path in mask:
        if path[-1] == "*":
            path = path[:-1]
            if not path:
                target.clear()
                target.update(json_copy(source))
                continue
        src: Any = source
        for name in path:
            src = src.get(name) if isinstance(src, dict) else None
        node = target
        for name in path[:-1]:
            child = node.get(name)
            if not isinstance(child, dict):
                if src is None:
                    break
                child = node[name] = {}
            node = child
        else:
            if src is None:
                node.pop(path[-1], None)
            else:
                node[path[-1]] = json_copy(src)
        _prune(target, path)


def _prune(target: dict[str, Any], path: list[str]) -> None:
    """Remove dicts left empty along ``path``."""
    chain = [target]
    for name in path[:-1]:
        child = chain[-1].get(name)
        if not isinstance(child, dict):
            return
        chain.append(child)
    for depth in range(len(chain) - 1, 0, -1):
        if not chain[depth]:
            chain[depth - 1].pop(path[depth - 1], None)


_COLOR_KEYS = frozenset(("red", "green", "blue", "alpha"))


def cleaned(value: Any) -> Any:
    """A request body as Google reads it: ``null`` fields are unset, and colors are kept as
    8-bit channels shown as float32, zero components left out (0.5 -> 127/255, answered as
    ``{"red": 1, "blue": 0.49803922}`` in the gspread recordings)."""
    if isinstance(value, list):
        return [cleaned(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: cleaned(v) for k, v in value.items() if v is not None}
    if isinstance(out.get("numberValue"), str):  # proto JSON reads "3" as the double 3
        out["numberValue"] = _double(out["numberValue"])
    if out and set(out) <= _COLOR_KEYS and all(isinstance(v, int | float) for v in out.values()):
        out = {k: _float32(_channel(k, float(v))) for k, v in out.items() if v}
    return out


def _double(text: str) -> float | int:
    try:
        number = float(text)
    except ValueError:
        raise SheetsError(f'Invalid value at numberValue (TYPE_DOUBLE), "{text}"') from None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _channel(key: str, number: float) -> float:
    if key == "alpha":
        return number
    return math.floor(min(max(number, 0.0), 1.0) * 255 + 1e-6) / 255


def _float32(number: float) -> float | int:
    packed = struct.pack("f", number)
    for digits in range(1, 10):
        short = float(f"{struct.unpack('f', packed)[0]:.{digits}g}")
        if struct.pack("f", short) == packed:
            return int(short) if short.is_integer() else short
    return number

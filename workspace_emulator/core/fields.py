"""Google's partial-response ``fields`` parameter: ``a,b/c,items(x,y)``, ``*``."""

from __future__ import annotations

from typing import Any

from workspace_emulator.core.framework import ApiError


def parse(spec: str) -> dict[str, Any]:
    """A field mask as a tree: ``{"a": {}, "b": {"c": {}}, "items": {"x": {}, "y": {}}}``.

    Unbalanced parentheses are Google's 400 "Invalid field selection"."""
    depth = 0
    for char in spec:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        raise ApiError(400, f"Invalid field selection {spec}", reason="invalidParameter",
                       location="fields")  # fmt: skip
    tree: dict[str, Any] = {}
    i = 0

    def walk(level: dict[str, Any], stop: str) -> None:
        nonlocal i
        name = ""
        while i < len(spec) and spec[i] not in stop:
            char = spec[i]
            i += 1
            if char == ",":
                _add(level, name)
                name = ""
            elif char == "(":
                node = _add(level, name)
                walk(node, ")")
                i += 1  # the ")"
                name = ""
            else:
                name += char
        _add(level, name)

    walk(tree, "")
    return tree


def _add(level: dict[str, Any], name: str) -> dict[str, Any]:
    name = name.strip()
    if not name:
        return level
    node = level
    for part in name.split("/"):
        node = node.setdefault(part, {})
    return node


def apply_fields(body: Any, spec: str) -> Any:
    """``body`` reduced to the fields of ``spec``."""
    return _select(body, parse(spec))


def _select(value: Any, tree: dict[str, Any]) -> Any:
    if not tree or "*" in tree:
        return value
    if isinstance(value, list):
        return [_select(item, tree) for item in value]
    if not isinstance(value, dict):
        return value
    return {k: _select(value[k], sub) for k, sub in tree.items() if k in value}

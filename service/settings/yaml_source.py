"""Reading one YAML configuration file: data, the line of every field, and one-line refusals.

PyYAML's ``safe_load`` is lenient where a configuration must not be: a key given twice keeps
the later value without a word (a second ``teams:`` made a whole team vanish), and a bad
scalar (``2019-02-30``, ``!!int abc``) escapes as a bare ``ValueError`` with no line. The
loader here refuses the first and turns the second into a marked YAML error; the file is
parsed once, and the same node tree gives every field path its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import yaml
from yaml.constructor import ConstructorError

from service.errors import ConfigError

Loc = tuple[str | int, ...]
MERGE_TAG: Final[str] = "tag:yaml.org,2002:merge"
# Aliases let a few lines stand for an exponential number of values ("billion laughs"):
# validating them would hang. No real configuration comes near this many.
MAX_VALUES: Final[int] = 200_000


class DuplicateKeyError(ConstructorError):
    """A mapping gives the same key twice."""

    def __init__(self, key: Any, first: yaml.Mark, again: yaml.Mark) -> None:
        super().__init__(None, None, f"duplicate key {key!r}", again)
        self.key = key
        self.first_line = first.line + 1


class StrictLoader(yaml.SafeLoader):
    """``SafeLoader`` that refuses duplicate keys and reports every bad scalar with its line."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Mark] = {}
        for key_node, _value in node.value:
            if key_node.tag == MERGE_TAG:
                continue  # "<<: *defaults" then overriding one key is the point of merging
            key = self.construct_object(key_node, deep=True)
            try:
                if key in seen:
                    raise DuplicateKeyError(key, seen[key], key_node.start_mark)
                seen[key] = key_node.start_mark
            except TypeError:
                continue  # an unhashable key: SafeLoader refuses it below, with its line
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError) as exc:
            # "!!int abc", "!!bool maybe", "!!float ''": PyYAML's constructors raise these
            # bare; say which value, where.
            shown = node.value if isinstance(node, yaml.ScalarNode) else node.tag
            problem = f"cannot read {shown!r} as {node.tag.rsplit(':', 1)[-1]} ({exc})"
            raise ConstructorError(None, None, problem, node.start_mark) from None

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """An impossible date (``2019-02-30``) stays text, so the field that wanted a date
        refuses it with its own path and line."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, AttributeError):  # AttributeError: "!!timestamp" on non-dates
            return self.construct_scalar(node)


StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictLoader.construct_yaml_timestamp)


def read_yaml(path: Path, shown: str) -> tuple[Any, dict[Loc, int]]:
    """The file's data and the 1-based line of every field path, or ``ConfigError``."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError([f"{shown}: is not UTF-8 text"]) from None
    except IsADirectoryError:
        raise ConfigError([f"{shown}: is a directory, not a YAML file"]) from None
    except OSError as exc:
        raise ConfigError([f"{shown}: cannot be read ({exc.strerror or exc})"]) from None
    try:
        loader = StrictLoader(text)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        reason = f"character #x{exc.character:04x} is not allowed in YAML"
        raise ConfigError([f"{shown}: line {line}: invalid YAML: {reason}"]) from None
    try:
        node = loader.get_single_node()
        lines = line_map(node)
        data = loader.construct_document(node) if node is not None else None
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        again = mark.line + 1 if mark else 0
        where = next(
            (loc for loc, line in lines.items() if line == again and loc[-1:] == (str(exc.key),)),
            (str(exc.key),),
        )
        raise ConfigError(
            [
                f"{shown}: {format_loc(where)}: duplicate key {exc.key!r} (first at line "
                f"{exc.first_line}; YAML would silently keep only the later one) (line {again})"
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = f"line {mark.line + 1}: " if mark else ""
        said = [exc.context, exc.problem] if exc.problem else [str(exc)]
        problem = " ".join(" ".join(filter(None, said)).split())
        raise ConfigError([f"{shown}: {at}invalid YAML: {problem}"]) from None
    except yaml.YAMLError as exc:
        raise ConfigError([f"{shown}: invalid YAML: {' '.join(str(exc).split())}"]) from None
    except RecursionError:
        raise ConfigError([f"{shown}: invalid YAML: nested too deeply"]) from None
    finally:
        loader.dispose()
    return ({} if data is None else data), lines


def line_map(node: yaml.Node | None) -> dict[Loc, int]:
    """Map every field path in a YAML document to its 1-based line.

    Refuses a document whose aliases expand to more than ``MAX_VALUES`` values.
    """
    out: dict[Loc, int] = {}
    if node is None:
        return out
    stack: list[tuple[yaml.Node, Loc]] = [(node, ())]
    visited = 0
    while stack:
        current, loc = stack.pop()
        visited += 1
        if visited > MAX_VALUES:
            raise ConstructorError(
                None,
                None,
                f"more than {MAX_VALUES} values once aliases are expanded",
                current.start_mark,
            )
        out.setdefault(loc, current.start_mark.line + 1)
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                child = (*loc, str(key.value))
                out[child] = key.start_mark.line + 1
                stack.append((value, child))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, (*loc, index)) for index, item in enumerate(current.value))
    return out


def format_loc(loc: Loc) -> str:
    """``('teams', 1, 'reps', 3, 'email')`` -> ``teams[1].reps[3].email``."""
    out = ""
    for part in loc:
        if isinstance(part, str) and not part.isprintable():
            part = repr(part)  # a key holding a newline or an escape stays on one line
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"

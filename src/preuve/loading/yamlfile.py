"""Safe YAML with line numbers and without YAML 1.1 surprises.

The loader is PyYAML's ``SafeLoader`` (no object construction) with two changes:
mappings and sequences become :class:`LDict`/:class:`LList` carrying their lines, and only
YAML 1.2 core scalars are typed. ``10:30`` stays a string (YAML 1.1 reads it as 630, base 60),
``no`` stays a string, and dates stay strings so the validator parses them with a clear message.
Digits with a leading zero (``04971234597``, an NDA from La Réunion) stay strings too: YAML 1.1
reads them as octal, which changes the number or fails outright. What YAML 1.1 adds beyond plain
values is refused, not half-read: a merge key (``<<: *defaults``, whose fields were silently
missing) and the tags ``!!set`` (in no fixed order: a build of one commit made other bytes),
``!!omap``, ``!!pairs`` and ``!!binary``. A text may not hold, through an escape in quotes
(``"\\e[31m"``, ``"\\u202E"``), a character the file itself may not (``loading/text.py``).

Every YAML file preuve reads (records, front matter, wording overrides) goes through
:func:`parse_yaml`, which holds them to limits (docs/security.md): nesting depth
(:data:`MAX_DEPTH`), values and text repeated by aliases (:data:`MAX_ALIAS_NODES`,
:data:`MAX_ALIAS_CHARS`: an alias bomb is a message, not gigabytes) and no alias inside its own anchor. The size of files is limited where
they are read.
"""

from __future__ import annotations

import operator
import re
from typing import Any

import yaml

from ..diagnostics import shorten
from .located import LDict, LList, LoadError
from .text import escaped_character

MAX_DEPTH = 100  # levels of nested mappings and lists; records need fewer than 10
MAX_ALIAS_NODES = 100_000  # values that aliases (*name) may repeat in one file
MAX_ALIAS_CHARS = 1_000_000  # characters of text they may repeat (a long text, repeated)
_COLLECTION = (yaml.MappingNode, yaml.SequenceNode)
_VALUE = operator.attrgetter("value")


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader in pure Python: its error messages are the clearer ones."""

    line_offset = 0  # lines before the YAML text (front matter), for messages built while loading
    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # PyYAML composes recursively: past the limit, a message instead of a RecursionError.
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                                  self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _FastLoader(getattr(yaml, "CSafeLoader", _Loader)):  # type: ignore[misc]
    """The same rules on libyaml's parser, ~10x faster on large registries; used first."""

    line_offset = 0


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Any:
    result = LDict(line=node.start_mark.line + 1)
    yield result
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:str" and key_node.value == "<<" and not key_node.style:
            raise yaml.constructor.ConstructorError(
                None, None, "'<<' (a merge key) is YAML 1.1, which preuve does not read: write the fields out",
                key_node.start_mark)
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            )
        key = str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{shorten(key)}' (already set on line "
                f"{result.key_lines[key] + loader.line_offset})",
                key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> Any:
    result = LList(line=node.start_mark.line + 1)
    yield result
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.item_lines.append(item.start_mark.line + 1)


def _construct_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    value = loader.construct_scalar(node)
    if (problem := escaped_character(value)) is not None:
        raise LoadError(node.start_mark.line + 1 + loader.line_offset, problem)
    return value


def _refuse_tag(loader: _Loader, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(
        None, None, f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not read by preuve: write a "
        "list (- item), a mapping (key: value) or a text", node.start_mark)


def _construct_number(kind: type) -> Any:
    """Base-10 numbers only (an explicit ``!!int 0x1F`` or ``!!float 1:30`` is reported, not guessed)."""

    def construct(loader: _Loader, node: yaml.ScalarNode) -> Any:
        value = str(loader.construct_scalar(node)).strip()
        try:
            if "_" in value:  # Python would accept 1_000, YAML 1.2 does not
                raise ValueError(value)
            return kind(value)
        except ValueError:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{shorten(value)}' is not a {'whole number' if kind is int else 'number'}",
                node.start_mark) from None

    return construct


for _cls in (_Loader, _FastLoader):
    _cls.yaml_implicit_resolvers = {}
    for _tag, _regexp, _first in (
        ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
        ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", list("-+0123456789")),
        ("tag:yaml.org,2002:float", r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$",
         list("-+0123456789.")),
    ):
        _cls.add_implicit_resolver(_tag, re.compile(_regexp), _first)
    _cls.add_constructor("tag:yaml.org,2002:map", _construct_map)
    _cls.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
    _cls.add_constructor("tag:yaml.org,2002:int", _construct_number(int))
    _cls.add_constructor("tag:yaml.org,2002:float", _construct_number(float))
    # Explicit tags that would build timestamps or binary blobs are read as plain text.
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)
    _cls.add_constructor("tag:yaml.org,2002:str", _construct_text)
    for _tag in ("set", "omap", "pairs", "binary"):
        _cls.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)



def parse_yaml(text: str, line_offset: int = 0) -> Any:
    """Parse one YAML document; raises :class:`LoadError` with the line of the fault."""
    try:
        data = _load(_FastLoader, text, line_offset)
    except LoadError:
        raise
    except Exception:  # noqa: BLE001 - parsed again below for the clearer message
        data = _parse_slowly(text, line_offset)
    if line_offset:
        _shift(data, line_offset, set())
    return data


def _load(loader_class: type, text: str, line_offset: int) -> Any:
    loader = loader_class(text)  # safe loaders: build no objects
    loader.line_offset = line_offset
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_shape(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _children(node: yaml.Node) -> tuple[list[tuple[yaml.Node, yaml.Mark]], list[yaml.Node]]:
    """The mappings and lists directly in ``node``, each with the mark to report a problem at, and
    its scalars, keys included (an alias to a scalar repeats its text)."""
    if isinstance(node, yaml.MappingNode):
        collections = [(value, key.start_mark) for key, value in node.value if isinstance(value, _COLLECTION)]
        collections += [(key, key.start_mark) for key, _ in node.value if isinstance(key, _COLLECTION)]
        nodes: list[yaml.Node] = [child for pair in node.value for child in pair]
    else:
        collections = [(item, node.start_mark) for item in node.value if isinstance(item, _COLLECTION)]
        nodes = node.value
    return collections, [child for child in nodes if child.__class__ is yaml.ScalarNode] if collections else nodes


def _check_shape(root: yaml.Node) -> None:
    """Depth, aliases and cycles of a composed document, walked without recursion.

    An alias is the same node met again: the values and the characters of text it repeats are
    counted against :data:`MAX_ALIAS_NODES` and :data:`MAX_ALIAS_CHARS` (a long text repeated by
    aliases is as long, once printed, hashed or validated, as if written out), and an alias met
    inside its own anchor (a cycle) is refused."""
    if not isinstance(root, _COLLECTION):
        return
    # id(node) -> (values it stands for, characters of its scalars, levels), aliases expanded
    measured: dict[int, tuple[int, int, int]] = {}
    scalars_met: list[yaml.Node] = []  # every scalar where it is met, an alias's again
    on_path: set[int] = set()
    repeated = repeated_chars = 0
    stack: list[tuple[yaml.Node, int, yaml.Mark, Any]] = [(root, 1, root.start_mark, None)]
    while stack:
        node, level, mark, children = stack.pop()
        key = id(node)
        if children is not None:  # its children are measured: measure it
            on_path.discard(key)
            collections, scalars = children
            inner = [measured[id(c)] for c, _ in collections]
            measured[key] = (1 + len(scalars) + sum(m[0] for m in inner),
                             sum(map(len, map(_VALUE, scalars))) + sum(m[1] for m in inner),
                             1 + max((m[2] for m in inner), default=1))
            continue
        if key in on_path:
            raise _shape_error(mark, "an alias (*name) is used inside its own anchor (&name)")
        if level >= MAX_DEPTH:  # its scalars are one level deeper still
            raise _shape_error(mark, f"nested more than {MAX_DEPTH} levels deep")
        if key in measured:  # met before: an alias
            values, chars, height = measured[key]
            _check_repeated(repeated := repeated + values, repeated_chars := repeated_chars + chars, mark)
            if level + height - 1 > MAX_DEPTH:
                raise _shape_error(mark, f"nested more than {MAX_DEPTH} levels deep (through an alias)")
            continue
        collections, scalars = _children(node)
        scalars_met += scalars
        on_path.add(key)
        stack.append((node, level, mark, (collections, scalars)))
        stack.extend((child, level + 1, child_mark, None) for child, child_mark in reversed(collections))
    _check_scalar_aliases(scalars_met, repeated_chars)


def _check_scalar_aliases(scalars: list[yaml.Node], repeated_chars: int) -> None:
    """Texts repeated by aliases to them (``*name`` for a ``&name`` scalar), reported at the
    text's own line."""
    if len(set(map(id, scalars))) == len(scalars):
        return
    seen: set[int] = set()
    for scalar in scalars:
        if id(scalar) in seen:
            repeated_chars += len(scalar.value)
            _check_repeated(0, repeated_chars, scalar.start_mark)
        seen.add(id(scalar))


def _check_repeated(values: int, chars: int, mark: yaml.Mark) -> None:
    for count, limit, what in ((values, MAX_ALIAS_NODES, "values"), (chars, MAX_ALIAS_CHARS, "characters")):
        if count > limit:
            raise _shape_error(mark, f"aliases (*name) repeat more than {limit:,} {what} in this file: "
                               "write the values out, or use fewer aliases")


def _shape_error(mark: yaml.Mark, problem: str) -> yaml.composer.ComposerError:
    return yaml.composer.ComposerError(None, None, problem, mark)


def _parse_slowly(text: str, line_offset: int) -> Any:
    """The pure-Python parser, whose messages name the problem and its start precisely."""
    try:
        return _load(_Loader, text, line_offset)
    except LoadError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context == "while scanning a simple key" and exc.context_mark:
            mark = exc.context_mark  # the line missing its ':', not the next one
        line = (mark.line + 1 if mark else 1) + line_offset
        problem = exc.problem or exc.context or "invalid YAML"
        start = exc.context_mark.line + 1 + line_offset if exc.context_mark else line
        if exc.problem and exc.context and exc.context.startswith("while "):
            if start != line:
                problem += f" ({exc.context} that starts on line {start})"
        elif exc.problem and exc.context:  # "expected a single document in the stream", ...
            where = f" (line {start})" if exc.context.endswith("first occurrence") else ""
            problem = f"{exc.context}{where}, {exc.problem}"
        if exc.problem == "mapping values are not allowed here":
            problem += " (put the value in quotes if it contains ': ')"
        raise LoadError(line, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, other controls)
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        raise LoadError(line, f"invalid YAML: the character U+{exc.character:04X} is not allowed in a "
                        "YAML file (the file is damaged, or not text)") from None
    except (yaml.YAMLError, ValueError, TypeError, KeyError) as exc:
        # Explicit tags (!!bool maybe, !!timestamp ...) can fail inside PyYAML without a mark.
        raise LoadError(1 + line_offset, f"invalid YAML: {exc}") from None


def _shift(data: Any, offset: int, seen: set[int]) -> None:
    # An alias (*name) shares one object between places: shift it once only.
    if not isinstance(data, (LDict, LList)) or id(data) in seen:
        return
    seen.add(id(data))
    if isinstance(data, LDict):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            _shift(value, offset, seen)
    elif isinstance(data, LList):
        data.line += offset
        data.item_lines = [v + offset for v in data.item_lines]
        for value in data:
            _shift(value, offset, seen)

"""YAML read with bounded work: aliases may not multiply a document, and no scalar raises.

PyYAML's safe loader shares the value of an anchor among its aliases, so loading an alias bomb
(`&a [lol, …]`, `&b [*a, *a, …]`, …) is cheap, but anything that then walks the value (a check,
an error message, a page) does the expansion: 417 bytes became a 312 MB message. `load` counts
the nodes a document would have with every alias expanded and refuses it when aliases add more
than `ALIAS_NODES`. libyaml (PyYAML's C loader) already refuses nesting deeper than 1,000.
Impossible dates (`2025-02-30`, `0000-00-00`) and integers longer than Python converts load as
the `Unreadable` text they were written as, so that the record using them can say so.
"""

from __future__ import annotations

from typing import Any

import yaml

ALIAS_NODES = 10_000  # nodes that aliases may add to a document, beyond its own
CAP = 1 << 40
Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Unreadable(str):
    """A scalar YAML types (a timestamp, an integer) that is no value of its type."""

    __slots__ = ()


class Loader(Base):  # type: ignore[misc, valid-type]
    """The safe loader (libyaml's where PyYAML has it), with scalars that never raise."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return Unreadable(node.value)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # more digits than int() converts (sys.get_int_max_str_digits)
            return Unreadable(node.value)


Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)


class AliasBomb(yaml.YAMLError):
    """A document whose aliases would multiply it; `line` is where the document starts."""

    def __init__(self, expanded: int | None, line: int) -> None:
        super().__init__(
            "an alias inside its own anchor (&a [*a]) would expand it without end: refused"
            if expanded is None
            else f"its aliases (*name) would expand it to more than {expanded:,} values: "
            f"refused (an alias bomb?); aliases may add at most {ALIAS_NODES:,} values"
        )
        self.line = line


def expanded_size(root: yaml.Node) -> int | None:
    """How many nodes the document would have with every alias expanded (a shared node counted
    once per use), or None for a recursive one (`&a [*a]`: endless); iterative, in time linear
    in the number of distinct nodes."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done:
            open_nodes.discard(id(node))
            # Capped: the count only has to pass the bound, not grow to 9**16000.
            sizes[id(node)] = min(1 + sum(sizes[id(c)] for c in children), CAP)
            continue
        if id(node) in open_nodes:
            return None  # reached again from inside itself
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


NULLS = frozenset({"", "~", "null", "Null", "NULL"})
KEEP_TAGS = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})  # `<<: *a` works


def _as_text(root: yaml.Node) -> None:
    """Make every plain scalar but a null a string, as written: YAML 1.1 reads `yes` as True,
    `1.10` as 1.1 and `.inf` as infinity, which a field of text then shows wrongly."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            plain = not node.style  # None, or "" from libyaml
            if plain and node.value not in NULLS and node.tag not in KEEP_TAGS:
                node.tag = "tag:yaml.org,2002:str"
        else:
            stack.extend(_children(node))


def load(text: str, as_text: bool = False) -> tuple[yaml.Node | None, Any]:
    """A single YAML document's node tree (for line numbers) and its value; with `as_text`,
    every plain scalar but a null is the string written (for files of text only, such as the
    taxonomy). Raises `yaml.YAMLError` (with `problem_mark` for a syntax error) and
    `AliasBomb`."""
    loader = Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None
        if as_text:
            _as_text(root)
        if "*" in text:  # an alias is written `*name`: without one, nothing to count
            distinct = _count_distinct(root)
            total = expanded_size(root)
            if total is None or total > distinct + ALIAS_NODES:
                raise AliasBomb(total and distinct + ALIAS_NODES, root.start_mark.line + 1)
        return root, loader.construct_document(root)
    finally:
        loader.dispose()


def _count_distinct(root: yaml.Node) -> int:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen.add(id(node))
            stack.extend(_children(node))
    return len(seen)

"""Safe YAML loading that remembers line numbers, so data errors can say `file:line: field: message`.

Only PyYAML's SafeLoader machinery is used: tags that would construct Python objects are refused
with a ConstructorError and never executed.
"""

from __future__ import annotations

from typing import Any

import yaml


class LineDict(dict[Any, Any]):
    """A mapping from YAML that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class LineList(list[Any]):
    """A sequence from YAML that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]


class DuplicateKeyError(yaml.MarkedYAMLError):
    pass


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from exc
        if key in mapping:
            raise DuplicateKeyError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    seq = LineList(loader.construct_object(child, deep=True) for child in node.value)
    seq.line = node.start_mark.line + 1
    seq.item_lines = [child.start_mark.line + 1 for child in node.value]
    return seq


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

# The same loader on libyaml's C parser, when PyYAML was built with it: about 8x faster, which is
# what makes compiling 10,000 data files affordable. Only the scanner/parser differ; constructing
# (safe tags only, line numbers, duplicate keys) is the same Python code as above.
_FastLineLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):

    class _CLineLoader(yaml.CSafeLoader):
        pass

    _CLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _CLineLoader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence
    )
    _FastLineLoader = _CLineLoader


class YamlProblem(Exception):
    """The text is not loadable YAML; `line` is 1-based (0 when unknown)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_yaml(text: str) -> Any:
    """Parse one YAML document with line information; raise YamlProblem on any YAML error."""
    if _FastLineLoader is not None and "\t" not in text:  # libyaml accepts some tabs; PyYAML not
        try:
            return yaml.load(text, Loader=_FastLineLoader)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, AttributeError):
            pass  # the pure-Python parser below decides, with its own (tested) messages
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        what = exc.problem or exc.context or "invalid YAML"
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(what):
            what = f"{what} (tags that construct objects are not allowed)"
        raise YamlProblem(line, f"invalid YAML: {what}") from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(0, f"invalid YAML: {exc}") from exc
    except (ValueError, TypeError, OverflowError, AttributeError) as exc:
        # A value the safe constructors cannot build, e.g. `!!int x` or `!!timestamp nope`.
        raise YamlProblem(0, f"invalid YAML: a value cannot be read ({exc})") from exc

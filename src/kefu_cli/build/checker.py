"""The structural checks every part of the schema uses: mappings with known keys, typed values,
lists with their lines, and each problem recorded as `file:line: field: message`.

Apart from schema.py, which says what a platform file must contain; this says how a value is
checked and how a problem is reported.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from kefu_cli.build.yamlsource import LineDict, LineList

T = TypeVar("T")

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class Problem:
    """One problem in a data file, printed as `file:line: field: message`."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class Checker:
    """Walks one parsed file, recording problems with the line each value came from."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, field or "(file)", message))

    # -- structural helpers -------------------------------------------------------------------

    def mapping(
        self,
        value: Any,
        field: str,
        line: int,
        required: tuple[str, ...],
        optional: tuple[str, ...],
    ) -> LineDict | None:
        if not isinstance(value, LineDict):
            self.error(line, field, f"expected a mapping, got {_kind(value)}")
            return None
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                hint = _closest(str(key), allowed)
                self.error(
                    value.key_lines.get(key, value.line),
                    join_field(field, str(key)),
                    f"unknown key{hint}",
                )
        for key in required:
            if key not in value:
                self.error(value.line, join_field(field, key), "required key is missing")
        return value

    def get(
        self,
        m: LineDict,
        key: str,
        field: str,
        convert: Callable[[Any, str, int], T | None],
        default: T | None = None,
    ) -> T | None:
        if key not in m:
            return default
        return convert(m[key], join_field(field, key), m.key_lines.get(key, m.line))

    def text(self, value: Any, field: str, line: int) -> str | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.error(
                line, field, f'expected text, got a number: write it in quotes, like "{value}"'
            )
            return None
        if not isinstance(value, str):
            self.error(line, field, f"expected text, got {_kind(value)}")
            return None
        if not value.strip():
            self.error(line, field, "must not be empty")
            return None
        return value.strip()

    def text_list(self, value: Any, field: str, line: int) -> tuple[str, ...] | None:
        if not isinstance(value, LineList):
            self.error(line, field, f"expected a list, got {_kind(value)}")
            return None
        out = []
        for i, item in enumerate(value):
            got = self.text(item, f"{field}[{i}]", value.item_lines[i])
            if got is not None:
                out.append(got)
        return tuple(out)

    def choice(self, options: tuple[str, ...]) -> Callable[[Any, str, int], str | None]:
        def convert(value: Any, field: str, line: int) -> str | None:
            got = self.text(value, field, line)
            if got is not None and got not in options:
                self.error(line, field, f"{got!r} is not one of: {', '.join(options)}")
                return None
            return got

        return convert

    def identifier(self, value: Any, field: str, line: int) -> str | None:
        got = self.text(value, field, line)
        if got is not None and not ID_RE.match(got):
            self.error(line, field, f"{got!r} must be lower-case letters, digits, '-' or '_'")
            return None
        return got

    def date(self, value: Any, field: str, line: int) -> str | None:
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return _dt.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                pass
        self.error(line, field, f"expected a date like 2026-11-21, got {value!r}")
        return None

    def items(self, value: Any, field: str, line: int) -> list[tuple[Any, str, int]]:
        """A list's items with their field names and lines; an error if it is not a list."""
        if not isinstance(value, LineList):
            self.error(line, field, f"expected a list, got {_kind(value)}")
            return []
        return [(item, f"{field}[{i}]", value.item_lines[i]) for i, item in enumerate(value)]


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def join_field(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def _closest(key: str, allowed: set[str]) -> str:
    import difflib

    match = difflib.get_close_matches(key, sorted(allowed), n=1)
    return (
        f" (did you mean {match[0]!r}?)" if match else f" (allowed: {', '.join(sorted(allowed))})"
    )

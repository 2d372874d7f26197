"""What `kefu list` and `kefu validate` answer: about the catalog itself, not one platform.

Apart from results.py so that a lookup does not pay for defining them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ListRow:
    id: str
    name: str
    name_en: str | None
    aliases: tuple[str, ...]
    channels: int
    sources: tuple[str, ...]
    verified_at: str
    origin: str


@dataclass(frozen=True)
class ListResult:
    platforms: tuple[ListRow, ...]


@dataclass(frozen=True)
class ValidateProblem:
    file: str
    line: int
    field: str
    message: str


@dataclass(frozen=True)
class ValidateResult:
    files: tuple[str, ...]
    problems: tuple[ValidateProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

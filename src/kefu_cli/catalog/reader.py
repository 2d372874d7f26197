"""The compiled catalog's reader: open it if fresh, and answer questions from it.

A cache that cannot be read, is truncated, has another format, version or listing (freshness.py)
is not opened; one that fails while being read is rebuilt once through the `rebuild` callback that
commands.py hands in, never trusted again. The reader never imports the writer (build/).

Reading needs only sqlite3, zlib and json: no YAML, no schema, no pypinyin on a warm run. Rows are
fetched by key, so resolving one platform among 10,000 reads a handful of pages.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from kefu_cli import __version__
from kefu_cli.catalog.format import FORMAT, unpack
from kefu_cli.catalog.freshness import SourceState
from kefu_cli.catalog.model import Platform, platform_from_plain
from kefu_cli.catalog.text import is_cjk

T = TypeVar("T")
#: Builds a fresh catalog for this run's data and opens it (handed in by commands.py).
Rebuild = Callable[[], sqlite3.Connection]


class PlatformSummary:
    """One row of `kefu list` (a plain class: dataclasses cost import time on every run)."""

    __slots__ = (
        "aliases",
        "categories",
        "channels",
        "id",
        "name",
        "name_en",
        "origin",
        "sources",
        "verified_at",
    )

    def __init__(
        self,
        id: str,
        name: str,
        name_en: str | None,
        aliases: tuple[str, ...],
        channels: int,
        sources: tuple[str, ...],
        verified_at: str,
        origin: str,
        categories: tuple[str, ...] = (),
    ) -> None:
        self.id = id
        self.name = name
        self.name_en = name_en
        self.aliases = aliases
        self.channels = channels
        self.sources = sources
        self.categories = categories
        self.verified_at = verified_at
        self.origin = origin


class DataProblem:
    """A problem in a data file, carried in the catalog so every run can warn about it."""

    __slots__ = ("field", "file", "line", "message")

    def __init__(self, file: str, line: int, field: str, message: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"

    def __repr__(self) -> str:
        return f"DataProblem({self})"


class Catalog:
    """Read access to the compiled catalog; construct with `Catalog.open()`."""

    def __init__(
        self,
        db: sqlite3.Connection,
        path: Path,
        state: SourceState | None = None,
        rebuild: Rebuild | None = None,
    ) -> None:
        self._db = db
        self.path = path
        self._state = state
        self._rebuild = rebuild
        self._recovered = False
        self._platforms: dict[str, Platform] = {}
        self._readings: dict[str, tuple[str, ...]] = {}

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open_fresh(
        cls, state: SourceState, target: Path, rebuild: Rebuild | None = None
    ) -> Catalog | None:
        """The catalog at `target` if it was built from exactly `state`, else None (stale).

        `rebuild` is how a damaged file is replaced mid-run: the reader never imports the writer;
        commands.py, which decides when to build, hands it in.
        """
        db = open_if_fresh(target, state.key)
        return None if db is None else cls(db, target, state, rebuild)

    def _query(self, run: Callable[[sqlite3.Connection], T]) -> T:
        """Run a read; if the file turns out to be damaged, rebuild it once and read again.

        Damage shows as a SQLite error, or as a stored row that no longer unpacks (zlib, JSON):
        either way the file is not trusted again in this run.
        """
        try:
            return run(self._db)
        except (sqlite3.DatabaseError, zlib.error, ValueError):
            if self._recovered or self._rebuild is None:
                raise
        self._recovered = True
        self._db.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        self._db = self._rebuild()
        self._readings.clear()
        self._platforms.clear()
        for name in ("shared", "syllables", "signals", "problems", "_t2s"):
            self.__dict__.pop(name, None)
        return run(self._db)

    def _all(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        return self._query(lambda db: db.execute(sql, args).fetchall())

    # -- queries ----------------------------------------------------------------------------

    def _meta(self, key: str) -> Any:
        def read(db: sqlite3.Connection) -> Any:
            row = db.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
            return json.loads(row[0]) if row else None

        return self._query(read)

    @cached_property
    def shared(self) -> dict[str, Any]:
        return self._meta("shared") or {"variants": {}, "stopwords": [], "categories": {}}

    @cached_property
    def syllables(self) -> frozenset[str]:
        """Every toneless pinyin syllable the character table knows: what 'pinyin' means here."""
        return frozenset(self._meta("syllables") or ())

    def readings(self, text: str) -> dict[str, tuple[str, ...]]:
        """The readings of each character of `text` the table knows, usual one first: 还 ->
        ('hai', 'huan', 'fu'). Only the characters asked for are read: a query has a handful,
        the table 6,763 (GB2312)."""
        known = self._readings
        wanted = [ch for ch in dict.fromkeys(text) if ch not in known and ord(ch) > 0x7F]
        if wanted:
            for start in range(0, len(wanted), _IN_LIMIT):
                chunk = wanted[start : start + _IN_LIMIT]
                marks = ",".join("?" * len(chunk))
                for ch, readings in self._all(
                    f"SELECT ch, readings FROM chars WHERE ch IN ({marks})", tuple(chunk)
                ):
                    known[ch] = tuple(readings.split("|"))
            for ch in wanted:
                known.setdefault(ch, ())
        return {ch: known[ch] for ch in text if known.get(ch)}

    @cached_property
    def _t2s(self) -> dict[str, str]:
        return dict(self._meta("t2s") or {})

    def simplified(self, text: str) -> str:
        """`text` with Traditional characters written in Simplified (支付寶 -> 支付宝). The table
        is read only when `text` has a CJK character the reading table lacks: simplified text,
        what nearly everyone types, costs nothing more."""
        readings = self.readings(text)
        if not any(is_cjk(ch) and ch not in readings for ch in text):
            return text
        table = self._t2s
        return "".join(table.get(ch, ch) for ch in text)

    @property
    def charmap(self) -> dict[str, str]:
        """The whole character table, 'hai|huan|fu' per character (for benchmarks and tests)."""
        return dict(self._all("SELECT ch, readings FROM chars"))

    @cached_property
    def signals(self) -> Any:
        return self._meta("signals")

    @cached_property
    def problems(self) -> tuple[DataProblem, ...]:
        return tuple(DataProblem(*row) for row in self._meta("problems") or ())

    def ids_for_key(self, key: str) -> list[str]:
        rows = self._all(
            "SELECT id, MIN(rank) r FROM names WHERE key = ? GROUP BY id ORDER BY r, id", (key,)
        )
        return [r[0] for r in rows]

    def name_keys_in(self, *texts: str) -> list[tuple[str, str, int]]:
        """The (key, id, rank) rows whose key occurs inside one of `texts`: a name typed within
        more words (快手极速版), the platforms a pasted message names. SQLite looks through the
        keys (150,000 at 10,000 platforms); only the hits become Python objects."""
        if not texts:
            return []
        inside = " OR ".join("instr(?, key) > 0" for _ in texts)
        return self._all(f"{_ALL_NAMES} WHERE key != '' AND ({inside}) ORDER BY rowid", texts)

    def name_key_batches(self, size: int = 4096) -> Iterator[list[tuple[str, str, int]]]:
        """Every (key, id, rank), a batch at a time: for the fuzzy platform match, which must see
        them all (never taken for an exact name), without holding them all at once.

        Each batch is its own read (rows after the last rowid seen), so a damaged file found
        half-way is rebuilt like on any other read, and the next batch comes from the rebuilt
        catalog: built from the same files, its rows and rowids are the same."""
        after = 0
        while True:
            rows = self._all(
                "SELECT rowid, key, id, rank FROM names WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (after, size),
            )
            if not rows:
                return
            after = rows[-1][0]
            yield [(k, i, r) for _, k, i, r in rows]

    def platform(self, platform_id: str) -> Platform | None:
        if platform_id not in self._platforms:

            def read(db: sqlite3.Connection) -> Platform | None:
                row = db.execute("SELECT data FROM platforms WHERE id = ?", (platform_id,))
                found = row.fetchone()
                return None if found is None else platform_from_plain(unpack(found[0]))

            platform = self._query(read)
            if platform is None:
                return None
            self._platforms[platform_id] = platform
        return self._platforms[platform_id]

    def terms(self, platform_id: str) -> dict[str, list[list[Any]]]:
        def read(db: sqlite3.Connection) -> dict[str, list[list[Any]]]:
            row = db.execute("SELECT terms FROM terms WHERE id = ?", (platform_id,)).fetchone()
            return unpack(row[0]) if row else {}

        return self._query(read)

    def summaries(self) -> list[PlatformSummary]:
        def read(db: sqlite3.Connection) -> list[PlatformSummary]:
            rows = db.execute("SELECT summary FROM platforms ORDER BY bundled DESC, id")
            return [_summary(json.loads(raw)) for (raw,) in rows.fetchall()]

        return self._query(read)

    _CONTACT_COLS = ("key", "kind", "id", "origin", "status", "channel", "value")

    def contacts(self, key: str) -> list[dict[str, str]]:
        cols = self._CONTACT_COLS
        rows = self._all(
            f"SELECT {', '.join(cols)} FROM contacts WHERE key = ? ORDER BY rowid", (key,)
        )
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def all_contacts(self, kind: str) -> list[dict[str, str]]:
        cols = self._CONTACT_COLS
        rows = self._all(
            f"SELECT {', '.join(cols)} FROM contacts WHERE kind = ? ORDER BY rowid", (kind,)
        )
        return [dict(zip(cols, r, strict=True)) for r in rows]


_ALL_NAMES = "SELECT key, id, rank FROM names"
#: Characters asked for in one statement (SQLite's default limit on parameters is 999 or more).
_IN_LIMIT = 500


def _uri(path: Path, mode: str) -> str:
    text = str(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    if os.name == "nt":
        text = text.replace("\\", "/")
    return f"file:{text}?mode={mode}"


def open_if_fresh(target: Path, key: str) -> sqlite3.Connection | None:
    """The catalog at `target` if it is whole and was built from exactly `key`; else None."""
    try:
        size = os.stat(target).st_size
    except OSError:
        return None
    if size < 512:  # empty or not even a SQLite header
        return None
    db = None
    try:
        # The file is never changed in place (a rebuild writes a new file and renames it over this
        # one), so it can be opened immutable: no locking, no journal checks.
        db = sqlite3.connect(_uri(target, "ro&immutable=1"), uri=True)
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        page_count = db.execute("PRAGMA page_count").fetchone()[0]
        if page_size * page_count != size:  # truncated, or something appended
            db.close()
            return None
        rows = dict(
            db.execute("SELECT k, v FROM meta WHERE k IN ('format', 'version', 'key')").fetchall()
        )
    except sqlite3.Error:
        if db is not None:
            db.close()
        return None
    if (
        rows.get("format") != str(FORMAT)
        or rows.get("version") != __version__
        or rows.get("key") != key
    ):
        db.close()
        return None
    return db


def _summary(d: dict[str, Any]) -> PlatformSummary:
    return PlatformSummary(
        id=d["id"],
        name=d["name"],
        name_en=d.get("name_en"),
        aliases=tuple(d["aliases"]),
        channels=d["channels"],
        sources=tuple(d["sources"]),
        verified_at=d["verified_at"],
        origin=d["origin"],
        categories=tuple(d.get("categories", ())),
    )

"""The compiled catalog: open it, rebuild it when stale, and answer questions from it.

Freshness: the catalog stores the listing it was built from (package version, catalog format, and
every data file's path, size and mtime), and is used only if today's listing is the same. So an
edited, added or removed file triggers a rebuild on the next run; each file is stat-ed once per run
(an in-place edit changes the file's own mtime and size, not its directory's, so nothing cheaper is
safe). A cache that cannot be read, is truncated, has another format, version or listing, or fails
while being read, is rebuilt, never trusted. A cache dir that cannot be written gets an in-memory
catalog for the run instead.

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

from . import __version__, paths
from .models import Platform, platform_from_plain

CATALOG_FILE = "catalog.sqlite3"
#: Bump when the layout of the compiled catalog changes; older files are then rebuilt.
FORMAT = 8
#: The data file suffixes; names starting with "." are ignored (editor and temp files).
SUFFIXES = (".yaml", ".yml")

T = TypeVar("T")


class PlatformSummary:
    """One row of `kefu list` (a plain class: dataclasses cost import time on every run)."""

    __slots__ = ("aliases", "channels", "id", "name", "name_en", "origin", "sources", "verified_at")

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
    ) -> None:
        self.id = id
        self.name = name
        self.name_en = name_en
        self.aliases = aliases
        self.channels = channels
        self.sources = sources
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


class SourceState:
    """The data files as they are now: what a catalog must have been built from to be fresh.

    `key` is the listing itself (no hash: comparing it is exact and needs no hashlib import):
    the version and catalog format, each shared file's size and mtime, and per data directory
    every data file's name, size and mtime.
    """

    __slots__ = ("bundled_dir", "dirs", "key", "shared", "user_dirs", "version")

    def __init__(
        self,
        bundled_dir: Path,
        user_dirs: tuple[Path, ...],
        shared: dict[str, Path],
        dirs: list[tuple[str, str, list[str]]],
        listing: list[str],
    ) -> None:
        self.bundled_dir = bundled_dir
        self.user_dirs = user_dirs
        self.shared = shared
        self.dirs = dirs  # (origin, directory, data file names sorted)
        self.version = __version__
        self.key = "\n".join([f"kefu {self.version} format {FORMAT}", *listing])

    def data_files(self) -> list[tuple[str, str]]:
        """(origin, path) of every platform file, in build order: bundled, then user dirs."""
        return [(o, os.path.join(d, n)) for o, d, names in self.dirs for n in names]


def _scan_dir(directory: Path, origin: str, listing: list[str]) -> list[str]:
    """The data file names in `directory`, sorted; appends their name, size and mtime to
    `listing`. One stat per file, relative to an open directory descriptor where the OS has
    them: at 10,000 files this is most of a warm run's own work, so it stays this plain."""
    base = str(directory)
    listing.append(f"{origin}\t{base}")
    rows: list[str] = []
    try:
        fd = os.open(base, _DIR_FLAGS) if _DIR_FD else None
    except OSError:
        return []
    try:
        with os.scandir(base if fd is None else fd) as entries:
            for e in entries:
                name = e.name
                if name[0] == "." or not name.endswith(SUFFIXES):
                    continue
                try:
                    st = e.stat()
                    rows.append(f"{name}\t{st.st_size}\t{st.st_mtime_ns}")
                except OSError:
                    rows.append(f"{name}\t-1\t-1")
    except OSError:
        rows = []
    finally:
        if fd is not None:
            os.close(fd)
    rows.sort()
    listing.extend(rows)
    return [r[: r.index("\t")] for r in rows]


_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
_DIR_FD = os.scandir in os.supports_fd


def source_state() -> SourceState:
    bundled = paths.bundled_platform_dir()
    users = tuple(paths.user_platform_dirs())
    shared = {
        "synonyms": paths.shared_data_file("synonyms.yaml"),
        "signals": paths.shared_data_file("signals.yaml"),
    }
    listing: list[str] = []
    # The code that produces the catalog is a source too: an editable install that changes the
    # builder or the schema without a version bump must not keep serving the old catalog.
    here = Path(__file__).resolve().parent
    for name in ("build.py", "schema.py"):
        try:
            st = os.stat(here / name)
            listing.append(f"code\t{name}\t{st.st_size}\t{st.st_mtime_ns}")
        except OSError:
            listing.append(f"code\t{name}\t-1\t-1")
    for name, p in shared.items():
        try:
            st = os.stat(p)
            listing.append(f"shared\t{name}\t{p}\t{st.st_size}\t{st.st_mtime_ns}")
        except OSError:
            listing.append(f"shared\t{name}\t{p}\t-1\t-1")
    dirs = [("bundled", str(bundled), _scan_dir(bundled, "bundled", listing))]
    dirs += [("user", str(d), _scan_dir(d, "user", listing)) for d in users]
    return SourceState(bundled, users, shared, dirs, listing)


class Catalog:
    """Read access to the compiled catalog; construct with `Catalog.open()`."""

    def __init__(
        self, db: sqlite3.Connection, path: Path, state: SourceState | None = None
    ) -> None:
        self._db = db
        self.path = path
        self._state = state
        self._recovered = False
        self._platforms: dict[str, Platform] = {}
        self._readings: dict[str, tuple[str, ...]] = {}

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, progress: bool = False) -> Catalog:
        state = source_state()
        target = paths.cache_dir() / CATALOG_FILE
        db = _open_if_fresh(target, state.key)
        if db is None:
            db = _build(state, target, progress)
        return cls(db, target, state)

    def _query(self, run: Callable[[sqlite3.Connection], T]) -> T:
        """Run a read; if the file turns out to be damaged, rebuild it once and read again."""
        try:
            return run(self._db)
        except sqlite3.DatabaseError:
            if self._recovered or self._state is None:
                raise
        self._recovered = True
        self._db.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        self._db = _build(self._state, self.path, progress=False)
        self._readings.clear()
        for name in ("shared", "syllables", "signals", "problems"):
            self.__dict__.pop(name, None)
        return run(self._db)

    def _one(self, sql: str, args: tuple[Any, ...] = ()) -> Any:
        return self._query(lambda db: db.execute(sql, args).fetchone())

    def _all(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        return self._query(lambda db: db.execute(sql, args).fetchall())

    # -- queries ----------------------------------------------------------------------------

    def _meta(self, key: str) -> Any:
        row = self._one("SELECT v FROM meta WHERE k = ?", (key,))
        return json.loads(row[0]) if row else None

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
            row = self._one("SELECT data FROM platforms WHERE id = ?", (platform_id,))
            if row is None:
                return None
            self._platforms[platform_id] = platform_from_plain(unpack(row[0]))
        return self._platforms[platform_id]

    def terms(self, platform_id: str) -> dict[str, list[list[Any]]]:
        row = self._one("SELECT terms FROM terms WHERE id = ?", (platform_id,))
        return unpack(row[0]) if row else {}

    def summaries(self) -> list[PlatformSummary]:
        out = []
        for (raw,) in self._all("SELECT summary FROM platforms ORDER BY bundled DESC, id"):
            d = json.loads(raw)
            out.append(
                PlatformSummary(
                    id=d["id"],
                    name=d["name"],
                    name_en=d.get("name_en"),
                    aliases=tuple(d["aliases"]),
                    channels=d["channels"],
                    sources=tuple(d["sources"]),
                    verified_at=d["verified_at"],
                    origin=d["origin"],
                )
            )
        return out

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


def pack(text: str) -> bytes:
    """JSON text as stored in the catalog's large columns: UTF-8, zlib-compressed (fast level:
    the files are written once per data change and read a row at a time)."""
    return zlib.compress(text.encode("utf-8"), 1)


def unpack(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob))


def _uri(path: Path, mode: str) -> str:
    text = str(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    if os.name == "nt":
        text = text.replace("\\", "/")
    return f"file:{text}?mode={mode}"


def _open_if_fresh(target: Path, key: str) -> sqlite3.Connection | None:
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


def _build(state: SourceState, target: Path, progress: bool) -> sqlite3.Connection:
    """Compile the catalog to `target` and open it; in memory if the cache dir is unusable."""
    from .build import compile_catalog, compile_in_memory

    try:
        compile_catalog(state, target, progress=progress)
    except (OSError, sqlite3.Error) as exc:
        from .render import warn

        warn(f"cannot write the catalog cache in {target.parent} ({exc}); compiled in memory")
    else:
        db = _open_if_fresh(target, state.key)
        if db is not None:
            return db
        # Replaced in between by another process's catalog of other data (say, another
        # KEFU_DATA_DIR sharing this cache dir): not ours to use, so build this run's in memory.
    return compile_in_memory(state, progress=progress)

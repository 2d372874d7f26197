"""The compiled catalog: open it, rebuild it when stale, and answer questions from it.

Freshness is a key over the package version and every data file's path, size and mtime, so an
edited, added or removed file triggers a rebuild on the next run. A cache that cannot be read, has
another format or version, or another key is rebuilt, never trusted. Reading needs only sqlite3 and
json: no YAML, no schema, no pypinyin on a warm run.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from . import __version__, paths
from .models import Platform, platform_from_plain

CATALOG_FILE = "catalog.sqlite3"
#: Bump when the layout of the compiled catalog changes; older files are then rebuilt.
FORMAT = 3


@dataclass(frozen=True)
class PlatformSummary:
    id: str
    name: str
    name_en: str | None
    aliases: tuple[str, ...]
    channels: int
    sources: tuple[str, ...]
    verified_at: str
    origin: str


@dataclass(frozen=True)
class DataProblem:
    """A problem in a data file, carried in the catalog so every run can warn about it."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass(frozen=True)
class SourceState:
    bundled_dir: Path
    user_dirs: tuple[Path, ...]
    shared: dict[str, Path]
    files: tuple[tuple[str, str, int, int], ...]  # (origin, path, size, mtime_ns)

    @property
    def key(self) -> str:
        h = hashlib.sha256(__version__.encode())
        for row in self.files:
            h.update(repr(row).encode("utf-8", "surrogateescape"))
        return h.hexdigest()


def _scan_dir(directory: Path, origin: str) -> Iterator[tuple[str, str, int, int]]:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return
    for e in entries:
        if e.name.startswith(".") or not e.name.endswith((".yaml", ".yml")):
            continue
        try:
            st = e.stat()
            yield origin, e.path, st.st_size, st.st_mtime_ns
        except OSError:
            yield origin, e.path, -1, -1


def source_state() -> SourceState:
    bundled = paths.bundled_platform_dir()
    users = tuple(paths.user_platform_dirs())
    shared = {
        "synonyms": paths.shared_data_file("synonyms.yaml"),
        "signals": paths.shared_data_file("signals.yaml"),
    }
    files: list[tuple[str, str, int, int]] = []
    for name, p in shared.items():
        try:
            st = p.stat()
            files.append(("shared", name, st.st_size, st.st_mtime_ns))
        except OSError:
            files.append(("shared", name, -1, -1))
    files.extend(_scan_dir(bundled, "bundled"))
    for d in users:
        files.extend(_scan_dir(d, "user"))
    return SourceState(bundled, users, shared, tuple(files))


class Catalog:
    """Read access to the compiled catalog; construct with `Catalog.open()`."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self.path = path
        self._platforms: dict[str, Platform] = {}

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, progress: bool = False) -> Catalog:
        state = source_state()
        target = paths.cache_dir() / CATALOG_FILE
        db = _open_if_fresh(target, state.key)
        if db is None:
            _rebuild(state, target, progress)
            db = _open_if_fresh(target, state.key)
            if db is None:  # the cache dir is unusable: build in memory for this run
                db = _build_in_memory(state, progress)
        return cls(db, target)

    # -- queries ----------------------------------------------------------------------------

    def _meta(self, key: str) -> Any:
        row = self._db.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    @cached_property
    def shared(self) -> dict[str, Any]:
        return self._meta("shared") or {"variants": {}, "stopwords": [], "categories": {}}

    @cached_property
    def charmap(self) -> dict[str, str]:
        return self._meta("charmap") or {}

    @cached_property
    def signals(self) -> Any:
        return self._meta("signals")

    @cached_property
    def problems(self) -> tuple[DataProblem, ...]:
        return tuple(DataProblem(*row) for row in self._meta("problems") or ())

    def ids_for_key(self, key: str) -> list[str]:
        rows = self._db.execute(
            "SELECT id, MIN(rank) r FROM names WHERE key = ? GROUP BY id ORDER BY r, id", (key,)
        ).fetchall()
        return [r[0] for r in rows]

    def all_name_keys(self) -> list[tuple[str, str, int]]:
        return self._db.execute("SELECT key, id, rank FROM names").fetchall()

    def platform(self, platform_id: str) -> Platform | None:
        if platform_id not in self._platforms:
            row = self._db.execute(
                "SELECT data FROM platforms WHERE id = ?", (platform_id,)
            ).fetchone()
            if row is None:
                return None
            self._platforms[platform_id] = platform_from_plain(json.loads(row[0]))
        return self._platforms[platform_id]

    def terms(self, platform_id: str) -> dict[str, list[list[str]]]:
        row = self._db.execute(
            "SELECT terms FROM platforms WHERE id = ?", (platform_id,)
        ).fetchone()
        return json.loads(row[0]) if row else {}

    def summaries(self) -> list[PlatformSummary]:
        out = []
        for (raw,) in self._db.execute("SELECT summary FROM platforms ORDER BY ord"):
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

    def contacts(self, key: str) -> list[dict[str, str]]:
        cols = ("key", "kind", "id", "origin", "status", "channel", "value")
        rows = self._db.execute(
            f"SELECT {', '.join(cols)} FROM contacts WHERE key = ?", (key,)
        ).fetchall()
        return [dict(zip(cols, r, strict=False)) for r in rows]

    def all_contacts(self, kind: str) -> list[dict[str, str]]:
        cols = ("key", "kind", "id", "origin", "status", "channel", "value")
        rows = self._db.execute(
            f"SELECT {', '.join(cols)} FROM contacts WHERE kind = ?", (kind,)
        ).fetchall()
        return [dict(zip(cols, r, strict=False)) for r in rows]


def _open_if_fresh(target: Path, key: str) -> sqlite3.Connection | None:
    if not target.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        rows = dict(
            db.execute("SELECT k, v FROM meta WHERE k IN ('format', 'version', 'key')").fetchall()
        )
    except sqlite3.Error:
        return None
    if (
        rows.get("format") != str(FORMAT)
        or rows.get("version") != __version__
        or rows.get("key") != key
    ):
        db.close()
        return None
    return db


def _rebuild(state: SourceState, target: Path, progress: bool) -> None:
    from .build import compile_catalog, discover

    try:
        compile_catalog(
            discover(state.bundled_dir, state.user_dirs),
            state.shared,
            target,
            state.key,
            progress=progress,
        )
    except OSError:
        return  # unwritable cache dir: the caller falls back to an in-memory catalog


def _build_in_memory(state: SourceState, progress: bool) -> sqlite3.Connection:
    import tempfile

    from .build import compile_catalog, discover

    with tempfile.TemporaryDirectory(prefix="kefu-") as tmp:
        target = Path(tmp) / CATALOG_FILE
        compile_catalog(
            discover(state.bundled_dir, state.user_dirs), state.shared, target, state.key, progress
        )
        disk = sqlite3.connect(target)
        mem = sqlite3.connect(":memory:")
        disk.backup(mem)
        disk.close()
    return mem

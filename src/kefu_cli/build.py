"""Compile the YAML data into the catalog that every lookup reads.

This is the only place where YAML is parsed, the schema runs and pinyin is computed. It runs when
the compiled catalog is missing or stale (see catalog.py for the freshness key), so a warm lookup
pays for none of it. The output is a SQLite file: safe to read (no code in it, unlike pickle), indexed
by name so one platform can be fetched among 10,000 without reading the rest, and written to a temp
file then renamed, so a reader never sees a half-written catalog.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import __version__
from .catalog import FORMAT
from .models import Platform, to_plain
from .schema import Problem, check_file
from .textnorm import apply_variants, fold, has_cjk, squash, strip_stopwords
from .yamlsource import YamlProblem, load_yaml

#: Name-key ranks: a lower rank wins when two platforms share a key.
RANK_ID, RANK_NAME, RANK_ALIAS, RANK_PINYIN, RANK_INITIALS = range(5)


@dataclass(frozen=True)
class DataFile:
    path: Path
    origin: str  # "bundled" or "user"


@dataclass(frozen=True)
class BuildReport:
    platforms: int
    problems: tuple[Problem, ...]


def _pinyin_syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s]


def pinyin_of(text: str) -> str:
    """Tone-less pinyin with no spaces ('充值' -> 'chongzhi'); '' when the text has no CJK."""
    if not has_cjk(text):
        return ""
    return "".join(_pinyin_syllables(text)).lower()


def initials_of(text: str) -> str:
    syllables = _pinyin_syllables(text) if has_cjk(text) else []
    return "".join(s[0] for s in syllables).lower() if len(syllables) >= 2 else ""


def _charmap() -> dict[str, str]:
    """Tone-less pinyin of every common (GB2312) character, for homophone matching at query time.

    Computed here so that the query side can turn 冲址 into 'chongzhi' without importing pypinyin.
    """
    from pypinyin import Style, lazy_pinyin

    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    readings = lazy_pinyin(chars, style=Style.NORMAL, errors="ignore")
    if len(readings) != len(chars):  # errors="ignore" dropped something: fall back to one by one
        return {c: "".join(lazy_pinyin(c, style=Style.NORMAL)) for c in chars}
    return dict(zip(chars, readings, strict=False))


def load_shared(path: Path) -> dict[str, Any]:
    """The shared synonyms file, folded for matching. A broken file is a bug in kefu itself."""
    data = load_yaml(path.read_text(encoding="utf-8"))
    variants = {fold(k): fold(v) for k, v in (data.get("variants") or {}).items()}
    stopwords = sorted(
        {fold(w) for w in data.get("stopwords") or () if fold(w)}, key=len, reverse=True
    )
    categories: dict[str, list[list[str]]] = {}
    for cid, entry in (data.get("categories") or {}).items():
        words = [*entry.get("names", ()), *entry.get("keywords", ())]
        categories[cid] = _terms(words, variants, tuple(stopwords))
    return {"variants": variants, "stopwords": stopwords, "categories": categories}


def _terms(
    words: Iterable[str], variants: dict[str, str], stopwords: tuple[str, ...]
) -> list[list[str]]:
    """[[folded text, pinyin], ...] for the matcher, de-duplicated.

    Keywords get exactly the treatment queries get (variants fixed, filler removed), so both sides
    meet in the same form.
    """
    out: list[list[str]] = []
    seen: set[str] = set()
    for word in words:
        text = strip_stopwords(apply_variants(fold(str(word)), variants), stopwords)
        if not text or text in seen:
            continue
        seen.add(text)
        out.append([text, pinyin_of(text)])
    return out


def platform_terms(platform: Platform, shared: dict[str, Any]) -> dict[str, list[list[str]]]:
    variants, stopwords = shared["variants"], tuple(shared["stopwords"])
    return {
        cat.id: _terms([cat.name, *cat.keywords], variants, stopwords)
        for cat in platform.categories
    }


def name_keys(platform: Platform) -> list[tuple[str, int]]:
    """Every key this platform answers to, with its rank."""
    keys: list[tuple[str, int]] = [
        (squash(platform.id), RANK_ID),
        (squash(platform.name), RANK_NAME),
    ]
    if platform.name_en:
        keys.append((squash(platform.name_en), RANK_NAME))
    for alias in platform.aliases:
        keys.append((squash(alias), RANK_ALIAS))
    for text in (platform.name, *platform.aliases):
        if has_cjk(text):
            keys.append((pinyin_of(squash(text)), RANK_PINYIN))
            keys.append((initials_of(squash(text)), RANK_INITIALS))
    best: dict[str, int] = {}
    for key, rank in keys:
        if key and (key not in best or rank < best[key]):
            best[key] = rank
    return sorted(best.items())


def contact_key(kind: str, value: str) -> str:
    """The lookup form of a contact: digits only for phones, lower-case for emails and domains."""
    if kind == "phone":
        return "".join(ch for ch in value if ch.isdigit())
    return value.strip().lower()


def contact_kind(value: str) -> str:
    if "@" in value:
        return "email"
    if value.startswith(("http://", "https://")) or "." in value:
        return "url"
    return "phone"


def discover(bundled_dir: Path, user_dirs: Iterable[Path]) -> list[DataFile]:
    """Every data file, bundled first, then user directories in order (later ones override)."""
    files = [DataFile(p, "bundled") for p in _yaml_files(bundled_dir)]
    for d in user_dirs:
        files.extend(DataFile(p, "user") for p in _yaml_files(d))
    return files


def _yaml_files(directory: Path) -> list[Path]:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return []
    return [
        Path(e.path)
        for e in entries
        if e.name.endswith((".yaml", ".yml")) and not e.name.startswith(".")
    ]


def _demote_user_contacts(user: Platform, official: set[tuple[str, str]]) -> Platform:
    """A user file cannot make a contact official: it stays official only if bundled data says so."""
    channels = []
    for ch in user.channels:
        if ch.contact and ch.status == "official":
            key = (contact_kind(ch.contact), contact_key(contact_kind(ch.contact), ch.contact))
            if key not in official:
                ch = replace(ch, status="reported")
        channels.append(ch)
    domains = tuple(
        d
        if (d.status != "official" or ("domain", d.domain) in official)
        else replace(d, status="reported")
        for d in user.domains
    )
    return replace(user, channels=tuple(channels), domains=domains)


def compile_catalog(
    files: list[DataFile],
    shared_files: dict[str, Path],
    target: Path,
    key: str,
    progress: bool = False,
) -> BuildReport:
    """Validate every file and write the compiled catalog to `target` atomically."""
    shared = load_shared(shared_files["synonyms"])
    signals = _load_signals(shared_files.get("signals"))
    problems: list[Problem] = []
    by_id: dict[str, Platform] = {}
    bundled_official: set[tuple[str, str]] = set()
    bundled: list[Platform] = []

    for df, platform, found in _checked(files, progress):
        problems.extend(found)
        if platform is None:
            continue
        if df.origin == "bundled":
            bundled.append(platform)
            for ch in platform.channels:
                if ch.contact and ch.status == "official":
                    kind = contact_kind(ch.contact)
                    bundled_official.add((kind, contact_key(kind, ch.contact)))
            for d in platform.domains:
                if d.status == "official":
                    bundled_official.add(("domain", d.domain))
        else:
            platform = _demote_user_contacts(platform, bundled_official)
        by_id[platform.id] = platform

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".catalog-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        db = sqlite3.connect(tmp)
        with db:
            _write(db, by_id, bundled, shared, signals, problems, key)
        db.close()
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return BuildReport(len(by_id), tuple(problems))


def _checked(
    files: list[DataFile], progress: bool
) -> Iterable[tuple[DataFile, Platform | None, list[Problem]]]:
    if progress and len(files) >= 200 and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("kefu: compiling platform data", total=len(files))
            for df in files:
                platform, found = check_file(df.path, df.origin)
                bar.advance(task)
                yield df, platform, found
        return
    for df in files:
        platform, found = check_file(df.path, df.origin)
        yield df, platform, found


def _load_signals(path: Path | None) -> Any:
    if path is None or not path.exists():
        return None
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, YamlProblem):
        return None


def _write(
    db: sqlite3.Connection,
    by_id: dict[str, Platform],
    bundled: list[Platform],
    shared: dict[str, Any],
    signals: Any,
    problems: list[Problem],
    key: str,
) -> None:
    db.executescript(
        """
        CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);
        CREATE TABLE platforms(id TEXT PRIMARY KEY, ord INTEGER, summary TEXT, data TEXT, terms TEXT);
        CREATE TABLE names(key TEXT NOT NULL, id TEXT NOT NULL, rank INTEGER NOT NULL);
        CREATE TABLE contacts(key TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, origin TEXT NOT NULL,
                              status TEXT NOT NULL, channel TEXT, value TEXT NOT NULL);
        """
    )
    rows = []
    name_rows = []
    for ord_, platform in enumerate(
        sorted(by_id.values(), key=lambda p: (p.origin != "bundled", p.id))
    ):
        summary = {
            "id": platform.id,
            "name": platform.name,
            "name_en": platform.name_en,
            "aliases": list(platform.aliases),
            "channels": len(platform.channels),
            "sources": [s.title for s in platform.sources],
            "verified_at": platform.verified_at,
            "origin": platform.origin,
        }
        rows.append(
            (
                platform.id,
                ord_,
                json.dumps(summary, ensure_ascii=False),
                json.dumps(to_plain(platform), ensure_ascii=False),
                json.dumps(platform_terms(platform, shared), ensure_ascii=False),
            )
        )
        name_rows.extend((k, platform.id, rank) for k, rank in name_keys(platform))
    db.executemany("INSERT INTO platforms VALUES (?,?,?,?,?)", rows)
    db.executemany("INSERT INTO names VALUES (?,?,?)", name_rows)
    db.executemany("INSERT INTO contacts VALUES (?,?,?,?,?,?,?)", _contact_rows(by_id, bundled))
    db.execute("CREATE INDEX names_key ON names(key)")
    db.execute("CREATE INDEX contacts_key ON contacts(key)")
    meta = {
        "format": str(FORMAT),
        "version": __version__,
        "key": key,
        "shared": json.dumps(shared, ensure_ascii=False),
        "charmap": json.dumps(_charmap(), ensure_ascii=False),
        "signals": json.dumps(signals, ensure_ascii=False),
        "problems": json.dumps(
            [[p.file, p.line, p.field, p.message] for p in problems], ensure_ascii=False
        ),
    }
    db.executemany("INSERT INTO meta VALUES (?,?)", meta.items())


def _contact_rows(by_id: dict[str, Platform], bundled: list[Platform]) -> list[tuple[str, ...]]:
    """Every known contact, bundled ones kept even when a user file overrides their platform."""
    rows: list[tuple[str, ...]] = []
    seen: set[tuple[str, str, str]] = set()
    sources = [*bundled, *(p for p in by_id.values() if p.origin == "user")]
    for p in sources:
        for ch in p.channels:
            if ch.contact:
                kind = contact_kind(ch.contact)
                _add(
                    rows,
                    seen,
                    contact_key(kind, ch.contact),
                    kind,
                    p,
                    ch.status or "reported",
                    ch.id,
                    ch.contact,
                )
        for d in p.domains:
            _add(rows, seen, d.domain, "domain", p, d.status, None, d.domain)
        for x in p.disputed:
            kind = "phone" if x.kind == "phone" else x.kind
            _add(
                rows, seen, contact_key(kind, x.contact), kind, p, "disputed", x.instead, x.contact
            )
    return rows


def _add(
    rows: list[tuple[str, ...]],
    seen: set[tuple[str, str, str]],
    key: str,
    kind: str,
    p: Platform,
    status: str,
    channel: str | None,
    value: str,
) -> None:
    if not key or (key, p.id, p.origin) in seen:
        return
    seen.add((key, p.id, p.origin))
    rows.append((key, kind, p.id, p.origin, status, channel or "", value))

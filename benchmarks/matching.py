"""Matching accuracy of kefu against a naive baseline, on the development set and on our own set.

usage: .venv/bin/python benchmarks/matching.py [--show] [--show-baseline] [--dev PATH] [--own PATH]
                                               [--holdout PATH]

The sets: the shared development set; our own set (benchmarks/queries.tsv), covering every platform
and category; and a held-out set (benchmarks/queries_holdout.tsv) written after the keyword data was
grown, so that it measures phrasings the data was not grown from. All have four tab-separated columns: platform_input, query, expected_platform, accepted
problem ids (comma-separated; "-" means the query should get no problem at all, `problem: null`).

kefu is run in-process through the function the CLI uses (`commands.answer`, on one open catalog), on the words the CLI
would pass it. Also run: the two blind sets (queries_blind.tsv, queries_blind2.tsv). In the second,
an empty platform column means `kefu QUERY` (the platform named inside the sentence, or none), and
the label "contact" means the query asks how to reach a person (answered with `intent: contact`).

The baseline is what one would write first:
- platform: exact match of the folded input against a platform's id, name or English name only;
- problem: `rapidfuzz.process.extract(raw query, category names, scorer=fuzz.WRatio)`, always
  guessing (it has no notion of "no match"). To compare matchers rather than resolvers, the
  baseline's problem figures use the platform found by kefu's resolver.

top-1: the first answer is accepted ("-" rows: problem is null). top-3: an accepted id is among the
first three candidates (kefu: `candidates`; "-" rows: problem is null).

Then three sets derived mechanically from the Chinese queries of our own set (kefu only, top-1):
the query re-typed as full pinyin with spaces between syllables, the same run together, and the
query with one character replaced by a random homophone (same usual reading, fixed seed). pypinyin
is used here to write them; the matcher itself never imports it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from kefu_cli import commands
from kefu_cli.catalog.model import Platform
from kefu_cli.catalog.reader import Catalog
from kefu_cli.catalog.text import clean, has_cjk, squash
from kefu_cli.commands import open_catalog
from kefu_cli.match.problems import resolve_platform
from kefu_cli.results import ErrorResult, LookupResult, OverviewResult

HERE = Path(__file__).resolve().parent
DEV = HERE.parent.parent / "shared" / "eval" / "dev_queries.tsv"
OWN = HERE / "queries.tsv"
HOLDOUT = HERE / "queries_holdout.tsv"
BLIND = HERE / "queries_blind.tsv"
BLIND2 = HERE / "queries_blind2.tsv"
NONE = "-"
CONTACT = "contact"  # accepted label: the query asks how to reach a person
AT = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # a Wednesday


@dataclass(frozen=True)
class Row:
    platform_input: str
    query: str
    platform: str
    accepted: tuple[str, ...]
    line: int


@dataclass
class Outcome:
    platform: str | None
    top1: str | None
    top3: tuple[str, ...]
    score: float


@dataclass
class Tally:
    n: int = 0
    platform: int = 0
    top1: int = 0
    top3: int = 0

    def add(self, row: Row, got: Outcome) -> tuple[bool, bool, bool]:
        plat = got.platform == row.platform
        if row.accepted == (NONE,):
            one = three = plat and got.top1 is None
        else:
            # A contact answer has no problem: it passes where "-" is accepted.
            null_ok = got.top1 == CONTACT and NONE in row.accepted
            one = plat and (got.top1 in row.accepted or null_ok)
            three = plat and (any(c in row.accepted for c in got.top3) or null_ok)
        self.n += 1
        self.platform += plat
        self.top1 += one
        self.top3 += three
        return plat, one, three

    def line(self, label: str) -> str:
        def pct(k: int) -> str:
            return f"{k:>3}/{self.n} {100 * k / self.n:5.1f}%" if self.n else "-"

        return (
            f"  {label:<9} platform {pct(self.platform)}   "
            f"problem top-1 {pct(self.top1)}   top-3 {pct(self.top3)}"
        )


def load(path: Path) -> list[Row]:
    rows = []
    for i, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        if len(cols) != 4:
            sys.exit(f"{path}:{i}: expected 4 tab-separated columns, got {len(cols)}")
        accepted = tuple(a.strip() for a in cols[3].split(",") if a.strip())
        rows.append(Row(cols[0], cols[1], cols[2], accepted, i))
    return rows


def run_kefu(catalog: Catalog, row: Row) -> Outcome:
    """What `kefu PLATFORM QUERY --json` answers, through `commands.lookup` without the process
    start. An empty platform column is `kefu QUERY` (the platform, if any, named in the sentence).
    A contact question answered as such (`intent` "contact", no problem) counts as "contact"."""
    if row.platform_input.strip():
        first, words = clean(row.platform_input), [clean(row.query)] if row.query.strip() else []
    else:
        parts = row.query.split()
        first, words = parts[0], parts[1:]
    result = commands.answer(catalog, first, words, AT).result
    if isinstance(result, ErrorResult) or not hasattr(result, "platform"):
        return Outcome(None, None, (), 0.0)
    pid = result.platform.id
    if isinstance(result, OverviewResult):
        return Outcome(pid, None, (), 0.0)
    assert isinstance(result, LookupResult)
    top3 = tuple(c.id for c in result.candidates[:3] if c.score > 0)  # a bare menu is no guess
    if result.problem is None:
        contact = getattr(result, "intent", "problem") == "contact"
        return Outcome(pid, CONTACT, (CONTACT,), 0.0) if contact else Outcome(pid, None, top3, 0.0)
    return Outcome(pid, result.problem.id, top3, result.problem.score)


def baseline_platform(catalog: Catalog, text: str) -> str | None:
    key = squash(text)
    for s in catalog.summaries():
        if key in (squash(s.id), squash(s.name), squash(s.name_en or "")):
            return s.id
    return None


def run_baseline(catalog: Catalog, row: Row) -> tuple[str | None, Outcome]:
    """(platform by exact name, problem outcome on kefu's platform)."""
    exact = baseline_platform(catalog, row.platform_input)
    found = resolve_platform(catalog, clean(row.platform_input))
    platform: Platform | None = catalog.platform(found.id) if found.id else None
    if platform is None:
        return exact, Outcome(None, None, (), 0.0)
    names = [cat.name for cat in platform.categories]
    hits = process.extract(row.query, names, scorer=fuzz.WRatio, limit=3)
    ids = tuple(platform.categories[idx].id for _, _, idx in hits)
    return exact, Outcome(platform.id, ids[0] if ids else None, ids, hits[0][1] if hits else 0.0)


def evaluate(
    catalog: Catalog, label: str, rows: list[Row], show: bool, show_baseline: bool
) -> None:
    kefu, base, base_plat = Tally(), Tally(), Tally()
    misses, base_misses = [], []
    t0 = time.perf_counter()
    outcomes = [run_kefu(catalog, r) for r in rows]
    elapsed = time.perf_counter() - t0
    for row, got in zip(rows, outcomes, strict=True):
        plat, one, _ = kefu.add(row, got)
        if not (plat and one):
            misses.append((row, got))
        exact, b = run_baseline(catalog, row)
        base_plat.n += 1
        base_plat.platform += exact == row.platform
        _, b_one, _ = base.add(row, b)
        if not b_one:
            base_misses.append((row, b))
    base.platform = base_plat.platform  # the baseline's own (exact-name) platform resolution
    nulls = sum(r.accepted == (NONE,) for r in rows)
    print(f"{label}: {len(rows)} queries ({nulls} expect no match)")
    print(kefu.line("kefu"))
    print(base.line("baseline"))
    print(
        f"  kefu matching time: {1000 * elapsed / max(1, len(rows)):.2f} ms/query (warm, in-process)"
    )
    if show:
        for row, got in misses:
            print(_miss(row, got))
    if show_baseline:
        for row, got in base_misses:
            print("  baseline " + _miss(row, got).lstrip())
    print()


def _miss(row: Row, got: Outcome) -> str:
    want = f"{row.platform} {','.join(row.accepted)}"
    have = f"{got.platform} {got.top1 or 'null'} ({got.score:.0f}) top3={','.join(got.top3)}"
    return f"  miss L{row.line}: {row.platform_input!r} {row.query!r} -> {have}; want {want}"


def derived(catalog: Catalog, rows: list[Row], show: bool) -> None:
    """Pinyin and homophone versions of the Chinese queries that kefu gets right as written."""
    from pypinyin import Style, lazy_pinyin

    base = [r for r in rows if has_cjk(r.query) and r.accepted != (NONE,)]
    base = [r for r in base if run_kefu(catalog, r).top1 in r.accepted]
    by_sound: dict[str, list[str]] = {}
    charmap = catalog.charmap
    for ch, readings in sorted(charmap.items()):
        by_sound.setdefault(readings.split("|")[0], []).append(ch)
    rng = random.Random(7)

    def swap(q: str) -> str:
        chars = list(q)
        spots = [
            i
            for i, ch in enumerate(chars)
            if ch in charmap and len(by_sound[charmap[ch].split("|")[0]]) > 1
        ]
        if not spots:
            return q
        i = rng.choice(spots)
        chars[i] = rng.choice(
            [c for c in by_sound[charmap[chars[i]].split("|")[0]] if c != chars[i]]
        )
        return "".join(chars)

    print(f"derived from the own set: {len(base)} Chinese queries kefu gets right as written")
    for label, make in (
        ("pinyin, spaced", lambda q: " ".join(lazy_pinyin(q, style=Style.NORMAL))),
        ("pinyin, run together", lambda q: "".join(lazy_pinyin(q, style=Style.NORMAL))),
        ("one homophone swapped", swap),
    ):
        ok = 0
        for r in base:
            q = make(r.query)
            got = run_kefu(catalog, Row(r.platform_input, q, r.platform, r.accepted, r.line))
            ok += got.top1 in r.accepted
            if show and got.top1 not in r.accepted:
                print(f"  miss L{r.line}: {r.query!r} as {q!r} -> {got.top1} ({got.score:.0f})")
        print(
            f"  {label:<22} problem top-1 {ok:>3}/{len(base)} {100 * ok / max(1, len(base)):5.1f}%"
        )
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="list kefu's misses")
    ap.add_argument("--show-baseline", action="store_true", help="list the baseline's misses")
    ap.add_argument("--dev", type=Path, default=DEV, help=f"development set (default {DEV})")
    ap.add_argument("--own", type=Path, default=OWN, help=f"own set (default {OWN})")
    ap.add_argument(
        "--holdout", type=Path, default=HOLDOUT, help=f"held-out own set (default {HOLDOUT})"
    )
    args = ap.parse_args()
    catalog = open_catalog()
    print("baseline: platform = exact id/name; problem = WRatio(raw query, category names)\n")
    sets = (
        ("dev set", args.dev),
        ("own set", args.own),
        ("held-out set", args.holdout),
        ("blind set", BLIND),
        ("blind set 2", BLIND2),
    )
    for label, path in sets:
        if not path.exists():
            print(f"{label}: {path} not found, skipped\n")
            continue
        evaluate(catalog, f"{label} ({path.name})", load(path), args.show, args.show_baseline)
    if args.own.exists():
        derived(catalog, load(args.own), args.show)


if __name__ == "__main__":
    main()

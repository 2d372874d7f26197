"""One function per command: parse the user's words, ask the domain modules, return an outcome.

Each returns an `Outcome` (result, exit code, warnings as data); cli/ hands it to the renderer.
Nothing here prints. This is the only place that decides to (re)build the compiled catalog: the
reader (catalog/) never imports the writer (build/), which is imported only when the catalog is
stale, damaged, or for `kefu validate`.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from typing import Any, NamedTuple

from kefu_cli.catalog.freshness import catalog_path, source_state
from kefu_cli.catalog.model import Platform
from kefu_cli.catalog.reader import Catalog
from kefu_cli.catalog.text import clean, fold
from kefu_cli.match.intent import SCAM_DEMAND_ALERT, scam_demand
from kefu_cli.match.problems import (
    ProblemMatch,
    match_category_id,
    match_problem,
    match_request,
    resolve_platform,
)
from kefu_cli.results import ErrorResult

MAX_PLATFORM_CHARS = 100
#: Bundled evidence older than this (days, at the moment asked about) earns a warning on stderr.
STALE_AFTER_DAYS = 365
MAX_PROBLEM_CHARS = 500

#: Makes the progress display for a large catalog build (cli/ passes render's), or None.
ProgressFactory = Callable[[], Any] | None


class Outcome(NamedTuple):
    """What a command answers: the result to render, the exit code, warnings for stderr."""

    result: Any
    code: int
    warnings: tuple[str, ...] = ()


def open_catalog(warnings: list[str] | None = None, progress: ProgressFactory = None) -> Catalog:
    """The compiled catalog of this run's data, built first if it is missing or stale.

    Warnings (skipped data files, an unwritable cache) are appended to `warnings`.
    """
    notes = warnings if warnings is not None else []
    state = source_state()
    target = catalog_path(state)

    def rebuild() -> sqlite3.Connection:
        from kefu_cli.build.compile import build_and_open

        return build_and_open(state, target, notes.append, progress)

    catalog = Catalog.open_fresh(state, target, rebuild)
    if catalog is None:
        catalog = Catalog(rebuild(), target, state, rebuild)
    by_file: dict[str, list[str]] = defaultdict(list)
    for problem in catalog.problems:
        by_file[problem.file].append(str(problem))
    for _file, problems in by_file.items():
        more = f" (and {len(problems) - 1} more: run `kefu validate`)" if len(problems) > 1 else ""
        notes.append(f"skipped data file {problems[0]}{more}")
    return catalog


def _age_days(verified_at: str | None, at: dt.datetime) -> int | None:
    try:
        return (at.date() - dt.date.fromisoformat(verified_at or "")).days
    except ValueError:
        return None


def stale_warning(what: str, verified_at: str | None, at: dt.datetime) -> list[str]:
    """A warning when bundled evidence is over a year old at `at` (contacts change)."""
    age = _age_days(verified_at, at)
    if age is None or age <= STALE_AFTER_DAYS:
        return []
    return [
        f"{what}的数据核实于 {verified_at}，已超过一年（{age} 天）：联系方式和路径可能已变，"
        "请以 App 内公布的为准，并更新 kefu（pip install -U kefu）。"
    ]


def _unknown(catalog: Catalog, name: str, suggestions: tuple[str, ...]) -> ErrorResult:
    names = []
    for pid in suggestions:
        p = catalog.platform(pid)
        names.append(f"{pid}（{p.name}）" if p else pid)
    hint = f"你是不是想找：{'、'.join(names)}？" if names else "用 kefu list 查看所有平台。"
    return ErrorResult("unknown_platform", f"找不到平台“{name}”。{hint}", suggestions)


def _platform(catalog: Catalog, text: str) -> Platform | ErrorResult:
    name = clean(text)
    if not name:
        return ErrorResult(
            "unknown_platform",
            "请给出平台名称，例如 kefu douyin 充值未到账；kefu list 列出所有平台。",
        )
    if len(name) > MAX_PLATFORM_CHARS:
        return ErrorResult(
            "unknown_platform", f"平台名称太长（{len(name)} 个字符）；kefu list 列出所有平台。"
        )
    found = resolve_platform(catalog, name)
    platform = catalog.platform(found.id) if found.id else None
    if platform is None:
        return _unknown(catalog, name, found.suggestions)
    return platform


def _rest_of(text: str, key: str) -> str:
    """`text` without the platform name `key` found inside it: the problem told around it."""
    folded = fold(text)
    if key in folded:
        rest = " ".join(folded.replace(key, " ", 1).split())
    else:
        squashed = folded.replace(" ", "")
        rest = squashed.replace(key, " ", 1).strip() if key in squashed else folded
    # What names carry around them (抖音商城app, 快手 官方): no problem told.
    return "" if rest.replace(" ", "") in _NAME_FILLER else rest


_NAME_FILLER = frozenset({"", "app", "官方", "平台", "软件", "客户端", "官网", "网站", "网页版"})

#: At most this many platforms are tried when a problem comes without one (a large user catalog
#: is not matched whole for a guess).
MAX_GUESS_PLATFORMS = 200
GUESS_SHOWN = 5
GUESS_PROBE = 20


def _which_platforms(catalog: Catalog, text: str) -> ErrorResult | None:
    """A problem typed without a platform (`kefu 充值没到账`): the platforms whose categories it
    matches, best first, with the command to run for each; None when it reads as no problem."""
    from kefu_cli.match.intent import read_contact

    summaries = catalog.summaries()
    first = catalog.platform(summaries[0].id) if summaries else None
    asked = read_contact(catalog, first, text) if first is not None else None
    if asked is not None and asked.only:  # `kefu 人工客服`: which platform's people?
        message = (
            f"要联系哪个平台的客服？请带上平台，例如：kefu 抖音 {text}；kefu list 列出所有平台。"
        )
        return ErrorResult("unknown_platform", message)
    guesses: list[tuple[float, int, Platform, str]] = []
    for order, summary in enumerate(summaries[:MAX_GUESS_PLATFORMS]):
        if order >= GUESS_PROBE and not guesses:
            break  # no platform so far saw a problem in it: `kefu foo` is just an unknown name
        platform = catalog.platform(summary.id)
        if platform is None:
            continue
        m = match_problem(catalog, platform, text)
        if m.best is not None:
            head = m.best.name.split("（", 1)[0]
            guesses.append((m.best.score, -order, platform, head))
    if not guesses:
        return None
    guesses.sort(key=lambda g: (-g[0], -g[1]))
    shown = guesses[:GUESS_SHOWN]
    lines = "\n".join(f"  kefu {p.id} {text}　（{p.name}：{cat}）" for _, _, p, cat in shown)
    more = (
        f"（共 {len(guesses)} 个平台，列出前 {len(shown)} 个）" if len(guesses) > len(shown) else ""
    )
    message = f"没有说是哪个平台。“{text}”可能是这些平台的问题{more}，请带上平台再查：\n{lines}"
    return ErrorResult("unknown_platform", message, tuple(p.id for _, _, p, _ in shown))


def _split(catalog: Catalog, platform_text: str, words: list[str]) -> tuple[str, list[str], str]:
    """(platform text, problem words, the name found in the sentence or ''): when the first word
    is not a platform but holds one (我的抖音充值没到账), or the whole text names one."""
    first = clean(platform_text)
    found = resolve_platform(catalog, first) if first else None
    if found is not None and found.id and found.via == "contains" and found.key:
        rest = _rest_of(first, found.key)
        return found.key, [rest, *words] if rest else list(words), found.key
    if found is not None and found.id is None and words:
        whole = clean(" ".join([platform_text, *words]))
        inside = resolve_platform(catalog, whole)
        if inside.id and inside.via == "contains" and inside.key:
            return inside.key, [_rest_of(whole, inside.key)], inside.key
    return platform_text, list(words), ""


#: The shared category for scams (CONTRACT.md): a scammer's demand told in the query leads there.
SCAM_CATEGORY = "privacy_security"


def _scam_first(platform: Platform, match: ProblemMatch, demand: str) -> ProblemMatch:
    """The scam category first when the query tells of a scammer's demand; what matched before
    stays as the runner-up."""
    cat = platform.category(SCAM_CATEGORY)
    if cat is None or (match.best is not None and match.best.id == SCAM_CATEGORY):
        return match
    from kefu_cli.match.problems import CategoryScore

    best = CategoryScore(cat.id, cat.name, 100.0, demand)
    others = tuple(c for c in match.candidates if c.id != cat.id and c.score > 0)
    return ProblemMatch(match.query, best, (best, *others)[:3], match.best, match.contact)


def lookup(
    platform_text: str,
    problem_words: list[str],
    at: dt.datetime,
    progress: ProgressFactory = None,
) -> Outcome:
    notes: list[str] = []
    catalog = open_catalog(notes, progress)
    return answer(catalog, platform_text, problem_words, at, notes)


def answer(
    catalog: Catalog,
    platform_text: str,
    problem_words: list[str],
    at: dt.datetime,
    notes: list[str] | None = None,
) -> Outcome:
    """`kefu PLATFORM PROBLEM...` against an open catalog (the benchmarks call this directly)."""
    from kefu_cli.lookup.recommend import lookup as recommend
    from kefu_cli.lookup.views import overview

    notes = notes if notes is not None else []
    platform_text, problem_words, in_text = _split(catalog, platform_text, problem_words)
    platform = _platform(catalog, platform_text)
    if isinstance(platform, ErrorResult):
        first = clean(platform_text)
        if not problem_words and 0 < len(first) <= MAX_PROBLEM_CHARS:
            guess = _which_platforms(catalog, first)
            if guess is not None:
                return Outcome(guess, 1, tuple(notes))
        return Outcome(platform, 1, tuple(notes))
    platform_stale = (
        stale_warning(platform.name, platform.verified_at, at)
        if platform.origin == "bundled"
        else []
    )
    if not problem_words:
        return Outcome(overview(platform, at), 0, (*notes, *platform_stale))
    problem = clean(" ".join(problem_words))
    if not problem:
        error = ErrorResult(
            "bad_input",
            f"问题描述是空的：请用几个字描述问题，例如 kefu {platform.id} 充值未到账。",
            exit_code=2,
        )
        return Outcome(error, 2, tuple(notes))
    if len(problem) > MAX_PROBLEM_CHARS:
        error = ErrorResult(
            "bad_input",
            f"问题描述太长（{len(problem)} 个字符）：请用一句话描述，{MAX_PROBLEM_CHARS} 字以内。",
            exit_code=2,
        )
        return Outcome(error, 2, tuple(notes))
    direct = match_category_id(platform, problem)
    if direct:
        cat = platform.category(direct)
        assert cat is not None
        from kefu_cli.match.problems import CategoryScore

        match = ProblemMatch(problem, CategoryScore(cat.id, cat.name, 100.0, cat.id), ())
    else:
        match = match_request(catalog, platform, problem)
    demand = scam_demand(catalog, problem)
    if demand is not None:
        match = _scam_first(platform, match, demand)
    alert = SCAM_DEMAND_ALERT if demand is not None else None
    result = recommend(platform, match, at, in_text or None, alert)
    from kefu_cli.lookup.staleness import stale_evidence_warning

    # One staleness warning: about the recommended contact's own evidence when that is old, else
    # about the platform's data as a whole.
    stale = None
    if result.recommended is not None:
        stale = stale_evidence_warning(platform, result.recommended.channel, at)
    notes.extend([stale] if stale else platform_stale)
    return Outcome(result, 0, tuple(notes))


def hours(platform_text: str, at: dt.datetime, progress: ProgressFactory = None) -> Outcome:
    from kefu_cli.lookup.views import hours_table

    notes: list[str] = []
    catalog = open_catalog(notes, progress)
    platform = _platform(catalog, platform_text)
    if isinstance(platform, ErrorResult):
        return Outcome(platform, 1, tuple(notes))
    if platform.origin == "bundled":
        notes.extend(stale_warning(platform.name, platform.verified_at, at))
    return Outcome(hours_table(platform, at), 0, tuple(notes))


def list_platforms(
    progress: ProgressFactory = None,
    at: dt.datetime | None = None,
    search: str | None = None,
    category: str | None = None,
) -> Outcome:
    """Every platform; `search` keeps those whose id, name or an alias contains the text (folded:
    case, width and spaces do not matter), `category` those handling that problem category."""
    from kefu_cli.catalog.text import squash
    from kefu_cli.results import ListResult, ListRow

    notes: list[str] = []
    catalog = open_catalog(notes, progress)
    wanted = squash(search) if search and search.strip() else ""
    rows = tuple(
        ListRow(
            s.id,
            s.name,
            s.name_en,
            s.aliases,
            s.channels,
            s.sources,
            s.verified_at,
            s.origin,
            s.categories,
        )
        for s in catalog.summaries()
        if (not category or category in s.categories)
        and (
            not wanted
            or any(wanted in squash(n) for n in (s.id, s.name, s.name_en or "", *s.aliases))
        )
    )
    shown = " ".join(x for x in (search, category) if x) or None
    if shown and not rows:
        error = ErrorResult(
            "no_match", f"没有平台符合“{shown}”。kefu list 列出所有平台。", exit_code=1
        )
        return Outcome(error, 1, tuple(notes))
    bundled = [r.verified_at for r in rows if r.origin == "bundled"]
    if at is not None and bundled:
        notes.extend(stale_warning("内置", max(bundled), at))
    return Outcome(ListResult(rows, shown), 0, tuple(notes))


def info(at: dt.datetime, progress: ProgressFactory = None) -> Outcome:
    """Where kefu reads its data and keeps its cache, and how old the bundled data is."""
    from kefu_cli import __version__
    from kefu_cli.results import DataDir, InfoResult

    notes: list[str] = []
    catalog = open_catalog(notes, progress)
    state = source_state()
    target = catalog_path(state)
    dirs = tuple(
        DataDir(directory, origin, os.path.isdir(directory), len(names))
        for origin, directory, names in state.dirs
    )
    summaries = catalog.summaries()
    dates = sorted(s.verified_at for s in summaries if s.origin == "bundled" and s.verified_at)
    newest = dates[-1] if dates else None
    try:
        size: int | None = target.stat().st_size
    except OSError:
        size = None
    result = InfoResult(
        version=__version__,
        data_dirs=dirs,
        cache_dir=str(target.parent),
        catalog_file=str(target),
        catalog_exists=size is not None,
        catalog_bytes=size,
        platforms=len(summaries),
        bundled_verified_newest=newest,
        bundled_verified_oldest=dates[0] if dates else None,
        data_age_days=_age_days(newest, at),
    )
    notes.extend(stale_warning("内置", newest, at))
    return Outcome(result, 0, tuple(notes))


def validate(paths: list[str]) -> Outcome:
    """Lint data files: the given files/directories, or by default the bundled and user data."""
    from pathlib import Path

    from kefu_cli.build.schema import check_file
    from kefu_cli.catalog import paths as kefu_paths
    from kefu_cli.results import ValidateProblem, ValidateResult

    targets: list[Path] = []
    roots = [Path(p) for p in paths] or [
        kefu_paths.bundled_platform_dir(),
        *kefu_paths.user_platform_dirs(),
    ]
    for root in roots:
        if root.is_dir() and not root.name.endswith((".yaml", ".yml")):
            targets.extend(sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml")))
        elif root.exists() or paths:
            targets.append(root)
    if not targets:
        looked = "、".join(str(r.resolve()) for r in roots)
        hint = next(
            (f"数据文件在 {r / 'platforms'} 里？" for r in roots if (r / "platforms").is_dir()),
            "平台数据文件是 <id>.yaml，每个平台一个。",
        )
        message = f"没有找到数据文件（*.yaml / *.yml）：找过 {looked}。{hint}"
        return Outcome(ErrorResult("no_data", message), 1)
    problems: list[ValidateProblem] = []
    seen_ids: dict[str, str] = {}
    for target in targets:
        if not target.exists():
            problems.append(ValidateProblem(str(target), 0, "(file)", "no such file or directory"))
            continue
        origin = "bundled" if target.parent == kefu_paths.bundled_platform_dir() else "user"
        platform, found = check_file(target, origin)
        problems.extend(ValidateProblem(p.file, p.line, p.field, p.message) for p in found)
        if platform is None:
            continue
        if platform.id in seen_ids and origin == "bundled":
            problems.append(
                ValidateProblem(
                    str(target),
                    1,
                    "id",
                    f"id {platform.id!r} is also used by {seen_ids[platform.id]}",
                )
            )
        seen_ids.setdefault(platform.id, str(target))
    result = ValidateResult(tuple(str(t) for t in targets), tuple(problems))
    return Outcome(result, 0 if result.ok else 1)


def verify(text: str, progress: ProgressFactory = None) -> Outcome:
    """Check a contact or a pasted message against the catalog's official contacts."""
    from kefu_cli.verify.check import check

    notes: list[str] = []
    catalog = open_catalog(notes, progress)
    result = check(catalog, text)
    code = 0 if result.verdict in ("official", "no_signals") else 1
    return Outcome(result, code, tuple(notes))


# -- shell completion -------------------------------------------------------------------------------


def complete_platforms(incomplete: str) -> list[str]:
    """Platform ids and aliases starting with what was typed (case-insensitive)."""
    prefix = incomplete.casefold()
    out: list[str] = []
    for s in open_catalog().summaries():
        for word in (s.id, s.name, *s.aliases):
            if word.casefold().startswith(prefix) and " " not in word and word not in out:
                out.append(word)
    return out


def complete_categories(platform_text: str, incomplete: str) -> list[str]:
    """The problem category ids of the platform typed so far."""
    catalog = open_catalog()
    platform = _platform(catalog, platform_text) if platform_text else None
    if not isinstance(platform, Platform):
        return []
    return [c.id for c in platform.categories if c.id.startswith(incomplete.casefold())]

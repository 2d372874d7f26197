"""One function per command: parse the user's words, ask the domain modules, return a result.

Each returns `(result, exit_code)`; cli.py hands the result to the renderer. Nothing here prints,
except the data-file warnings that must reach stderr on every run (render.warn).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from .catalog import Catalog
from .matching import ProblemMatch, match_category_id, match_problem, resolve_platform
from .models import Platform
from .render import warn
from .results import ErrorResult, ListResult, ListRow
from .textnorm import clean

MAX_PLATFORM_CHARS = 100
MAX_PROBLEM_CHARS = 500

Outcome = tuple[Any, int]


def open_catalog() -> Catalog:
    catalog = Catalog.open(progress=True)
    by_file: dict[str, list[str]] = defaultdict(list)
    for problem in catalog.problems:
        by_file[problem.file].append(str(problem))
    for file, problems in by_file.items():
        more = f" (and {len(problems) - 1} more: run `kefu validate`)" if len(problems) > 1 else ""
        warn(f"skipped data file {problems[0]}{more}")
    return catalog


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
        names = []
        for pid in found.suggestions:
            p = catalog.platform(pid)
            names.append(f"{pid}（{p.name}）" if p else pid)
        hint = f"你是不是想找：{'、'.join(names)}？" if names else "用 kefu list 查看所有平台。"
        return ErrorResult("unknown_platform", f"找不到平台“{name}”。{hint}", found.suggestions)
    return platform


def lookup(platform_text: str, problem_words: list[str], at: dt.datetime) -> Outcome:
    from .recommend import lookup as recommend
    from .views import overview

    catalog = open_catalog()
    platform = _platform(catalog, platform_text)
    if isinstance(platform, ErrorResult):
        return platform, 1
    problem = clean(" ".join(problem_words))
    if not problem:
        return overview(platform, at), 0
    if len(problem) > MAX_PROBLEM_CHARS:
        return ErrorResult(
            "bad_input",
            f"问题描述太长（{len(problem)} 个字符）：请用一句话描述，{MAX_PROBLEM_CHARS} 字以内。",
            exit_code=2,
        ), 2
    direct = match_category_id(platform, problem)
    if direct:
        cat = platform.category(direct)
        assert cat is not None
        from .matching import CategoryScore

        match = ProblemMatch(problem, CategoryScore(cat.id, cat.name, 100.0, cat.id), ())
    else:
        match = match_problem(catalog, platform, problem)
    return recommend(platform, match, at), 0


def hours(platform_text: str, at: dt.datetime) -> Outcome:
    from .views import hours_table

    catalog = open_catalog()
    platform = _platform(catalog, platform_text)
    if isinstance(platform, ErrorResult):
        return platform, 1
    return hours_table(platform, at), 0


def list_platforms() -> Outcome:
    catalog = open_catalog()
    rows = tuple(
        ListRow(s.id, s.name, s.name_en, s.aliases, s.channels, s.sources, s.verified_at, s.origin)
        for s in catalog.summaries()
    )
    return ListResult(rows), 0

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
from .results import ErrorResult
from .textnorm import clean

MAX_PLATFORM_CHARS = 100
MAX_PROBLEM_CHARS = 500

Outcome = tuple[Any, int]


def open_catalog() -> Catalog:
    catalog = Catalog.open(progress=True)
    by_file: dict[str, list[str]] = defaultdict(list)
    for problem in catalog.problems:
        by_file[problem.file].append(str(problem))
    for _file, problems in by_file.items():
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
    if not problem_words:
        return overview(platform, at), 0
    problem = clean(" ".join(problem_words))
    if not problem:
        return ErrorResult(
            "bad_input",
            f"问题描述是空的：请用几个字描述问题，例如 kefu {platform.id} 充值未到账。",
            exit_code=2,
        ), 2
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
    from .results_catalog import ListResult, ListRow

    catalog = open_catalog()
    rows = tuple(
        ListRow(s.id, s.name, s.name_en, s.aliases, s.channels, s.sources, s.verified_at, s.origin)
        for s in catalog.summaries()
    )
    return ListResult(rows), 0


def validate(paths: list[str]) -> Outcome:
    """Lint data files: the given files/directories, or by default the bundled and user data."""
    from pathlib import Path

    from . import paths as kefu_paths
    from .results_catalog import ValidateProblem, ValidateResult
    from .schema import check_file

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
    return result, 0 if result.ok else 1


def verify(text: str) -> Outcome:
    """Check a contact or a pasted message against the catalog's official contacts."""
    from .verify import check

    catalog = open_catalog()
    result = check(catalog, text)
    return result, 0 if result.verdict in ("official", "no_signals") else 1

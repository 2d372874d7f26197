"""Every test runs with its own user dirs: no real app dir, cache or $KEFU_DATA_DIR leaks in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kefu_cli.cli.app import app

# A fixed moment for golden outputs: Monday 2026-11-23 10:00 Beijing time.
AT = "2026-11-23T10:00+08:00"


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One catalog cache for the whole run: each data configuration has its own compiled file in
    it, so the bundled catalog is compiled once and tests with user data do not evict it."""
    return tmp_path_factory.mktemp("shared-cache")


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path: Path, shared_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    home = tmp_path / "kefu-home"
    monkeypatch.setenv("KEFU_HOME", str(home))
    monkeypatch.setenv("KEFU_CACHE_DIR", str(shared_cache))
    monkeypatch.delenv("KEFU_DATA_DIR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    monkeypatch.setenv("COLUMNS", "100")
    yield home
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of this test's own, for tests that damage, replace or count catalog files."""
    cache = tmp_path / "kefu-cache"
    monkeypatch.setenv("KEFU_CACHE_DIR", str(cache))
    return cache


def run_python(*args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
    """A fresh `python ARGS` with this test's environment (KEFU_DEBUG off), text in UTF-8: for
    what CliRunner cannot show (the console script's own path, what a process imports)."""
    full = {k: v for k, v in os.environ.items() if k != "KEFU_DEBUG"}
    full.update(PYTHONIOENCODING="utf-8", **env)
    return subprocess.run(
        [sys.executable, *args],
        env=full,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


class Run:
    """Invoke the real CLI entry point and keep stdout and stderr apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Any:
        return self.runner.invoke(app, list(args), env=env, catch_exceptions=False)

    def json(self, *args: str, env: dict[str, str] | None = None) -> tuple[dict[str, Any], int]:
        result = self(*args, "--json", env=env)
        return json.loads(result.stdout), result.exit_code


@pytest.fixture
def kefu() -> Run:
    return Run()


@pytest.fixture
def kefu_fresh(private_cache: Path) -> Run:
    """The CLI with a private, empty cache (for tests of the cache itself)."""
    return Run()


@pytest.fixture
def write_user_file(isolated_user_dirs: Path) -> Callable[[str, str], Path]:
    def write(name: str, text: str) -> Path:
        d = isolated_user_dirs / "platforms"
        d.mkdir(parents=True, exist_ok=True)
        p = d / name
        p.write_text(text, encoding="utf-8")
        return p

    return write

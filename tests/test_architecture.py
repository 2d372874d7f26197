"""The architecture check itself: the import contracts in pyproject.toml hold for the tree, and
fail when someone breaks one (checked on a copy of the package with one bad import added)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")


def lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    return subprocess.run(
        [str(LINT), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("arch")
    shutil.copytree(ROOT / "src", tree / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_tree_keeps_every_contract() -> None:
    r = lint(ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 broken" in r.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("lookup/hours.py", "import typer", "Typer and click only in cli/"),
        ("match/problems.py", "import yaml", "YAML and pypinyin only in build/"),
        ("commands.py", "import rich", "rich only in the human renderers"),
        ("catalog/reader.py", "from kefu_cli.match import problems", "Layers"),
        ("render/console.py", "from kefu_cli.render import human", "No import cycles"),
        ("results.py", "from kefu_cli.catalog import model", "results.py is a leaf"),
    ],
)
def test_a_broken_contract_fails(copy: Path, module: str, line: str, broken: str) -> None:
    target = copy / "src" / "kefu_cli" / module
    original = target.read_text(encoding="utf-8")
    try:
        target.write_text(f"{line}  # noqa\n{original}", encoding="utf-8")
        r = lint(copy)
    finally:
        target.write_text(original, encoding="utf-8")
    assert r.returncode != 0
    broken_lines = [ln for ln in r.stdout.splitlines() if ln.endswith("BROKEN")]
    assert any(ln.startswith(broken) for ln in broken_lines), r.stdout


def test_no_module_is_over_600_lines() -> None:
    """Small modules with one concern: a module that grows past this is split by concern."""
    long = {
        str(p.relative_to(ROOT)): n
        for p in (ROOT / "src" / "kefu_cli").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}

"""Where kefu finds its data and keeps its compiled catalog.

Bundled data ships inside the wheel as `kefu_cli/data/`; in a source checkout (editable install) it is
the repository's top-level `data/`. User data comes from `$KEFU_DATA_DIR` (os.pathsep-separated) and
the app dir's `platforms/`, as CONTRACT.md fixes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "kefu"


def bundled_data_dir() -> Path:
    package = Path(__file__).resolve().parents[1]  # kefu_cli/
    packaged = package / "data"
    if packaged.is_dir():
        return packaged
    return package.parents[1] / "data"


def bundled_platform_dir() -> Path:
    """The shipped platform files; `KEFU_BUNDLED_DIR` puts another directory in their place (the
    golden tests render fixture platforms this way, and data authors can try a tree of files)."""
    override = os.environ.get("KEFU_BUNDLED_DIR")
    if override:
        return Path(override)
    return bundled_data_dir() / "platforms"


def shared_data_file(name: str) -> Path:
    """A cross-platform data file (synonyms, scam signals) in `data/shared/`."""
    return bundled_data_dir() / "shared" / name


def app_dir() -> Path:
    override = os.environ.get("KEFU_HOME")
    if override:
        return Path(override)
    return Path(_config_dir()) / APP_NAME


def _config_dir() -> str:
    """Where `typer.get_app_dir` puts an app's folder (click's rules), without importing Typer:
    the plain lookup never loads it. tests/test_cli_entry.py checks that the two agree."""
    if sys.platform.startswith("win"):
        folder = os.environ.get("APPDATA")
        return os.path.expanduser("~") if folder is None else folder
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Application Support")
    return os.environ.get("XDG_CONFIG_HOME", os.path.expanduser("~/.config"))


def user_platform_dirs() -> list[Path]:
    dirs = [Path(p) for p in os.environ.get("KEFU_DATA_DIR", "").split(os.pathsep) if p.strip()]
    dirs.append(app_dir() / "platforms")
    return dirs


def cache_dir() -> Path:
    override = os.environ.get("KEFU_CACHE_DIR")
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.name != "nt":
        return Path(xdg) / APP_NAME
    return app_dir() / "cache"

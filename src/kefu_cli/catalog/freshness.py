"""Freshness: which data files a compiled catalog must have been built from, and where it lives.

The catalog stores the listing it was built from (package version, catalog format, the builder's
own code, the shared data files, and every data file's path, size and mtime) and is used only if
today's listing is the same. A directory with no data file adds nothing to the listing, so an empty
or missing user directory does not invalidate the bundled catalog (every test, with its own empty
KEFU_HOME, shares one compiled catalog). Each data configuration (the set of directories that hold
data) has its own catalog file, so switching KEFU_DATA_DIR on and off does not rebuild each time.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from kefu_cli import __version__
from kefu_cli.catalog import paths
from kefu_cli.catalog.format import FORMAT, SUFFIXES

#: The builder's code is part of the key: an editable install that changes it must rebuild.
_CODE_DIR = Path(__file__).resolve().parent.parent / "build"


class SourceState:
    """The data files as they are now: what a catalog must have been built from to be fresh.

    `key` is the listing itself (no hash: comparing it is exact and needs no hashlib import):
    the version and catalog format, each shared file's size and mtime, and per data directory
    every data file's name, size and mtime.
    """

    __slots__ = ("bundled_dir", "dirs", "key", "shared", "user_dirs", "version")

    def __init__(
        self,
        bundled_dir: Path,
        user_dirs: tuple[Path, ...],
        shared: dict[str, Path],
        dirs: list[tuple[str, str, list[str]]],
        listing: list[str],
    ) -> None:
        self.bundled_dir = bundled_dir
        self.user_dirs = user_dirs
        self.shared = shared
        self.dirs = dirs  # (origin, directory, data file names sorted)
        self.version = __version__
        self.key = "\n".join([f"kefu {self.version} format {FORMAT}", *listing])

    def data_files(self) -> list[tuple[str, str]]:
        """(origin, path) of every platform file, in build order: bundled, then user dirs."""
        return [(o, os.path.join(d, n)) for o, d, names in self.dirs for n in names]


def _scan_dir(directory: Path, origin: str, listing: list[str]) -> list[str]:
    """The data file names in `directory`, sorted; appends their name, size and mtime to
    `listing`. One stat per file, relative to an open directory descriptor where the OS has
    them: at 10,000 files this is most of a warm run's own work, so it stays this plain."""
    base = str(directory)
    rows: list[str] = []
    try:
        fd = os.open(base, _DIR_FLAGS) if _DIR_FD else None
    except OSError:
        return []
    try:
        with os.scandir(base if fd is None else fd) as entries:
            for e in entries:
                name = e.name
                if name[0] == "." or not name.endswith(SUFFIXES):
                    continue
                try:
                    st = e.stat()
                    rows.append(f"{name}\t{st.st_size}\t{st.st_mtime_ns}")
                except OSError:
                    rows.append(f"{name}\t-1\t-1")
    except OSError:
        rows = []
    finally:
        if fd is not None:
            os.close(fd)
    rows.sort()
    if rows:  # a directory without data files changes nothing
        listing.append(f"{origin}\t{base}")
        listing.extend(rows)
    return [r[: r.index("\t")] for r in rows]


_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
_DIR_FD = os.scandir in os.supports_fd


def source_state() -> SourceState:
    bundled = paths.bundled_platform_dir()
    users = tuple(paths.user_platform_dirs())
    shared = {
        "synonyms": paths.shared_data_file("synonyms.yaml"),
        "signals": paths.shared_data_file("signals.yaml"),
    }
    listing: list[str] = []
    # The code that produces the catalog is a source too: an editable install that changes the
    # builder or the schema without a version bump must not keep serving the old catalog.
    for name in sorted(n for n in os.listdir(_CODE_DIR) if n.endswith(".py")):
        try:
            st = os.stat(_CODE_DIR / name)
            listing.append(f"code\t{name}\t{st.st_size}\t{st.st_mtime_ns}")
        except OSError:
            listing.append(f"code\t{name}\t-1\t-1")
    for name, p in shared.items():
        try:
            st = os.stat(p)
            listing.append(f"shared\t{name}\t{p}\t{st.st_size}\t{st.st_mtime_ns}")
        except OSError:
            listing.append(f"shared\t{name}\t{p}\t-1\t-1")
    dirs = [("bundled", str(bundled), _scan_dir(bundled, "bundled", listing))]
    dirs += [("user", str(d), _scan_dir(d, "user", listing)) for d in users]
    return SourceState(bundled, users, shared, dirs, listing)


def catalog_path(state: SourceState) -> Path:
    """The compiled catalog for this data configuration: one file per set of data directories."""
    config = "\n".join(f"{origin}\t{directory}" for origin, directory, names in state.dirs if names)
    return paths.cache_dir() / f"catalog-{zlib.crc32(config.encode('utf-8')):08x}.sqlite3"

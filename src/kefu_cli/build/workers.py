"""How a large build runs: worker processes for the per-file work, and what it reports progress to.

Apart from compile.py so that the build's orchestration reads on its own; nothing here knows the
data. The progress display itself is render/progress.py's: the build never imports rich.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Workers:
    """Runs per-file work in forked worker processes when that pays, else in this process.

    Forked workers share this process's loaded code and need no re-import; they are used only
    where fork is the platform's ordinary way (Linux), with two or more CPUs available and enough
    files. Results come back in order, so overrides keep their file order.
    """

    def __init__(self, files: int) -> None:
        self._pool: Any = None
        self._n = 1
        if files < _PARALLEL_MIN or not sys.platform.startswith("linux"):
            return
        try:  # KEFU_BUILD_WORKERS=1: no worker processes
            n = int(os.environ["KEFU_BUILD_WORKERS"])
        except (KeyError, ValueError):
            cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
            # Workers pay only on idle CPUs: on a busy machine they add overhead, not speed.
            n = min(cpus, _MAX_WORKERS, round(_idle_cpus(cpus))) if cpus >= 2 else 1
        if n >= 2:
            import multiprocessing

            with contextlib.suppress(OSError, ValueError):
                self._pool = multiprocessing.get_context("fork").Pool(n)
                self._n = n

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()

    def map(self, fn: Callable[[Any], T], jobs: list[Any]) -> Iterable[T]:
        if self._pool is None:
            return map(fn, jobs)
        chunk = max(1, min(32, len(jobs) // (8 * self._n)))
        return self._pool.imap(fn, jobs, chunk)  # type: ignore[no-any-return]

    def call(self, fn: Callable[[Any], T], arg: Any) -> T:
        if self._pool is None:
            return fn(arg)
        return self._pool.apply(fn, (arg,))  # type: ignore[no-any-return]


def _idle_cpus(cpus: int) -> float:
    """How many CPUs sat idle over the last 50 ms (Linux /proc/stat), else all of them."""
    import time

    def sample() -> tuple[int, int]:
        with open("/proc/stat", encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        return sum(fields), fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait

    try:
        total0, idle0 = sample()
        time.sleep(0.05)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return float(cpus)
    if total1 <= total0:
        return float(cpus)
    return cpus * (idle1 - idle0) / (total1 - total0)


#: Builds with at least this many files use worker processes; a few more than CPUs is no gain.
_PARALLEL_MIN = 400
_MAX_WORKERS = 4


# -- progress -------------------------------------------------------------------------------------

#: Builds with at least this many files show a progress bar (on a terminal).
PROGRESS_MIN = 200


class Progress(Protocol):
    """What a build reports to: render/progress.py draws it; the build never imports rich."""

    def __enter__(self) -> Progress: ...
    def __exit__(self, *exc: object) -> None: ...
    def start(self, label: str, total: int | None) -> None: ...
    def advance(self) -> None: ...


class Silent:
    """No progress shown (small builds, tests, no terminal)."""

    def __enter__(self) -> Silent:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def start(self, label: str, total: int | None) -> None:
        return None

    def advance(self) -> None:
        return None


#: Makes the progress display for a large build, or None for none.
ProgressFactory = Callable[[], Progress] | None

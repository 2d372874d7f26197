"""Time kefu as whole processes, the way a user pays for it, against the floor of its stack.

    python benchmarks/speed.py                 # 30 interleaved rounds, 10,000 synthetic platforms
    python benchmarks/speed.py --runs 50 --cold-runs 3 --platforms 10000
    python benchmarks/speed.py --skip-large    # bundled data only (quick)

What runs (each a fresh process; stdout and stderr go to /dev/null, as when piped):

- `python -c pass`: the interpreter alone;
- the stack floor: `python -c "import typer, rich.console, rich.table, rapidfuzz.process"`;
- the same without typer, which the plain lookup never imports (for information: what kefu
  itself adds beyond the libraries it uses);
- `kefu douyin 充值未到账` and the same with `--json`, on the bundled data (warm cache);
- `kefu lookup douyin 充值未到账 --json`: the same answer through Typer's own parameter parsing
  (pydantic), which the plain form skips; for comparison;
- the same two with KEFU_DATA_DIR holding N synthetic platforms (benchmarks/generate.py), warm;
- a misspelt platform name among N platforms (the fuzzy fallback, for information);
- cold runs with N platforms: cache removed before each, so each compiles the whole catalog.

The warm commands are interleaved: every round runs each once, in a shuffled order, so drift in
machine load hits all of them alike. Reported: median, 10th and 90th percentile wall time, ratios
of medians to the floor and to the bundled lookup, and peak RSS per command (GNU time's maximum
resident set size: the largest of 3 separate runs; for a cold run, of the largest process, build
workers included). Every process gets a private KEFU_HOME and KEFU_CACHE_DIR under a temp dir.
The load average before and after is reported too: other work on the machine shows in every
figure. Results also go to benchmarks/out/ as JSON (git-ignored). No timings in the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERY = ("douyin", "充值未到账")
FLOOR_IMPORTS = "import typer, rich.console, rich.table, rapidfuzz.process"
FLOOR = "stack floor (typer, rich, rapidfuzz)"
# The plain lookup does not import Typer (entry.py parses it by hand), so its own cost is better
# seen against the part of the stack it does import.
LEAN_FLOOR_IMPORTS = "import rich.console, rich.table, rapidfuzz.process"
LEAN_FLOOR = "rich + rapidfuzz only (no typer)"
BUNDLED = "kefu douyin 充值未到账 (bundled)"
TYPER = "kefu lookup … --json (Typer's parser)"

# Targets from issue 7.
TARGET_FLOOR_RATIO = 1.3  # warm bundled lookup / stack floor
TARGET_LARGE_RATIO = 1.5  # warm lookup with N platforms / warm bundled lookup
TARGET_COLD_SECONDS = 60.0
TARGET_PEAK_MB = 60.0


def large_name(n: int) -> str:
    return f"kefu douyin 充值未到账 ({n} platforms)"


def fuzzy_name(n: int) -> str:
    return f"kefu douyim 充值 ({n}, fuzzy name)"


def kefu_command() -> list[str]:
    """The installed `kefu` script next to this interpreter, else `python -m kefu_cli`."""
    exe = Path(sys.executable).parent / ("kefu.exe" if os.name == "nt" else "kefu")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kefu_cli"]


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(wall seconds, exit code) of one whole process."""
    start = time.perf_counter()
    code = subprocess.call(
        cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start, code


GNU_TIME = "/usr/bin/time"


def run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code), the RSS as GNU time reports it.

    Not from wait4 here: a child's ru_maxrss includes the pages of the process that forked it
    (this one, ~30 MB), as they were when it exec'd. GNU time is a small process of its own.
    The peak is of the largest process of the tree (a build's worker processes included).
    """
    if not os.path.exists(GNU_TIME):
        wall, code = run_once(cmd, env)
        return wall, float("nan"), code
    with tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False) as f:
        report = f.name
    try:
        start = time.perf_counter()
        code = subprocess.call(
            [GNU_TIME, "-f", "%M", "-o", report, *cmd],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wall = time.perf_counter() - start
        with open(report, encoding="ascii") as r:
            lines = r.read().split()
        rss = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
    finally:
        os.unlink(report)
    return wall, rss, code


def check_output(cmd: list[str], env: dict[str, str], must_contain: str) -> None:
    """Run once for real and make sure the command answers, so we never time an error path."""
    out = subprocess.run(
        cmd, env=env, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if out.returncode != 0 or must_contain not in out.stdout:
        sys.exit(
            f"benchmark setup failed: {' '.join(cmd)} -> {out.returncode}\n{out.stderr[-2000:]}"
        )


def pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns (CJK characters take two)."""
    cols = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - cols)


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=30, help="interleaved rounds (default 30)")
    ap.add_argument("--platforms", type=int, default=10_000, help="synthetic platforms (10000)")
    ap.add_argument("--cold-runs", type=int, default=3, help="cold builds with N platforms (3)")
    ap.add_argument("--data", type=Path, help="reuse generated data in this directory")
    ap.add_argument("--skip-large", action="store_true", help="bundled data only")
    ap.add_argument("--seed", type=int, default=0, help="shuffle seed")
    ap.add_argument("--out", type=Path, help="JSON results file (default benchmarks/out/…)")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="kefu-bench-"))
    args.load_before = _load()
    try:
        return _bench(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _load() -> list[float]:
    return list(os.getloadavg()) if hasattr(os, "getloadavg") else []


def _bench(args: argparse.Namespace, tmp: Path) -> int:
    kefu = kefu_command()
    py = sys.executable
    base = {k: v for k, v in os.environ.items() if not k.startswith("KEFU_")}
    base.update(KEFU_HOME=str(tmp / "home"), KEFU_CACHE_DIR=str(tmp / "cache-bundled"))
    base.pop("PYTHONDONTWRITEBYTECODE", None)

    warm: dict[str, tuple[list[str], dict[str, str]]] = {
        "python -c pass": ([py, "-c", "pass"], base),
        FLOOR: ([py, "-c", FLOOR_IMPORTS], base),
        LEAN_FLOOR: ([py, "-c", LEAN_FLOOR_IMPORTS], base),
        BUNDLED: ([*kefu, *QUERY], base),
        "kefu … --json (bundled)": ([*kefu, *QUERY, "--json"], base),
        TYPER: ([*kefu, "lookup", *QUERY, "--json"], base),
    }
    cold: list[tuple[float, float]] = []
    large_env: dict[str, str] | None = None
    n = 0
    if not args.skip_large:
        data = args.data or tmp / "platforms"
        if not data.is_dir() or not any(data.glob("*.yaml")):
            sys.path.insert(0, str(HERE))
            from generate import generate

            t = time.perf_counter()
            generate(args.platforms, data)
            print(f"generated {args.platforms} platforms in {time.perf_counter() - t:.1f} s")
        n = sum(1 for _ in data.glob("*.y*ml"))
        large_env = {**base, "KEFU_DATA_DIR": str(data), "KEFU_CACHE_DIR": str(tmp / "cache-large")}
        for i in range(args.cold_runs):
            shutil.rmtree(tmp / "cache-large", ignore_errors=True)
            wall, rss, code = run_measured([*kefu, *QUERY, "--json"], large_env)
            if code != 0:
                sys.exit(f"cold run failed with exit code {code}")
            cold.append((wall, rss))
            print(f"cold run {i + 1} with {n} platforms: {wall:.1f} s, peak {rss:.1f} MB")
        warm[large_name(n)] = ([*kefu, *QUERY], large_env)
        warm[f"kefu … --json ({n} platforms)"] = ([*kefu, *QUERY, "--json"], large_env)
        warm[fuzzy_name(n)] = (
            [*kefu, "douyim", "充值", "--json"],
            large_env,
        )

    # Warm the caches (and the OS file cache), and make sure every kefu command really answers.
    for name, (cmd, env) in warm.items():
        if "kefu" in name:
            check_output(cmd, env, "抖音")
    rng = random.Random(args.seed)
    times: dict[str, list[float]] = {name: [] for name in warm}
    names = list(warm)
    catalogs = [tmp / "cache-bundled" / "catalog.sqlite3", tmp / "cache-large" / "catalog.sqlite3"]
    before = {p: p.stat().st_mtime_ns for p in catalogs if p.exists()}
    for r in range(args.runs):
        rng.shuffle(names)
        for name in names:
            cmd, env = warm[name]
            wall, code = run_once(cmd, env)
            if code != 0:
                sys.exit(f"{name} failed with exit code {code} in round {r + 1}")
            times[name].append(wall)
    rebuilt = [str(p) for p, m in before.items() if p.stat().st_mtime_ns != m]
    # Memory apart from timing (GNU time adds its own fork and exec): the largest of 3 runs.
    peaks = {name: max(run_measured(*warm[name])[1] for _ in range(3)) for name in warm}

    return _report(args, n, warm, times, peaks, cold, rebuilt)


def _report(
    args: argparse.Namespace,
    n: int,
    warm: dict[str, tuple[list[str], dict[str, str]]],
    times: dict[str, list[float]],
    peaks: dict[str, float],
    cold: list[tuple[float, float]],
    rebuilt: list[str],
) -> int:
    med = {name: statistics.median(v) for name, v in times.items()}
    names = list(warm)
    floor = med[FLOOR]
    bundled = med[BUNDLED]
    print()
    print(f"{args.runs} interleaved rounds; wall time per process in ms; peak RSS from GNU time")
    header = f"{pad('command', 44)} {'median':>7} {'p10':>7} {'p90':>7} {'×floor':>7} {'×bundled':>9} {'peak MB':>8}"
    print(header)
    print("-" * len(header))
    rows = []
    for name in names:
        v = times[name]
        row = {
            "command": name,
            "median_ms": med[name] * 1000,
            "p10_ms": percentile(v, 0.1) * 1000,
            "p90_ms": percentile(v, 0.9) * 1000,
            "ratio_floor": med[name] / floor,
            "ratio_bundled": med[name] / bundled,
            "peak_rss_mb": peaks[name],
        }
        rows.append(row)
        print(
            f"{pad(name, 44)} {row['median_ms']:7.1f} {row['p10_ms']:7.1f} {row['p90_ms']:7.1f}"
            f" {row['ratio_floor']:7.2f} {row['ratio_bundled']:9.2f} {row['peak_rss_mb']:8.1f}"
        )
    if cold:
        walls = [w for w, _ in cold]
        print(
            f"{pad(f'cold, {n} platforms ({len(cold)} runs)', 44)}"
            f" {statistics.median(walls) * 1000:7.0f}"
            f" {min(walls) * 1000:7.0f} {max(walls) * 1000:7.0f} {'':7} {'':9}"
            f" {max(r for _, r in cold):8.1f}"
        )
    print(
        f"\nkefu's own work in the bundled lookup, beyond importing rich and rapidfuzz:"
        f" {(bundled - med[LEAN_FLOOR]) * 1000:.1f} ms"
        f" ({bundled / med[LEAN_FLOOR]:.2f}× '{LEAN_FLOOR}')"
    )
    if rebuilt:
        print(
            f"\nwarning: a catalog was rebuilt during the timed rounds (data changed?): {rebuilt}"
        )

    checks = [
        (
            f"warm bundled lookup ≤ {TARGET_FLOOR_RATIO}× stack floor",
            bundled / floor,
            bundled / floor <= TARGET_FLOOR_RATIO,
        ),
    ]
    # The target runs: the lookups the issue names (bundled and large, human and --json) and the
    # cold builds. The fuzzy-name and Typer rows are for information and reported on their own.
    extra = {TYPER, fuzzy_name(n)}
    kefu_peaks = [p for name, p in peaks.items() if "kefu" in name and name not in extra]
    if n:
        large = med[large_name(n)]
        checks.append(
            (
                f"warm lookup, {n} platforms ≤ {TARGET_LARGE_RATIO}× bundled",
                large / bundled,
                large / bundled <= TARGET_LARGE_RATIO,
            )
        )
        if cold:
            worst = max(w for w, _ in cold)
            checks.append(
                (f"cold run, {n} platforms < {TARGET_COLD_SECONDS:.0f} s", worst, worst < 60)
            )
            kefu_peaks += [r for _, r in cold]
    peak = max(kefu_peaks)
    checks.append((f"peak RSS, lookups and builds < {TARGET_PEAK_MB:.0f} MB", peak, peak < 60))
    print()
    for label, value, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}: {value:.2f}")
    for name in sorted(extra & set(peaks)):
        print(f"info  {name}: {med[name] * 1000:.0f} ms, peak {peaks[name]:.1f} MB")

    load_after = _load()
    print(f"\nload average (1, 5, 15 min): before {args.load_before}, after {load_after}")
    result = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "load_average": {"before": args.load_before, "after": load_after},
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "runs": args.runs,
        "platforms": n,
        "warm": rows,
        "cold": [{"seconds": w, "peak_rss_mb": r} for w, r in cold],
        "targets": [{"target": label, "value": v, "ok": ok} for label, v, ok in checks],
        "rebuilt_during_run": rebuilt,
    }
    out = args.out or HERE / "out" / f"speed-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {out}")
    return 0 if all(ok for _, _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())

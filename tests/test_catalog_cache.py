"""The compiled catalog cache: rebuilt whenever its data changes or it cannot be trusted.

Covers the freshness key (edit, add, delete a file; another version), damaged caches (garbage,
truncated, empty, another format, a table missing), an unwritable cache dir, builds racing each
other, and what a warm run imports. No timings here: see benchmarks/.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import kefu_cli.catalog.freshness
import kefu_cli.catalog.reader
from conftest import AT, Run, run_python
from kefu_cli.build import compile as build
from kefu_cli.build import pinyin, workers
from kefu_cli.catalog import paths
from kefu_cli.catalog.format import unpack
from kefu_cli.catalog.freshness import catalog_path, source_state
from kefu_cli.commands import open_catalog
from kefu_cli.render.progress import ProgressBar

DOUYIN = (paths.bundled_platform_dir() / "douyin.yaml").read_text(encoding="utf-8")
WriteFile = Callable[[str, str], Path]
ROOT = Path(__file__).resolve().parents[1]


def platform_text(pid: str, name: str, aliases: str) -> str:
    """A valid platform file: the douyin file with its own id, names and no shared contacts."""
    text = DOUYIN.replace("id: douyin", f"id: {pid}", 1).replace("name: 抖音", f"name: {name}", 1)
    text = text.replace("name_en: Douyin", f"name_en: {pid.title()}")
    start = text.index("aliases:")
    text = text[:start] + f"aliases: [{aliases}]" + text[text.index("\n", start) :]
    return text[: text.index("\ndisputed:")] + "\n"


def cache_file() -> Path:
    return catalog_path(source_state())


def ids(kefu: Run) -> set[str]:
    data, code = kefu.json("list")
    assert code == 0
    return {p["id"] for p in data["platforms"]}


def name_of(kefu: Run, platform: str) -> str:
    data, code = kefu.json(platform, "--at", AT)
    assert code == 0, data
    return str(data["platform"]["name"])


def meta(key: str) -> str:
    db = sqlite3.connect(cache_file())
    try:
        return str(db.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()[0])
    finally:
        db.close()


def douyin_answers(kefu: Run) -> None:
    data, code = kefu.json("douyin", "充值未到账", "--at", AT)
    assert code == 0 and data["platform"]["id"] == "douyin"
    assert data["problem"]["id"] == "payment"


def touch_later(path: Path) -> None:
    """Move a file's mtime forward, so an edit is seen even on a coarse-mtime filesystem."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


# -- freshness ------------------------------------------------------------------------------------


def test_edited_user_file_is_seen_on_the_next_run(
    kefu_fresh: Run, write_user_file: WriteFile
) -> None:
    path = write_user_file("acme.yaml", platform_text("acme", "艾克米", "acme, 艾克米"))
    assert name_of(kefu_fresh, "acme") == "艾克米"
    path.write_text(platform_text("acme", "艾克米帮助台", "acme, 艾克米"), encoding="utf-8")
    touch_later(path)
    assert name_of(kefu_fresh, "acme") == "艾克米帮助台"


def test_edit_that_keeps_the_size_is_seen_too(kefu_fresh: Run, write_user_file: WriteFile) -> None:
    path = write_user_file("acme.yaml", platform_text("acme", "艾克米甲", "acme"))
    assert name_of(kefu_fresh, "acme") == "艾克米甲"
    before = path.stat().st_size
    path.write_text(platform_text("acme", "艾克米乙", "acme"), encoding="utf-8")
    assert path.stat().st_size == before
    touch_later(path)
    assert name_of(kefu_fresh, "acme") == "艾克米乙"


def test_added_file_is_listed_and_deleted_file_is_gone(
    kefu_fresh: Run, write_user_file: WriteFile
) -> None:
    assert "acme" not in ids(kefu_fresh)
    path = write_user_file("acme.yaml", platform_text("acme", "艾克米", "acme"))
    assert "acme" in ids(kefu_fresh)
    assert name_of(kefu_fresh, "艾克米") == "艾克米"
    path.unlink()
    assert "acme" not in ids(kefu_fresh)
    assert kefu_fresh("acme", "--json").exit_code == 1


def test_data_dir_added_through_the_environment(
    kefu_fresh: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "zeta.yaml").write_text(platform_text("zeta", "泽塔", "zeta"), encoding="utf-8")
    assert "zeta" not in ids(kefu_fresh)
    monkeypatch.setenv("KEFU_DATA_DIR", str(extra))
    assert "zeta" in ids(kefu_fresh)


def test_warm_run_reuses_the_file(kefu_fresh: Run) -> None:
    douyin_answers(kefu_fresh)
    first = cache_file().stat()
    douyin_answers(kefu_fresh)
    second = cache_file().stat()
    assert (first.st_ino, first.st_mtime_ns) == (second.st_ino, second.st_mtime_ns)


def test_another_version_rebuilds(kefu_fresh: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    douyin_answers(kefu_fresh)
    assert meta("version") == kefu_cli.__version__
    inode = cache_file().stat().st_ino
    monkeypatch.setattr(kefu_cli.catalog.reader, "__version__", "99.0.0")
    monkeypatch.setattr(kefu_cli.catalog.freshness, "__version__", "99.0.0")
    douyin_answers(kefu_fresh)
    assert meta("version") == "99.0.0"
    assert cache_file().stat().st_ino != inode


def test_another_catalog_format_rebuilds(kefu_fresh: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    douyin_answers(kefu_fresh)
    monkeypatch.setattr(kefu_cli.catalog.reader, "FORMAT", kefu_cli.catalog.reader.FORMAT + 1)
    monkeypatch.setattr(build, "FORMAT", kefu_cli.catalog.reader.FORMAT)
    douyin_answers(kefu_fresh)
    assert meta("format") == str(kefu_cli.catalog.reader.FORMAT)


def test_later_user_dir_overrides_and_its_contacts_replace_the_earlier_ones(
    kefu_fresh: Run, write_user_file: WriteFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    early = tmp_path / "early"
    early.mkdir()
    text = platform_text("acme", "早期艾克米", "acme")
    text = text.replace('contact: "95152"', 'contact: "400-111-2222"')
    (early / "acme.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("KEFU_DATA_DIR", str(early))
    write_user_file("acme.yaml", platform_text("acme", "艾克米", "acme"))  # the app dir: later
    assert name_of(kefu_fresh, "acme") == "艾克米"
    catalog = open_catalog()
    assert catalog.contacts("4001112222") == []
    assert {c["origin"] for c in catalog.contacts("95152") if c["id"] == "acme"} == {"user"}


# -- damaged caches -------------------------------------------------------------------------------


def _garbage(path: Path) -> None:
    path.write_bytes(b"not a catalog \x00\xff" * 500)


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _header_only(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:100])


def _other_format(path: Path) -> None:
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE meta SET v = '0' WHERE k = 'format'")
    db.close()


def _other_key(path: Path) -> None:
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE meta SET v = 'stale' WHERE k = 'key'")
    db.close()


def _foreign_sqlite(path: Path) -> None:
    path.unlink()
    db = sqlite3.connect(path)
    with db:
        db.execute("CREATE TABLE something(other TEXT)")
    db.close()


def _appended(path: Path) -> None:
    with path.open("ab") as f:
        f.write(b"\x00" * 100)


@pytest.mark.parametrize(
    "damage",
    [
        _garbage,
        _truncated,
        _empty,
        _header_only,
        _other_format,
        _other_key,
        _foreign_sqlite,
        _appended,
    ],
)
def test_damaged_cache_is_rebuilt_and_the_answer_is_right(
    kefu_fresh: Run, damage: Callable[[Path], None]
) -> None:
    douyin_answers(kefu_fresh)
    damage(cache_file())
    douyin_answers(kefu_fresh)
    assert meta("format") == str(kefu_cli.catalog.reader.FORMAT)
    assert len(ids(kefu_fresh)) >= 5


def test_cache_that_fails_while_being_read_is_rebuilt(kefu_fresh: Run) -> None:
    """Fresh by its key but broken inside (here: a table gone): the read fails, the run rebuilds."""
    douyin_answers(kefu_fresh)
    db = sqlite3.connect(cache_file())
    with db:
        db.execute("DROP TABLE terms")
    db.close()
    douyin_answers(kefu_fresh)
    db = sqlite3.connect(cache_file())
    assert db.execute("SELECT COUNT(*) FROM terms").fetchone()[0] >= 5
    db.close()


class _FailsOnce:
    """A connection whose n-th statement fails as if the file were damaged."""

    def __init__(self, db: sqlite3.Connection, fail_at: int) -> None:
        self.db, self.left = db, fail_at

    def execute(self, sql: str, args: Any = ()) -> Any:
        self.left -= 1
        if self.left == 0:
            raise sqlite3.DatabaseError("database disk image is malformed")
        return self.db.execute(sql, args)

    def close(self) -> None:
        self.db.close()


def test_damage_found_half_way_through_the_name_keys_is_rebuilt(kefu_fresh: Run) -> None:
    """The fuzzy platform pass reads the name keys in batches; if the second read fails, the
    catalog is rebuilt and the pass goes on where it was, missing and repeating nothing."""
    douyin_answers(kefu_fresh)
    whole = [row for batch in open_catalog().name_key_batches(50) for row in batch]
    assert len(whole) > 100
    catalog = open_catalog()
    catalog._db = _FailsOnce(catalog._db, fail_at=2)  # type: ignore[assignment]
    got = [row for batch in catalog.name_key_batches(50) for row in batch]
    assert got == whole
    assert catalog._recovered


# -- unusable cache dirs, concurrent and failed builds ------------------------------------------


def test_cache_dir_that_cannot_be_created_still_answers(
    kefu_fresh: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("KEFU_CACHE_DIR", str(blocker / "cache"))
    douyin_answers(kefu_fresh)
    result = kefu_fresh("douyin", "充值未到账", "--at", AT)
    assert result.exit_code == 0 and "抖音" in result.stdout
    assert "in memory" in result.stderr


def test_cache_path_taken_by_a_directory_still_answers(kefu_fresh: Run) -> None:
    cache_file().mkdir(parents=True)
    douyin_answers(kefu_fresh)
    assert cache_file().is_dir()


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_cache_dir_still_answers(kefu_fresh: Run) -> None:
    d = paths.cache_dir()
    d.mkdir(parents=True)
    d.chmod(0o500)
    try:
        douyin_answers(kefu_fresh)
    finally:
        d.chmod(0o700)


def _temp_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(".catalog-*.tmp"))


def test_failed_build_leaves_no_temp_file(
    monkeypatch: pytest.MonkeyPatch, private_cache: Path
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(build, "compile_into", broken)
    target = cache_file()
    with pytest.raises(RuntimeError):
        build.compile_catalog(source_state(), target)
    assert _temp_files(target.parent) == []
    assert not target.exists()


def test_stale_temp_files_of_killed_builds_are_removed(kefu_fresh: Run) -> None:
    d = paths.cache_dir()
    d.mkdir(parents=True)
    old = d / ".catalog-killed.tmp"
    old.write_bytes(b"half a catalog")
    hours_ago = time.time() - 3 * 3600
    os.utime(old, (hours_ago, hours_ago))
    recent = d / ".catalog-running.tmp"  # another process may be writing this one right now
    recent.write_bytes(b"being written")
    douyin_answers(kefu_fresh)
    assert not old.exists() and recent.exists()


def _cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KEFU_DEBUG",)}
    env.update(PYTHONIOENCODING="utf-8", **extra)
    return env


def test_two_processes_building_at_once_both_answer_and_leave_one_good_file() -> None:
    cmd = [sys.executable, "-m", "kefu_cli", "douyin", "充值未到账", "--json", "--at", AT]
    procs = [
        subprocess.Popen(cmd, env=_cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode("utf-8", "replace")
        assert json.loads(out)["problem"]["id"] == "payment"
    assert _temp_files(paths.cache_dir()) == []
    db = sqlite3.connect(cache_file())
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    assert open_catalog().ids_for_key("douyin") == ["douyin"]


def test_reader_keeps_its_catalog_while_another_build_replaces_it(
    kefu_fresh: Run, write_user_file: WriteFile
) -> None:
    douyin_answers(kefu_fresh)
    reader = open_catalog()
    path = write_user_file("acme.yaml", platform_text("acme", "艾克米", "acme"))
    touch_later(path)
    assert "acme" in ids(kefu_fresh)  # another "process" rebuilt and replaced the file
    assert reader.platform("douyin") is not None and reader.platform("acme") is None


# -- what a warm run loads -----------------------------------------------------------------------

_PROBE = """
import sys
sys.argv = ["kefu", *sys.argv[1:]]
from kefu_cli.cli.entry import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)) + "\\n")
"""


def _loaded_modules(*args: str) -> set[str]:
    result = run_python("-c", _PROBE, *args)
    assert result.returncode == 0, result.stderr
    return set(result.stderr.rsplit("MODULES ", 1)[1].split())


@pytest.fixture
def warm_cache() -> Iterator[None]:
    _loaded_modules("douyin", "充值未到账", "--at", AT)  # builds the catalog
    yield


def _heavy(modules: set[str], roots: tuple[str, ...]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in roots or m in roots}


BUILD_ONLY = (
    "yaml",
    "pypinyin",
    "kefu_cli.build.schema",
    "kefu_cli.build.compile",
    "kefu_cli.build.yamlsource",
)


@pytest.mark.usefixtures("warm_cache")
def test_warm_lookup_loads_no_yaml_schema_pinyin_or_build() -> None:
    loaded = _loaded_modules("douyin", "充值未到账", "--at", AT)
    assert "kefu_cli.catalog.reader" in loaded
    assert _heavy(loaded, BUILD_ONLY) == set()


@pytest.mark.usefixtures("warm_cache")
def test_json_lookup_loads_no_rich() -> None:
    loaded = _loaded_modules("douyin", "充值未到账", "--json", "--at", AT)
    assert _heavy(loaded, ("rich", *BUILD_ONLY)) == set()


@pytest.mark.usefixtures("warm_cache")
def test_plain_lookup_never_imports_typer() -> None:
    """Typer (click, pydantic for parameters) costs more than the lookup; the plain form is parsed
    by entry.py without it, in both outputs."""
    for extra in ((), ("--json",)):
        loaded = _loaded_modules("douyin", "充值未到账", "--at", AT, *extra)
        heavy = ("typer", "click", "pydantic", "mcp", "anyio", "kefu_cli.cli.app")
        assert _heavy(loaded, (*heavy, "kefu_cli.cli.mcp_server")) == set(), extra


@pytest.mark.usefixtures("warm_cache")
def test_other_commands_still_go_through_typer() -> None:
    assert "typer" in _loaded_modules("hours", "douyin", "--at", AT)
    assert "typer" in _loaded_modules("douyin", "充值", "--at", "tomorrow")  # a usage error


def test_plain_lookup_fast_path_answers_like_typer(
    kefu_fresh: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kefu_cli.cli.entry

    cases = [
        ("douyin", "充值未到账", "--json", "--at", AT),
        ("douyin", "--json", "--at", AT),
        ("抖音", "--at", AT, "账号", "被封"),
        ("douyin", "--json", f"--at={AT}", "账号被封"),
        ("nosuchplatform", "充值", "--at", AT),
    ]
    fast = [kefu_fresh(*c) for c in cases]
    monkeypatch.setattr(kefu_cli.cli.entry, "parse_plain", lambda argv: None)
    slow = [kefu_fresh(*c) for c in cases]
    for c, a, b in zip(cases, fast, slow, strict=True):
        assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr), c


# -- the build itself -----------------------------------------------------------------------------


def _tables(path: Path) -> dict[str, Any]:
    db = sqlite3.connect(path)
    try:
        out: dict[str, Any] = {
            "platforms": sorted(
                (i, b, s, unpack(d)) for i, b, s, d in db.execute("SELECT * FROM platforms")
            ),
            "terms": sorted((i, unpack(t)) for i, t in db.execute("SELECT * FROM terms")),
            "names": db.execute("SELECT key, id, rank FROM names ORDER BY rowid").fetchall(),
            "contacts": sorted(db.execute("SELECT * FROM contacts").fetchall()),
        }
        m = dict(db.execute("SELECT k, v FROM meta"))
        shared = json.loads(m.pop("shared"))
        shared["stopwords"] = sorted(shared["stopwords"])  # a set in load_shared: order varies
        out["meta"] = {**m, "shared": shared}
        return out
    finally:
        db.close()


def test_parallel_build_writes_the_same_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("worker processes are used on Linux only")
    state = source_state()
    monkeypatch.setenv("KEFU_BUILD_WORKERS", "1")
    build.compile_catalog(state, tmp_path / "one.sqlite3")
    monkeypatch.setenv("KEFU_BUILD_WORKERS", "2")
    monkeypatch.setattr(workers, "_PARALLEL_MIN", 1)
    build.compile_catalog(state, tmp_path / "two.sqlite3")
    assert _tables(tmp_path / "one.sqlite3") == _tables(tmp_path / "two.sqlite3")


def test_build_shows_progress_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(build, "PROGRESS_MIN", 1)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("KEFU_BUILD_WORKERS", "1")
    report = build.compile_catalog(source_state(), tmp_path / "c.sqlite3", progress=ProgressBar)
    assert report.platforms >= 5
    assert not report.problems


_LEAN_VS_FULL = """
import json, sys
from kefu_cli.build import compile as build
from kefu_cli.build import pinyin
from kefu_cli.catalog.format import unpack
from kefu_cli.catalog.freshness import source_state
from kefu_cli.catalog.model import platform_from_plain
from kefu_cli.commands import open_catalog

catalog = open_catalog()  # a fresh process: built with the lean phrase table
assert not pinyin.pinyin_loaded(), "pypinyin must be unloaded after a build"
import pypinyin  # now the ordinary, full library
assert len(pypinyin.constants.PHRASES_DICT) > 40000

def norm(value):
    value = json.loads(json.dumps(value, ensure_ascii=False))
    if isinstance(value, dict) and "stopwords" in value:
        value["stopwords"] = sorted(value["stopwords"])  # built from a set: order varies
    return value

db = catalog._db
state = source_state()
shared = build.load_shared(state.shared["synonyms"])
assert norm(catalog.shared) == norm(shared), "shared"
assert catalog.charmap == pinyin.charmap(), "charmap"
names = {}
for key, pid, rank in db.execute("SELECT key, id, rank FROM names"):
    names.setdefault(pid, []).append((key, rank))
count = 0
for pid, blob in db.execute("SELECT id, data FROM platforms"):
    platform = platform_from_plain(unpack(blob))
    assert catalog.terms(pid) == norm(build.platform_terms(platform, shared)), pid
    assert sorted(names[pid]) == sorted(build.name_keys(platform)), pid
    count += 1
print("compared", count)
"""


def test_lean_pinyin_gives_exactly_the_full_results() -> None:
    """A build in a fresh process loads pypinyin with only the phrases its text can contain;
    its terms, name keys, shared tables and character table equal the full library's."""
    result = run_python("-c", _LEAN_VS_FULL, timeout=600)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[-1]) >= 5


def test_phrase_table_streams_exactly_pypinyins_file() -> None:
    import pypinyin

    path = Path(pypinyin.__file__).parent / "phrases_dict.json"
    table = pinyin.PhraseTable(path)
    full = json.loads(path.read_text(encoding="utf-8"))
    assert len(table) == len(full)
    assert dict(table.items()) == full
    assert table["银行"] == full["银行"]
    phrases, prefixes = table.within(set("银行还款"))
    assert phrases == {k: v for k, v in full.items() if set(k) <= set("银行还款")}
    assert "银行" in prefixes and "还" in prefixes


def test_generated_benchmark_data_is_valid(kefu_fresh: Run, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    files = generate.generate(25, tmp_path / "gen")
    assert len(files) == 25
    result = kefu_fresh("validate", str(tmp_path / "gen"))
    assert result.exit_code == 0, result.stdout + result.stderr
    text = files[0].read_text(encoding="utf-8")
    assert "合成测试数据" in text and "benchmarks/generate.py" in text
    assert "status: official" not in text


_LEAN_STATE = """
import json
from kefu_cli.build import pinyin
with pinyin.lean_pinyin(set("充值银行到账")):
    import pypinyin.constants as c
    from pypinyin import lazy_pinyin
    state = [type(c.PINYIN_DICT).__name__, len(c.PINYIN_DICT), len(c.PHRASES_DICT)]
    state.append(lazy_pinyin("银行充值"))
    state.append(lazy_pinyin("\\u3400"))  # outside the held characters: loaded on first use
    state.append(len(c.PINYIN_DICT))
print(json.dumps([state, pinyin.pinyin_loaded()]))
"""


def test_lean_pinyin_is_really_lean_and_loads_missing_characters() -> None:
    result = run_python("-c", _LEAN_STATE)
    assert result.returncode == 0, result.stderr
    (kind, held, phrases, words, rare, after), loaded_after = json.loads(result.stdout)
    assert kind == "CharTable" and held < 10_000 and phrases < 100
    assert words == ["yin", "hang", "chong", "zhi"]
    assert rare == ["qiu"]  # lazy_pinyin: tone-less by default
    assert after > 40_000
    assert loaded_after is False

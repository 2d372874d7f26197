"""The data schema: every bundled file is clean, and each kind of mistake is reported precisely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kefu_cli.build.schema import check_file
from kefu_cli.catalog import paths

BUNDLED = sorted(paths.bundled_platform_dir().glob("*.yaml"))
DOUYIN = (paths.bundled_platform_dir() / "douyin.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_file_is_clean(path: Path) -> None:
    platform, problems = check_file(path)
    assert [str(p) for p in problems] == []
    assert platform is not None
    assert platform.id == path.stem, "a bundled file is named after its platform id"


def test_at_least_sixteen_platforms_are_bundled() -> None:
    assert len(BUNDLED) >= 16


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_every_fact_cites_a_source_of_its_file(path: Path) -> None:
    platform, _ = check_file(path)
    assert platform is not None
    ids = {s.id for s in platform.sources}
    for ch in platform.channels:
        assert ch.sources and set(ch.sources) <= ids, ch.id
    for d in platform.disputed:
        assert d.sources and set(d.sources) <= ids
    for w in platform.warnings:
        assert w.sources and set(w.sources) <= ids


def _problems(tmp_path: Path, text: str) -> list[str]:
    f = tmp_path / "bad.yaml"
    f.write_text(text, encoding="utf-8")
    platform, problems = check_file(f)
    assert platform is None, "a file with problems yields no platform"
    return [str(p).replace(str(f), "bad.yaml") for p in problems]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_unknown_key_is_reported_with_its_line_and_a_hint(tmp_path: Path) -> None:
    text = DOUYIN.replace("name_en: Douyin", "name_en: Douyin\nnmae: oops")
    got = _problems(tmp_path, text)
    assert got == [f"bad.yaml:{_line_of(text, 'nmae:')}: nmae: unknown key (did you mean 'name'?)"]


def test_wrong_type(tmp_path: Path) -> None:
    text = DOUYIN.replace("aliases: [dy,", "aliases: {dy: 1}\nold_aliases: [dy,")
    got = _problems(tmp_path, text)
    assert (
        f"bad.yaml:{_line_of(text, 'aliases: {dy')}: aliases: expected a list, got a mapping" in got
    )


def test_unknown_category_id(tmp_path: Path) -> None:
    text = DOUYIN.replace("  - id: feedback\n", "  - id: complaints\n")
    got = _problems(tmp_path, text)
    line = _line_of(text, "id: complaints")
    assert any(
        g.startswith(f"bad.yaml:{line}: categories[6].id: 'complaints' is not one of") for g in got
    )


def test_unknown_channel_type(tmp_path: Path) -> None:
    text = DOUYIN.replace("    type: social\n", "    type: fax\n")
    got = _problems(tmp_path, text)
    assert any(": channels[6].type: 'fax' is not one of" in g for g in got)


def test_recommended_channel_must_exist(tmp_path: Path) -> None:
    text = DOUYIN.replace(
        "channels: [online_chat, social]", "channels: [online_chat, carrier_pigeon]"
    )
    got = _problems(tmp_path, text)
    line = _line_of(text, "carrier_pigeon")
    assert f"bad.yaml:{line}: categories[6].channels[1]: no channel with id 'carrier_pigeon'" in got


def test_disputed_contact_cannot_be_a_channel(tmp_path: Path) -> None:
    text = DOUYIN.replace(
        '    contact: "95152"\n    status: official', '    contact: "95152"\n    status: disputed'
    )
    got = _problems(tmp_path, text)
    assert any("channels[1].status: a disputed contact cannot be a channel" in g for g in got)


def test_disputed_number_cannot_also_be_recommended(tmp_path: Path) -> None:
    text = DOUYIN.replace('  - contact: "950201"', '  - contact: "95152"')
    got = _problems(tmp_path, text)
    assert any("disputed: '95152' is also the contact of channel 'hotline'" in g for g in got)


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        (
            '[{days: daily, open: "9am", close: "22:00"}]',
            "expected a time like \"09:00\", got '9am'",
        ),
        ("[{days: daily, open: 09:00, close: 22:00}]", 'write times in quotes, like "09:00"'),
        ('[{days: someday, open: "09:00", close: "22:00"}]', "'someday': days are daily, workdays"),
        ('[{days: daily, open: "09:00", close: "25:00"}]', "expected a time like"),
        ('[{days: daily, open: "09:00", close: "09:00"}]', "a window must not close when it opens"),
        ('[{days: daily, open: "09:00"}]', "close: required key is missing"),
        ("sometimes", "expected `always` or a list of windows"),
    ],
)
def test_malformed_hours(tmp_path: Path, schedule: str, message: str) -> None:
    text = DOUYIN.replace("      schedule: always\n", f"      schedule: {schedule}\n")
    got = _problems(tmp_path, text)
    assert any(message in g for g in got), got
    assert all(g.startswith("bad.yaml:") for g in got)


def test_python_tags_are_refused_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"id: !!python/object/apply:os.system ['touch {marker}']\n"
    got = _problems(tmp_path, text)
    assert got and "tags that construct objects are not allowed" in got[0]
    assert got[0].startswith("bad.yaml:1: ")
    assert not marker.exists()


def test_duplicate_keys_are_an_error(tmp_path: Path) -> None:
    got = _problems(tmp_path, DOUYIN.replace("name_en: Douyin", "name_en: Douyin\nname_en: Again"))
    assert any("duplicate key 'name_en'" in g for g in got)


def test_missing_required_keys(tmp_path: Path) -> None:
    got = _problems(tmp_path, "id: x\nname: X\n")
    assert "bad.yaml:1: aliases: required key is missing" in got
    assert "bad.yaml:1: channels: required key is missing" in got


def test_contact_needs_status_and_reported_path_needs_status(tmp_path: Path) -> None:
    # A file whose sources have no kind (written before the evidence schema) must state statuses.
    legacy = re.sub(r"\n    kind: (?:platform|government|news|reference|third_party)\b", "", DOUYIN)
    text = legacy.replace('    contact: "95152"\n    status: official\n', '    contact: "95152"\n')
    got = _problems(tmp_path, text)
    assert any("channels[1].status: a channel with a contact needs its status" in g for g in got)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"id: \xff\xfe bad", "is not UTF-8 text"),
        (b"id: [unclosed\n", "invalid YAML"),
        (b"- just\n- a list\n", "expected a mapping, got a list"),
        (b"id: !!int x\n", "a value cannot be read"),
        (b"verified_at: !!timestamp not-a-date\n", "invalid YAML"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_bytes(content)
    platform, problems = check_file(f)
    assert platform is None
    assert message in str(problems[0])


def test_directory_named_like_a_data_file(tmp_path: Path) -> None:
    d = tmp_path / "dir.yaml"
    d.mkdir()
    _, problems = check_file(d)
    assert "is a directory" in str(problems[0])


def test_readme_example_is_a_valid_data_file(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    f = tmp_path / "acme.yaml"
    f.write_text(block, encoding="utf-8")
    platform, problems = check_file(f, "user")
    assert [str(p) for p in problems] == []
    assert platform is not None and platform.channel("chat") is not None
    windows = platform.channel("chat").hours.windows  # type: ignore[union-attr]
    assert windows is not None and len(windows) == 3


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_text_is_a_platform_or_problems_never_an_exception(tmp_path: Path, text: str) -> None:
    f = tmp_path / "any.yaml"
    f.write_text(text, encoding="utf-8")
    platform, problems = check_file(f)
    assert (platform is None) == bool(problems)
    assert all(str(p).startswith(f"{f}:") for p in problems)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(["id", "name", "aliases", "channels", "hours", "schedule", "open"]),
    st.text(max_size=40),
)
def test_mutated_bundled_file_never_crashes_the_checker(
    tmp_path: Path, key: str, value: str
) -> None:
    text = DOUYIN.replace(f"{key}:", f"{key}: {value!r}\n  {key}_old:", 1)
    f = tmp_path / "mut.yaml"
    f.write_text(text, encoding="utf-8")
    platform, problems = check_file(f)
    assert (platform is None) == bool(problems)
    assert all(p.line >= 0 and p.field and p.message for p in problems)

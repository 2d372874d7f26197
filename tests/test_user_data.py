"""User data directories: adding and overriding platforms, and surviving broken files."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import AT, Run
from kefu_cli.catalog import paths

DOUYIN = (paths.bundled_platform_dir() / "douyin.yaml").read_text(encoding="utf-8")
# The same file without evidence kinds, as a user file written before the evidence schema: its
# statuses are taken as written, and only the user-data rules keep its numbers unconfirmed.
LEGACY_DOUYIN = re.sub(
    r"\n    kind: (?:platform|government|news|reference|third_party)\b", "", DOUYIN
)
WriteFile = Callable[[str, str], Path]


def acme(contact: str = "400-123-4567", status: str = "official") -> str:
    """A company helpdesk built from the douyin file (without evidence kinds), own id and number."""
    text = LEGACY_DOUYIN
    text = text.replace("id: douyin", "id: acme", 1).replace("name: 抖音", "name: 艾克米帮助台", 1)
    text = text.replace("name_en: Douyin", "name_en: ACME Helpdesk")
    start = text.index("aliases:")
    text = text[:start] + "aliases: [acme, 艾克米]" + text[text.index("\n", start) :]
    text = text.replace(
        'contact: "95152"\n    status: official', f'contact: "{contact}"\n    status: {status}'
    )
    return text[: text.index("\ndisputed:")] + "\n"


def test_user_file_adds_a_platform_marked_as_user_data(
    kefu_fresh: Run, write_user_file: WriteFile
) -> None:
    write_user_file("acme.yaml", acme())
    d, code = kefu_fresh.json("acme", "账号被封", "--at", AT)
    assert code == 0 and d["platform"] == {
        "id": "acme",
        "name": "艾克米帮助台",
        "origin": "user",
        "name_en": "ACME Helpdesk",
    }
    hotline = next(
        c for c in [d["recommended"], *d["alternatives"]] if c["contact"] == "400-123-4567"
    )
    assert hotline["origin"] == "user"
    assert hotline["status"] == "reported", "a user file cannot make its own number official"
    assert hotline["verified"] is False
    out = kefu_fresh("acme", "账号被封", "--at", AT).stdout
    assert (
        "本地数据，未经核实" in out
        and "官方确认" not in out.split("其他渠道")[1].split("准备好")[0]
    )
    listed = {p["id"]: p for p in kefu_fresh.json("list")[0]["platforms"]}
    assert listed["acme"]["origin"] == "user" and listed["douyin"]["origin"] == "bundled"


def test_text_in_square_brackets_is_shown_as_written(
    kefu_fresh: Run, write_user_file: WriteFile
) -> None:
    """rich markup is off: a name such as "ACME [bold]Desk[/bold]" is text, not a style."""
    text = acme().replace("name_en: ACME Helpdesk", 'name_en: "ACME [bold]Desk[/bold] [link=x]"')
    write_user_file("acme.yaml", text)
    for args in (("list",), ("acme", "账号被封", "--at", AT), ("acme", "--at", AT)):
        result = kefu_fresh(*args, env={"COLUMNS": "200"})
        assert result.exit_code == 0, args
        assert "[bold]Desk[/bold] [link=x]" in result.stdout, args


def test_user_file_overrides_a_bundled_platform_by_id(
    kefu_fresh: Run, write_user_file: WriteFile
) -> None:
    write_user_file("my-douyin.yaml", DOUYIN.replace("name: 抖音", "name: 抖音（我的笔记）", 1))
    d, _ = kefu_fresh.json("douyin", "--at", AT)
    assert d["platform"]["origin"] == "user" and d["platform"]["name"] == "抖音（我的笔记）"
    hotline = next(c for c in d["channels"] if c["contact"] == "95152")
    assert hotline["status"] == "official", (
        "the same number is still official: bundled data says so"
    )


def test_malicious_shared_file_cannot_pass_off_a_scam_number(
    kefu_fresh: Run, write_user_file: WriteFile
) -> None:
    evil = LEGACY_DOUYIN.replace('contact: "95152"', 'contact: "400-666-1234"', 1)
    write_user_file("douyin-official-update.yaml", evil)
    d, _ = kefu_fresh.json("douyin", "账号被封", "--at", AT)
    scam = next(c for c in [d["recommended"], *d["alternatives"]] if c["contact"] == "400-666-1234")
    assert scam["status"] == "reported" and scam["origin"] == "user" and not scam["verified"]
    assert "本地数据，未经核实" in kefu_fresh("douyin", "账号被封", "--at", AT).stdout


def test_kefu_data_dir_takes_several_directories(
    kefu_fresh: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "acme.yaml").write_text(acme(), encoding="utf-8")
    (two / "beta.yaml").write_text(
        acme().replace("id: acme", "id: beta").replace("[acme, 艾克米]", "[beta]"), "utf-8"
    )
    monkeypatch.setenv("KEFU_DATA_DIR", os.pathsep.join([str(one), str(two)]))
    ids = {p["id"] for p in kefu_fresh.json("list")[0]["platforms"]}
    assert {"acme", "beta", "douyin"} <= ids


BROKEN = {
    "bad-yaml.yaml": ("id: [unclosed\n", "invalid YAML"),
    "bad-schema.yaml": ("id: x\nname: X\nnmae: typo\n", "nmae: unknown key"),
    "latin1.yaml": (b"id: caf\xe9\n", "is not UTF-8 text"),
    "empty.yaml": ("", "is empty"),
    "evil-tag.yaml": (
        "id: !!python/object/apply:os.system ['echo pwned']\n",
        "tags that construct objects",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_user_file_is_skipped_with_one_warning(
    kefu_fresh: Run, isolated_user_dirs: Path, name: str
) -> None:
    content, message = BROKEN[name]
    d = isolated_user_dirs / "platforms"
    d.mkdir(parents=True)
    (d / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = kefu_fresh("douyin", "充值未到账", "--at", AT)
    assert result.exit_code == 0 and "95152" in result.stdout, (
        "the answer from everything else still comes"
    )
    warnings = [line for line in result.stderr.splitlines() if line.startswith("kefu: warning:")]
    assert len(warnings) == 1
    assert name in warnings[0] and message in warnings[0]
    assert "Traceback" not in result.stderr and "pwned" not in result.stdout


def test_a_directory_named_yaml_and_a_dangling_link_are_skipped(
    kefu_fresh: Run, isolated_user_dirs: Path
) -> None:
    d = isolated_user_dirs / "platforms"
    d.mkdir(parents=True)
    (d / "folder.yaml").mkdir()
    (d / "gone.yaml").symlink_to(d / "does-not-exist")
    result = kefu_fresh("list")
    assert result.exit_code == 0 and "douyin" in result.stdout
    assert "folder.yaml" in result.stderr and "is a directory" in result.stderr
    assert "gone.yaml" in result.stderr and "cannot read" in result.stderr


def test_warnings_repeat_on_warm_runs(kefu_fresh: Run, write_user_file: WriteFile) -> None:
    write_user_file("bad.yaml", "id: [x\n")
    first = kefu_fresh("list")
    second = kefu_fresh("list")
    assert "bad.yaml" in first.stderr and "bad.yaml" in second.stderr


def test_validate_reports_every_problem_and_exits_1(
    kefu_fresh: Run, write_user_file: WriteFile
) -> None:
    bad = write_user_file(
        "bad.yaml", acme().replace("type: social", "type: fax").replace("name_en:", "nmae_en:")
    )
    result = kefu_fresh("validate")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(
        line.startswith(f"{bad}:") and "channels[6].type: 'fax' is not one of" in line
        for line in lines
    )
    assert any(line.startswith(f"{bad}:") and "nmae_en: unknown key" in line for line in lines)
    assert "2 个问题" in lines[-1]


def test_validate_paths_and_clean_exit(kefu_fresh: Run, write_user_file: WriteFile) -> None:
    good = write_user_file("acme.yaml", acme())
    result = kefu_fresh("validate", str(good))
    assert result.exit_code == 0 and "1 个数据文件全部通过检查" in result.stdout
    missing = kefu_fresh("validate", str(good.parent / "nope.yaml"))
    assert missing.exit_code == 1 and "no such file" in missing.stdout

"""The derived-status rule: only platform/government/news sources that quote a contact make it official."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run
from kefu_cli.build.evidence import derived_status, proves
from kefu_cli.catalog.model import Source


def src(kind: str, quote: str, ref: str | None = None) -> Source:
    return Source("s", "t", ref, "2026-12-05", kind, quote)


@pytest.mark.parametrize(
    ("kind", "quote", "contact", "expected"),
    [
        ("platform", "客服热线：400-126-0088", "400-126-0088", True),
        ("platform", "客服热线：4001260088", "400 126 0088", True),
        ("news", "统一至95152", "95152", True),
        ("government", "客服热线：10000/10086/10010", "10010", True),
        ("platform", "拨打 951520 咨询", "95152", False),  # inside a longer number
        ("third_party", "客服热线 95152", "95152", False),  # wrong kind
        ("reference", "客服热线 95152", "95152", False),
        ("platform", "举报邮箱 JUBAO@douyin.com", "jubao@douyin.com", True),
        ("platform", "没有号码", "95152", False),
    ],
)
def test_proves(kind: str, quote: str, contact: str, expected: bool) -> None:
    assert proves(src(kind, quote), contact) is expected


def test_platform_page_proves_its_own_domain() -> None:
    page = src("platform", "关于我们", "https://www.douyin.com/about")
    assert derived_status("douyin.com", [page]) == "official"
    assert derived_status("iesdouyin.com", [page]) == "reported"
    news = src("news", "关于我们", "https://www.douyin.com/about")
    assert derived_status("douyin.com", [news]) == "reported", "only the platform's own page"


FILE = """\
id: acme
name: 艾克米
aliases: [acme]
verified_at: 2026-12-05
sources:
  - {id: own, kind: platform, title: ACME 联系我们, ref: "https://help.acme.example/contact",
     quote: "客服热线：400-000-0000", checked: 2026-12-05}
  - {id: blog, kind: third_party, title: 某博客, ref: null, quote: "ACME 客服 400-111-1111",
     checked: 2026-12-05}
domains:
  - {domain: acme.example, sources: [own]}
channels:
  - {id: hotline, type: phone, name: 热线, contact: "4000000000", hours: {text: 未公布}, sources: [own]}
  - {id: other, type: phone, name: 热线2, contact: "400-111-1111", STATUS
     hours: {text: 未公布}, sources: [blog]}
categories:
  - {id: account, name: 账号, keywords: [登录], channels: [hotline, other], sources: [own]}
"""


def test_validate_rejects_an_asserted_official(kefu_fresh: Run, tmp_path: Path) -> None:
    f = tmp_path / "acme.yaml"
    f.write_text(FILE.replace("STATUS", "status: official,"), encoding="utf-8")
    r = kefu_fresh("validate", str(f))
    assert r.exit_code == 1
    assert f"{f}:14: channels[1].status: official needs" in r.stdout


def test_validate_derives_status(kefu_fresh: Run, tmp_path: Path) -> None:
    f = tmp_path / "acme.yaml"
    f.write_text(FILE.replace("STATUS", ""), encoding="utf-8")
    assert kefu_fresh("validate", str(f)).exit_code == 0
    d, _ = kefu_fresh.json("hours", "acme", env={"KEFU_DATA_DIR": str(tmp_path)})
    assert d["platform"]["id"] == "acme"


def test_evidence_mode_requires_kind_quote_and_date(kefu_fresh: Run, tmp_path: Path) -> None:
    f = tmp_path / "acme.yaml"
    text = FILE.replace("STATUS", "").replace(
        'quote: "ACME 客服 400-111-1111",\n     checked: 2026-12-05', "ref2: x"
    )
    f.write_text(text.replace("ref2: x", "title2: x").replace(", title2: x", ""), encoding="utf-8")
    r = kefu_fresh("validate", str(f))
    assert r.exit_code == 1
    assert "sources[1].quote: required key is missing" in r.stdout
    assert "sources[1].checked: required key is missing" in r.stdout


def test_stale_evidence_warns_on_stderr(kefu: Run, tmp_path: Path) -> None:
    """A recommended contact whose evidence was read over a year ago: answered, with a warning."""
    f = tmp_path / "acme.yaml"
    f.write_text(FILE.replace("STATUS", ""), encoding="utf-8")
    env = {"KEFU_DATA_DIR": str(tmp_path)}
    fresh = kefu("acme", "登录", "--at", "2027-06-01T10:00+08:00", env=env)
    assert fresh.exit_code == 0 and "依据最近一次核实于" not in fresh.stderr
    old = kefu("acme", "登录", "--at", "2028-06-01T10:00+08:00", env=env)
    assert old.exit_code == 0 and old.stdout
    assert "依据最近一次核实于 2026-12-05" in old.stderr


def test_every_bundled_source_is_evidence() -> None:
    """Every bundled file is in evidence mode: each source has a kind, a quote and a read date, and
    none cites one of our own files; so every bundled status is derived by the rule above."""
    import yaml

    root = Path(__file__).resolve().parents[1] / "data" / "platforms"
    for path in sorted(root.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for source in data["sources"]:
            where = f"{path.name}: {source['id']}"
            assert {"kind", "quote", "checked"} <= set(source), where
            ref = source.get("ref")
            assert ref is None or ref.startswith(("http://", "https://")), where
        text = path.read_text(encoding="utf-8")
        body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
        assert "SOURCES.md" not in body and "seeds/" not in body, path.name


def test_one_staleness_warning_not_two(kefu: Run) -> None:
    r = kefu("douyin", "客服电话", "--at", "2028-06-01T10:00+08:00")
    assert r.exit_code == 0
    lines = [ln for ln in r.stderr.splitlines() if "核实于" in ln]
    assert len(lines) == 1, r.stderr

"""docs/ is checked against the code: the usage table against --help, the JSON examples' keys
against what the commands emit, the platform JSON Schema against the schema code and the data."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import AT, Run
from kefu_cli.build import schema as data_schema
from kefu_cli.build.checker import ID_RE
from kefu_cli.catalog import model
from kefu_cli.cli import plain

DOCS = Path(__file__).resolve().parents[1] / "docs"
CONTRACT = (DOCS / "CONTRACT.md").read_text(encoding="utf-8")
SCHEMA = json.loads((DOCS / "platform.schema.json").read_text(encoding="utf-8"))
SHAPES = re.findall(r"<!-- shape: (.+?) -->\n```json\n(.*?)```", CONTRACT, re.S)


def _usage_rows() -> list[str]:
    table = CONTRACT.split("<!-- usage-table -->")[1].split("<!-- /usage-table -->")[0]
    return re.findall(r"^\| `(kefu [^`]*)` \|", table, re.M)


def _usage_line(kefu: Run, *argv: str) -> str:
    out = kefu(*argv, "--help").stdout
    line = next(ln for ln in out.splitlines() if "Usage:" in ln)
    return line.split("Usage:", 1)[1].strip().replace(" [OPTIONS]", "")


def test_usage_table_matches_help(kefu: Run) -> None:
    rows = _usage_rows()
    commands = sorted(c for c in plain.COMMANDS if c != "lookup")
    for name in commands:
        assert _usage_line(kefu, name) in rows, name
    # The hidden lookup: `kefu PLATFORM [PROBLEM]...`, documented as its two forms.
    assert _usage_line(kefu, "douyin") == "kefu PLATFORM [PROBLEM]..."
    assert {"kefu PLATFORM PROBLEM...", "kefu PLATFORM"} <= set(rows)
    documented = {r.split()[1] for r in rows} - {"PLATFORM"}
    assert documented == set(commands)


def test_every_option_in_help_is_documented(kefu: Run) -> None:
    options_table = CONTRACT.split("Options:")[1].split("## Exit codes")[0]
    seen: set[str] = set()
    for argv in ([], ["douyin"], *([c] for c in plain.COMMANDS if c != "lookup")):
        out = kefu(*argv, "--help").stdout
        seen |= set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", out))
    seen -= {"--install-completion", "--show-completion"}
    missing = {o for o in seen if f"`{o}" not in options_table and f"{o}`" not in options_table}
    assert not missing


def _keys(doc: Any, got: Any, where: str) -> list[str]:
    """Where the documented keys differ from the emitted ones (recursively)."""
    if isinstance(doc, dict) and isinstance(got, dict):
        problems = []
        if set(doc) != set(got):
            problems.append(
                f"{where}: undocumented {sorted(set(got) - set(doc))}, "
                f"not emitted {sorted(set(doc) - set(got))}"
            )
        for k in set(doc) & set(got):
            problems += _keys(doc[k], got[k], f"{where}.{k}")
        return problems
    if isinstance(doc, list) and isinstance(got, list) and doc and got:
        return _keys(doc[0], got[0], f"{where}[0]")
    return []


@pytest.mark.parametrize(("args", "example"), SHAPES, ids=[a for a, _ in SHAPES])
def test_documented_json_keys_are_what_the_command_emits(
    kefu: Run, args: str, example: str
) -> None:
    documented = json.loads(example)
    emitted, _code = kefu.json(*args.split(), "--at", AT)
    assert _keys(documented, emitted, "$") == []


def test_every_command_has_a_documented_shape() -> None:
    firsts = {args.split()[0] for args, _ in SHAPES}
    assert {"list", "hours", "verify", "validate", "info"} <= firsts
    assert len(SHAPES) >= 8  # lookup, overview and an error too


# -- the platform JSON Schema -----------------------------------------------------------------


def _required_optional(node: dict[str, Any]) -> tuple[set[str], set[str]]:
    required = set(node["required"])
    return required, set(node["properties"]) - required


def test_schema_keys_and_enums_follow_the_schema_code() -> None:
    d = SCHEMA["$defs"]
    pairs = {
        "top": (SCHEMA, (data_schema.TOP_REQUIRED, data_schema.TOP_OPTIONAL)),
        "source": (d["source"], data_schema.SOURCE_KEYS),
        "channel": (d["channel"], data_schema.CHANNEL_KEYS),
        "hours": (d["hours"], data_schema.HOURS_KEYS),
        "window": (d["window"], data_schema.WINDOW_KEYS),
        "category": (d["category"], data_schema.CATEGORY_KEYS),
        "disputed": (SCHEMA["properties"]["disputed"]["items"], data_schema.DISPUTED_KEYS),
        "domain": (SCHEMA["properties"]["domains"]["items"], data_schema.DOMAIN_KEYS),
        "warning": (SCHEMA["properties"]["warnings"]["items"], data_schema.WARNING_KEYS),
    }
    for name, (node, (required, optional)) in pairs.items():
        assert _required_optional(node) == (set(required), set(optional)), name
    assert d["channel"]["properties"]["type"]["enum"] == list(model.CHANNEL_TYPES)
    assert d["category"]["properties"]["id"]["enum"] == list(model.CATEGORY_IDS)
    assert d["source"]["properties"]["kind"]["enum"] == list(model.SOURCE_KINDS)
    assert d["window"]["properties"]["days"]["oneOf"][0]["enum"] == list(model.DAY_SELECTORS)
    assert SCHEMA["properties"]["id"]["pattern"] == ID_RE.pattern


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_bundled_data_validates_against_the_published_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    files = sorted((DOCS.parent / "data" / "platforms").glob("*.yaml"))
    assert files
    for path in files:
        data = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == [], path.name


def test_docs_do_not_point_at_files_users_do_not_have() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    for text in (CONTRACT, readme):
        assert "../shared" not in text
    assert "docs/CONTRACT.md" in readme and "docs/platform.schema.json" in readme

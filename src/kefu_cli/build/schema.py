"""The strict schema of a platform data file: YAML in, a `Platform` or `file:line: field: message` out.

Unknown keys, wrong types, ids outside the shared vocabulary, references to channels that do not
exist, a disputed contact offered as a recommendation and malformed hours are all errors. The checker
collects every problem in a file instead of stopping at the first, so a data author fixes them in one
pass. It runs only when the compiled catalog is (re)built or under `kefu validate`, never on a lookup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kefu_cli.build.checker import Checker, Problem, join_field
from kefu_cli.build.contacts import contact_key, contact_kind
from kefu_cli.build.evidence import derive, evidence_sources, has_evidence_kind
from kefu_cli.build.yamlsource import LineDict, YamlProblem, load_yaml
from kefu_cli.catalog.model import (
    CATEGORY_IDS,
    CHANNEL_TYPES,
    DAY_SELECTORS,
    SOURCE_KINDS,
    STATUSES,
    Category,
    Channel,
    Disputed,
    Domain,
    Hours,
    Platform,
    Source,
    Warning,
    Window,
)

T = TypeVar("T")

TIME_RE = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
CONTACT_KINDS = ("phone", "email", "domain")
MAX_FILE_BYTES = 2_000_000


# -- the schema ---------------------------------------------------------------------------------

TOP_REQUIRED = ("id", "name", "aliases", "verified_at", "sources", "channels", "categories")
TOP_OPTIONAL = ("name_en", "summary", "timezone", "warnings", "disputed", "domains")
SOURCE_KEYS = (("id", "title", "ref"), ("checked", "kind", "quote"))
#: A quote is a short excerpt that contains the fact, copied from the page that was read.
MAX_QUOTE_CHARS = 100
CHANNEL_KEYS = (
    ("id", "type", "name", "hours"),
    (
        "contact",
        "status",
        "path",
        "path_status",
        "response_time",
        "audience",
        "where",
        "note",
        "sources",
    ),
)
HOURS_KEYS = (("text",), ("schedule", "status", "where", "sources"))
WINDOW_KEYS = (("days", "open", "close"), ())
CATEGORY_KEYS = (
    ("id", "name", "keywords", "channels"),
    ("checklist", "escalation", "response_time", "note", "sources"),
)
DISPUTED_KEYS = (("contact", "kind", "reason", "sources"), ("instead",))
DOMAIN_KEYS = (("domain", "sources"), ("status",))
WARNING_KEYS = (("text", "sources"), ())


def check_platform(
    data: Any, file: str, origin: str = "bundled"
) -> tuple[Platform | None, list[Problem]]:
    """Validate one parsed data file; return the Platform (None if any error) and all problems."""
    c = Checker(file)
    top = c.mapping(data, "", 1, TOP_REQUIRED, TOP_OPTIONAL)
    if top is None:
        return None, c.problems

    pid = c.get(top, "id", "", c.identifier)
    name = c.get(top, "name", "", c.text)
    name_en = c.get(top, "name_en", "", c.text)
    summary = c.get(top, "summary", "", c.text)
    aliases = c.get(top, "aliases", "", c.text_list)
    timezone = c.get(top, "timezone", "", c.text, "Asia/Shanghai")
    if timezone and "timezone" in top and not _valid_zone(timezone):
        c.error(top.key_lines["timezone"], "timezone", f"unknown time zone {timezone!r}")
    verified_at = c.get(top, "verified_at", "", c.date)

    sources = _sources(c, top)
    source_ids = {s.id for s in sources}

    def refs(m: LineDict, field: str, required: bool = True) -> tuple[str, ...]:
        if "sources" not in m:
            if required:
                c.error(m.line, join_field(field, "sources"), "required key is missing")
            return ()
        got = c.text_list(m["sources"], join_field(field, "sources"), m.key_lines["sources"]) or ()
        for ref in got:
            if ref not in source_ids:
                c.error(
                    m.key_lines["sources"],
                    join_field(field, "sources"),
                    f"{ref!r} is not a source id of this file",
                )
        if required and "sources" in m and not got:
            c.error(
                m.key_lines["sources"],
                join_field(field, "sources"),
                "must name at least one source",
            )
        return got

    # Evidence mode: once a file gives its sources a `kind`, every status follows from the evidence.
    evidence = evidence_sources(c, top, sources)
    channels = _channels(c, top, refs, evidence)
    channel_by_id = {ch.id: ch for ch in channels}
    categories = _categories(c, top, refs, channel_by_id)

    warnings: list[Warning] = []
    for item, field, line in (
        c.items(top["warnings"], "warnings", top.key_lines["warnings"]) if "warnings" in top else []
    ):
        m = c.mapping(item, field, line, *WARNING_KEYS)
        if m is not None:
            text = c.get(m, "text", field, c.text)
            srcs = refs(m, field)
            if text:
                warnings.append(Warning(text, srcs))

    disputed: list[Disputed] = []
    for item, field, line in (
        c.items(top["disputed"], "disputed", top.key_lines["disputed"]) if "disputed" in top else []
    ):
        m = c.mapping(item, field, line, *DISPUTED_KEYS)
        if m is None:
            continue
        contact = c.get(m, "contact", field, c.text)
        kind = c.get(m, "kind", field, c.choice(CONTACT_KINDS))
        reason = c.get(m, "reason", field, c.text)
        instead = c.get(m, "instead", field, c.identifier)
        if instead is not None and instead not in channel_by_id:
            c.error(
                m.key_lines["instead"],
                join_field(field, "instead"),
                f"no channel with id {instead!r}",
            )
        srcs = refs(m, field)
        if contact and kind and reason:
            disputed.append(Disputed(contact, kind, reason, instead, srcs))

    domains: list[Domain] = []
    for item, field, line in (
        c.items(top["domains"], "domains", top.key_lines["domains"]) if "domains" in top else []
    ):
        m = c.mapping(item, field, line, *DOMAIN_KEYS)
        if m is None:
            continue
        domain = c.get(m, "domain", field, c.text)
        if domain is not None and not DOMAIN_RE.match(domain):
            c.error(
                m.key_lines["domain"],
                join_field(field, "domain"),
                f"{domain!r} is not a lower-case domain name",
            )
            domain = None
        status = c.get(m, "status", field, c.choice(("official", "reported")))
        srcs = refs(m, field)
        if evidence is not None and domain:
            status = derive(
                c, m, field, domain, status, [evidence[i] for i in srcs if i in evidence]
            )
        elif domain and status is None and "status" not in m:
            c.error(m.line, join_field(field, "status"), "required key is missing")
        if domain and status:
            domains.append(Domain(domain, status, srcs))

    # A contact may not be both a channel's contact and disputed: that would recommend a disputed number.
    offered = {
        contact_key(contact_kind(ch.contact), ch.contact): ch for ch in channels if ch.contact
    }
    for d in disputed:
        if contact_key(contact_kind(d.contact), d.contact) in offered:
            ch = offered[contact_key(contact_kind(d.contact), d.contact)]
            c.error(
                _line_of(top, "disputed"),
                "disputed",
                f"{d.contact!r} is also the contact of channel {ch.id!r}",
            )

    if c.problems or not (pid and name and verified_at and timezone):
        return None, c.problems
    return (
        Platform(
            id=pid,
            name=name,
            aliases=aliases or (),
            timezone=timezone,
            verified_at=verified_at,
            sources=tuple(sources),
            channels=tuple(channels),
            categories=tuple(categories),
            name_en=name_en,
            summary=summary,
            warnings=tuple(warnings),
            disputed=tuple(disputed),
            domains=tuple(domains),
            origin=origin,
            path=file,
        ),
        c.problems,
    )


def _line_of(m: LineDict, key: str) -> int:
    return m.key_lines.get(key, m.line)


def _valid_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except Exception:  # ZoneInfoNotFoundError, ValueError for odd names
        return False
    return True


def _sources(c: Checker, top: LineDict) -> list[Source]:
    out: list[Source] = []
    if "sources" not in top:
        return out
    seen: set[str] = set()
    # Files written before sources had kinds cite seed files and notes by name; evidence-mode files
    # must cite a public URL or null.
    kind_given = isinstance(top["sources"], list) and any(
        isinstance(item, dict) and "kind" in item for item in top["sources"]
    )
    for item, field, line in c.items(top["sources"], "sources", top.key_lines["sources"]):
        m = c.mapping(item, field, line, *SOURCE_KEYS)
        if m is None:
            continue
        sid = c.get(m, "id", field, c.identifier)
        title = c.get(m, "title", field, c.text)
        ref = None if m.get("ref") is None else c.get(m, "ref", field, c.text)
        if ref is not None and kind_given and not ref.startswith(("http://", "https://")):
            c.error(
                _line_of(m, "ref"),
                join_field(field, "ref"),
                f"{ref!r} is not a public http(s) URL: write `ref: null` when there is none",
            )
        checked = c.get(m, "checked", field, c.date)
        kind = c.get(m, "kind", field, c.choice(SOURCE_KINDS))
        quote = c.get(m, "quote", field, c.text)
        if quote is not None and len(quote) > MAX_QUOTE_CHARS:
            c.error(
                _line_of(m, "quote"),
                join_field(field, "quote"),
                f"a quote is a short excerpt: at most {MAX_QUOTE_CHARS} characters, not {len(quote)}",
            )
        if sid in seen:
            c.error(_line_of(m, "id"), join_field(field, "id"), f"duplicate source id {sid!r}")
        if sid and title:
            seen.add(sid)
            out.append(Source(sid, title, ref, checked, kind, quote))
    if not out and not c.problems:
        c.error(top.key_lines["sources"], "sources", "must list at least one source")
    return out


def _channels(
    c: Checker,
    top: LineDict,
    refs: Callable[..., tuple[str, ...]],
    evidence: dict[str, Source] | None,
) -> list[Channel]:
    out: list[Channel] = []
    if "channels" not in top:
        return out
    seen: set[str] = set()
    for item, field, line in c.items(top["channels"], "channels", top.key_lines["channels"]):
        m = c.mapping(item, field, line, *CHANNEL_KEYS)
        if m is None:
            continue
        cid = c.get(m, "id", field, c.identifier)
        ctype = c.get(m, "type", field, c.choice(CHANNEL_TYPES))
        name = c.get(m, "name", field, c.text)
        contact = c.get(m, "contact", field, c.text)
        status = c.get(m, "status", field, c.choice(STATUSES))
        if contact is not None and status is None and "status" not in m and evidence is None:
            c.error(
                m.line, join_field(field, "status"), "a channel with a contact needs its status"
            )
        if contact is None and "status" in m:
            c.error(
                m.key_lines["status"],
                join_field(field, "status"),
                "status belongs to a contact; this channel has none",
            )
        if status == "disputed":
            c.error(
                m.key_lines["status"],
                join_field(field, "status"),
                "a disputed contact cannot be a channel: list it under `disputed` instead",
            )
        if ctype in ("phone", "email") and contact is None and "where" not in m:
            c.error(
                m.line,
                join_field(field, "where"),
                "a phone/email channel with no contact must say where to look for it",
            )
        path = c.get(m, "path", field, c.text_list)
        path_status = c.get(m, "path_status", field, c.choice(("official", "reported")))
        if path and path_status is None:
            c.error(
                m.line,
                join_field(field, "path_status"),
                "a path needs its status (official or reported)",
            )
        hours = _hours(c, m, field, refs) if "hours" in m else None
        srcs = refs(m, field)
        if evidence is not None and status != "disputed":
            cited = [evidence[i] for i in srcs if i in evidence]
            if contact is not None:
                status = derive(c, m, field, contact, status, cited)
            if path_status == "official" and not has_evidence_kind(cited):
                c.error(
                    _line_of(m, "path_status"),
                    join_field(field, "path_status"),
                    "an official path needs a cited platform, government or news source",
                )
            if hours is not None and hours.status == "official":
                hours_cited = cited + [evidence[i] for i in hours.sources if i in evidence]
                if not has_evidence_kind(hours_cited):
                    c.error(
                        _line_of(m, "hours"),
                        join_field(field, "hours.status"),
                        "official hours need a cited platform, government or news source",
                    )
        if cid in seen:
            c.error(_line_of(m, "id"), join_field(field, "id"), f"duplicate channel id {cid!r}")
        if cid and ctype and name and hours is not None:
            seen.add(cid)
            out.append(
                Channel(
                    id=cid,
                    type=ctype,
                    name=name,
                    contact=contact,
                    status=status,
                    path=path or (),
                    path_status=path_status,
                    hours=hours,
                    response_time=c.get(m, "response_time", field, c.text),
                    audience=c.get(m, "audience", field, c.text),
                    where=c.get(m, "where", field, c.text),
                    note=c.get(m, "note", field, c.text),
                    sources=srcs,
                )
            )
    if not out and not c.problems:
        c.error(top.key_lines["channels"], "channels", "must list at least one channel")
    return out


def _hours(
    c: Checker, ch: LineDict, field: str, refs: Callable[..., tuple[str, ...]]
) -> Hours | None:
    field = join_field(field, "hours")
    m = c.mapping(ch["hours"], field, ch.key_lines["hours"], *HOURS_KEYS)
    if m is None:
        return None
    text = c.get(m, "text", field, c.text)
    status = c.get(m, "status", field, c.choice(("official", "reported")))
    where = c.get(m, "where", field, c.text)
    windows: tuple[Window, ...] | None = None
    if "schedule" in m:
        windows = _schedule(
            c, m["schedule"], join_field(field, "schedule"), m.key_lines["schedule"]
        )
        if windows is not None and status is None:
            c.error(
                m.line,
                join_field(field, "status"),
                "published hours need their status (official or reported)",
            )
        srcs = refs(m, field)
    else:
        srcs = refs(m, field, required=False)
    if text is None:
        return None
    return Hours(text=text, windows=windows, status=status, where=where, sources=srcs)


def _schedule(c: Checker, value: Any, field: str, line: int) -> tuple[Window, ...] | None:
    if value == "always":
        return (Window(("daily",), 0, 1440),)
    if isinstance(value, str):
        c.error(line, field, f"expected `always` or a list of windows, got {value!r}")
        return None
    windows: list[Window] = []
    ok = True
    for item, wfield, wline in c.items(value, field, line):
        m = c.mapping(item, wfield, wline, *WINDOW_KEYS)
        if m is None:
            ok = False
            continue
        days = _days(c, m, wfield)
        start = _time(c, m, "open", wfield)
        end = _time(c, m, "close", wfield)
        if days is None or start is None or end is None:
            ok = False
            continue
        if start == 1440:
            c.error(
                m.key_lines["open"],
                join_field(wfield, "open"),
                "a window cannot open at 24:00; use 00:00",
            )
            ok = False
            continue
        if start == end:
            c.error(
                m.key_lines["close"],
                join_field(wfield, "close"),
                "a window must not close when it opens",
            )
            ok = False
            continue
        windows.append(Window(days, start, end))
    if not windows and ok:
        c.error(line, field, "a schedule needs at least one window")
        return None
    return tuple(windows) if ok else None


def _days(c: Checker, m: LineDict, field: str) -> tuple[str, ...] | None:
    value = m.get("days")
    line = m.key_lines.get("days", m.line)
    field = join_field(field, "days")
    got = (value,) if isinstance(value, str) else c.text_list(value, field, line)
    if got is None:
        return None
    bad = [d for d in got if d not in DAY_SELECTORS]
    if bad or not got:
        c.error(
            line,
            field,
            f"{', '.join(map(repr, bad)) or 'nothing'}: days are {', '.join(DAY_SELECTORS)}",
        )
        return None
    return tuple(got)


def _time(c: Checker, m: LineDict, key: str, field: str) -> int | None:
    value = m.get(key)
    line = m.key_lines.get(key, m.line)
    field = join_field(field, key)
    if isinstance(value, int) and not isinstance(value, bool):
        c.error(line, field, 'write times in quotes, like "09:00" (YAML reads 22:00 as a number)')
        return None
    if not isinstance(value, str) or not TIME_RE.match(value.strip()):
        c.error(line, field, f'expected a time like "09:00", got {value!r}')
        return None
    hh, mm = value.strip().split(":")
    minutes = int(hh) * 60 + int(mm)
    if minutes > 1440:
        c.error(line, field, f"{value!r} is past 24:00")
        return None
    return minutes


def _categories(
    c: Checker,
    top: LineDict,
    refs: Callable[..., tuple[str, ...]],
    channel_by_id: dict[str, Channel],
) -> list[Category]:
    out: list[Category] = []
    if "categories" not in top:
        return out
    seen: set[str] = set()
    for item, field, line in c.items(top["categories"], "categories", top.key_lines["categories"]):
        m = c.mapping(item, field, line, *CATEGORY_KEYS)
        if m is None:
            continue
        cid = c.get(m, "id", field, c.choice(CATEGORY_IDS))
        name = c.get(m, "name", field, c.text)
        keywords = c.get(m, "keywords", field, c.text_list)
        if keywords == ():
            c.error(
                m.key_lines["keywords"],
                join_field(field, "keywords"),
                "must list at least one keyword",
            )
        order = c.get(m, "channels", field, c.text_list)
        if order == ():
            c.error(
                m.key_lines["channels"],
                join_field(field, "channels"),
                "must recommend at least one channel",
            )
        for i, ch_id in enumerate(order or ()):
            line_i = m["channels"].item_lines[i]
            # Channels that failed their own checks are reported there; do not pile on.
            broken_channels = any(p.field.startswith("channels[") for p in c.problems)
            if ch_id not in channel_by_id and not broken_channels:
                c.error(line_i, f"{field}.channels[{i}]", f"no channel with id {ch_id!r}")
        if cid in seen:
            c.error(_line_of(m, "id"), join_field(field, "id"), f"duplicate category {cid!r}")
        checklist = c.get(m, "checklist", field, c.text_list)
        escalation = c.get(m, "escalation", field, c.text_list)
        srcs = refs(m, field)
        if cid and name and keywords and order:
            seen.add(cid)
            out.append(
                Category(
                    id=cid,
                    name=name,
                    keywords=keywords,
                    channels=order,
                    checklist=checklist or (),
                    escalation=escalation or (),
                    response_time=c.get(m, "response_time", field, c.text),
                    note=c.get(m, "note", field, c.text),
                    sources=srcs,
                )
            )
    if not out and not c.problems:
        c.error(top.key_lines["categories"], "categories", "must list at least one category")
    return out


# -- files ----------------------------------------------------------------------------------------


def check_file(path: Path, origin: str = "bundled") -> tuple[Platform | None, list[Problem]]:
    """Read, parse and validate one data file; every failure becomes a Problem, never an exception."""
    name = str(path)
    try:
        if path.is_dir():
            return None, [Problem(name, 0, "(file)", "is a directory, not a data file")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, 0, "(file)", f"cannot read: {exc.strerror or exc}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(name, 0, "(file)", f"is larger than {MAX_FILE_BYTES // 1_000_000} MB")
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, "(file)", "is not UTF-8 text")]
    if not text.strip():
        return None, [Problem(name, 0, "(file)", "is empty")]
    try:
        data = load_yaml(text)
    except YamlProblem as exc:
        return None, [Problem(name, exc.line, "(file)", exc.message)]
    return check_platform(data, name, origin)

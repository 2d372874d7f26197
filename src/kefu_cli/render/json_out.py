"""JSON for scripts: the shapes CONTRACT.md fixes, each object with `"version": 1` at top level.

Deliberately free of rich: `--json` must not pay for the human renderer.
"""

from __future__ import annotations

import json
from typing import Any

from kefu_cli.render.json_parts import platform, sources
from kefu_cli.results import (
    CategoryView,
    ChannelView,
    ErrorResult,
    HoursResult,
    InfoResult,
    ListResult,
    LookupResult,
    OverviewResult,
    TimeContext,
    ValidateResult,
    VerifyResult,
)

VERSION = 1


def dumps(result: Any) -> str:
    return json.dumps(to_json(result), ensure_ascii=False, indent=2)


def to_json(result: Any) -> dict[str, Any]:
    fn = _SHAPES.get(type(result))
    if fn is not None:
        return {"version": VERSION, **fn(result)}
    to_dict = getattr(result, "to_json", None)
    if to_dict is None:
        raise TypeError(f"no JSON shape for {type(result).__name__}")
    return {"version": VERSION, **to_dict()}


def channel(v: ChannelView) -> dict[str, Any]:
    return {
        "channel": v.channel,
        "type": v.type,
        "name": v.name,
        "contact": v.contact,
        "status": v.status,
        "verified": v.status == "official" and v.origin == "bundled",
        "origin": v.origin,
        "path": list(v.path),
        "path_status": v.path_status,
        "hours": v.hours,
        "open_now": v.open_now,
        "anytime": v.anytime,
        "next_open": v.next_open,
        "closes_at": v.closes_at,
        "response_time": v.response_time,
        "audience": v.audience,
        "where": v.where,
        "note": v.note,
        "sources": list(v.sources),
    }


def category(c: CategoryView) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "score": c.score, "matched": c.matched}


def time(t: TimeContext) -> dict[str, Any]:
    return {
        "at": t.at,
        "zone": t.platform_zone,
        "holiday": t.holiday,
        "makeup_workday_for": t.makeup_workday_for,
        "calendar_known": t.calendar_known,
        "makeup_announced": t.makeup_announced,
    }


def _lookup(r: LookupResult) -> dict[str, Any]:
    return {
        "platform": platform(r.platform),
        "query": r.query,
        "problem": category(r.problem) if r.problem else None,
        "candidates": [category(c) for c in r.candidates],
        "runner_up": category(r.runner_up) if r.runner_up else None,
        "recommended": channel(r.recommended) if r.recommended else None,
        "preferred_closed": channel(r.preferred_closed) if r.preferred_closed else None,
        "alternatives": [channel(v) for v in r.alternatives],
        "checklist": list(r.checklist),
        "escalation": list(r.escalation),
        "warnings": list(r.warnings),
        "notes": list(r.notes),
        "holiday": r.time.holiday,
        "time": time(r.time),
        "sources": sources(r.sources),
        "verified_at": r.verified_at,
        "intent": r.intent,
        "read": {
            "contact_words": list(r.contact_words),
            "platform_in_text": r.platform_in_text,
        },
        "alert": r.alert,
    }


def _overview(r: OverviewResult) -> dict[str, Any]:
    return {
        "platform": platform(r.platform),
        "summary": r.summary,
        "channels": [channel(v) for v in r.channels],
        "categories": [{"id": c.id, "name": c.name} for c in r.categories],
        "warnings": list(r.warnings),
        "disputed": [{"contact": c, "reason": why} for c, why in r.disputed],
        "domains": list(r.domains),
        "holiday": r.time.holiday,
        "time": time(r.time),
        "sources": sources(r.sources),
        "verified_at": r.verified_at,
    }


def _hours(r: HoursResult) -> dict[str, Any]:
    return {
        "platform": platform(r.platform),
        "channels": [
            {
                "channel": row.view.channel,
                "type": row.view.type,
                "name": row.view.name,
                "hours": row.view.hours,
                "open_now": row.view.open_now,
                "anytime": row.view.anytime,
                "next_open": row.view.next_open,
                "closes_at": row.view.closes_at,
                "today": [None if s is None else bool(s) for s in row.profile],
            }
            for row in r.rows
        ],
        "holiday": r.time.holiday,
        "time": time(r.time),
    }


def _list(r: ListResult) -> dict[str, Any]:
    return {
        "platforms": [
            {
                "id": p.id,
                "name": p.name,
                "name_en": p.name_en,
                "aliases": list(p.aliases),
                "channels": p.channels,
                "sources": list(p.sources),
                "verified_at": p.verified_at,
                "origin": p.origin,
                "categories": list(p.categories),
            }
            for p in r.platforms
        ],
        "search": r.search,
    }


def _error(r: ErrorResult) -> dict[str, Any]:
    return {"error": {"code": r.code, "message": r.message, "suggestions": list(r.suggestions)}}


def _validate(r: ValidateResult) -> dict[str, Any]:
    return {
        "ok": r.ok,
        "files": len(r.files),
        "errors": [
            {"file": p.file, "line": p.line, "field": p.field, "message": p.message}
            for p in r.problems
        ],
    }


def _info(r: InfoResult) -> dict[str, Any]:
    return {
        "kefu_version": r.version,
        "data_dirs": [
            {"path": d.path, "origin": d.origin, "exists": d.exists, "files": d.files}
            for d in r.data_dirs
        ],
        "cache": {
            "dir": r.cache_dir,
            "file": r.catalog_file,
            "exists": r.catalog_exists,
            "bytes": r.catalog_bytes,
        },
        "data": {
            "platforms": r.platforms,
            "verified_newest": r.bundled_verified_newest,
            "verified_oldest": r.bundled_verified_oldest,
            "age_days": r.data_age_days,
        },
    }


def _verify(r: VerifyResult) -> dict[str, Any]:
    from kefu_cli.render.verify_json import verify

    return verify(r)


#: By result type; a rename or a new result without a shape fails in the contract tests.
_SHAPES: dict[type, Any] = {
    ValidateResult: _validate,
    LookupResult: _lookup,
    OverviewResult: _overview,
    HoursResult: _hours,
    ListResult: _list,
    ErrorResult: _error,
    VerifyResult: _verify,
    InfoResult: _info,
}

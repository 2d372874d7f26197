"""The `kefu verify --json` shape (CONTRACT.md); json_out adds `"version": 1`. No rich here."""

from __future__ import annotations

from typing import Any

from kefu_cli.render.json_parts import platform, sources
from kefu_cli.results import AlternativeView, ContactCheck, PlatformRef, VerifyResult


def _platform(p: PlatformRef | None) -> dict[str, Any] | None:
    return None if p is None else platform(p)


def _alternative(a: AlternativeView | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "platform": _platform(a.platform),
        "channel": a.channel,
        "name": a.name,
        "contact": a.contact,
        "status": a.status,
        "path": list(a.path),
        "where": a.where,
        "domain": a.domain,
    }


def contact(c: ContactCheck) -> dict[str, Any]:
    return {
        "input": c.input,
        "kind": c.kind,
        "url": c.url,
        "normalized": c.normalized,
        "verdict": c.verdict,
        "platform": _platform(c.platform),
        "owner": c.owner,
        "channel": c.channel,
        "channel_name": c.channel_name,
        "status": c.status,
        "origin": c.origin,
        "verified": c.status == "official" and c.origin == "bundled",
        "resembles": c.resembles,
        "caution": c.caution,
        "reasons": list(c.reasons),
        "official_alternative": _alternative(c.alternative),
        "sources": sources(c.sources),
    }


def verify(r: VerifyResult) -> dict[str, Any]:
    main = r.contacts[0] if r.kind != "message" and r.contacts else None
    return {
        "input": r.input,
        "kind": r.kind,
        "url": r.url,
        "normalized": r.normalized,
        "verdict": r.verdict,
        "platform": _platform(r.platform),
        "resembles": r.resembles,
        "channel": main.channel if main else None,
        "channel_name": main.channel_name if main else None,
        "status": main.status if main else None,
        "origin": main.origin if main else None,
        "owner": main.owner if main else None,
        "headline": r.headline,
        "caution": r.caution,
        "reasons": list(r.reasons),
        "signals": [s.id for s in r.signals],
        "signal_details": [
            {
                "id": s.id,
                "name": s.name,
                "severity": s.severity,
                "explain": s.explain,
                "matched": s.matched,
                "from_contact": s.from_contact,
                "sources": list(s.sources),
            }
            for s in r.signals
        ],
        "score": r.score,
        "contacts": [contact(c) for c in r.contacts],
        "official_alternative": _alternative(r.alternative),
        "advice": list(r.advice),
        "sources": sources(r.sources),
        "truncated": r.truncated,
        "fraud_type": r.fraud_type,
    }

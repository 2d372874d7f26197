"""JSON pieces shared by every shape (json_out and verify_json), so a platform or a source list is
spelled the same way in every command's output."""

from __future__ import annotations

from typing import Any

from kefu_cli.results import PlatformRef, SourceView


def platform(p: PlatformRef) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "origin": p.origin, "name_en": p.name_en}


def sources(items: tuple[SourceView, ...]) -> list[dict[str, str | None]]:
    return [
        {"kind": s.kind, "title": s.title, "ref": s.ref, "quote": s.quote, "checked": s.checked}
        for s in items
    ]

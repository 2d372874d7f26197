"""JSON pieces shared by every shape (json_out and verify_json), so a platform or a source list is
spelled the same way in every command's output."""

from __future__ import annotations

from typing import Any

from ..results import PlatformRef, SourceView


def platform(p: PlatformRef) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "origin": p.origin, "name_en": p.name_en}


def sources(items: tuple[SourceView, ...]) -> list[dict[str, str]]:
    return [{"title": s.title, "ref": s.ref} for s in items]

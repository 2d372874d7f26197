"""`--at DATETIME`: the moment a question is asked about, parsed without Typer (the plain lookup
parses it too, and must not import Typer for it)."""

from __future__ import annotations

import datetime as dt
import re

AT_EXAMPLE = "2026-11-23T23:30+08:00 (or 2026-11-23T23:30 for your local time)"
AT_YEARS = (1900, 9000)
_OFFSET_RE = re.compile(r"([+-])(\d{2})(?::?(\d{2}))?$")


def parse_at(text: str | None, now: dt.datetime | None = None) -> dt.datetime:
    """ISO 8601 with or without offset; without one it is the user's local time. ValueError if bad."""
    if text is None:
        return now or dt.datetime.now().astimezone()
    value = text.strip()
    if not value or len(value) > 40:
        raise ValueError(f"invalid date/time {text!r}; expected ISO 8601 such as {AT_EXAMPLE}")
    value = value.replace(" ", "T", 1) if " " in value and "T" not in value else value
    if value[-1:] in ("Z", "z"):
        value = value[:-1] + "+00:00"
    m = _OFFSET_RE.search(value)
    if m and "T" in value and m.start() > value.index("T"):
        value = f"{value[: m.start()]}{m.group(1)}{m.group(2)}:{m.group(3) or '00'}"
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"invalid date/time {text!r}; expected ISO 8601 such as {AT_EXAMPLE}"
        ) from None
    if not AT_YEARS[0] <= parsed.year <= AT_YEARS[1]:
        # Far ends of the calendar cannot be moved between zones or searched for an opening.
        raise ValueError(f"date/time {text!r} is out of range: years {AT_YEARS[0]}-{AT_YEARS[1]}")
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()  # the user's local zone (TZ, or the system's)
    return parsed

"""The compiled catalog's format: the contract between the writer (build/) and the reader.

Everything both sides must agree on lives here, typed, so that neither spells a column, a flag or a
rank on its own: the format number, how large JSON columns are packed, the tables and their columns.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

#: Bump when the layout of the compiled catalog changes; older files are then rebuilt.
FORMAT = 10
#: The data file suffixes; names starting with "." are ignored (editor and temp files).
SUFFIXES = (".yaml", ".yml")


def pack(text: str) -> bytes:
    """JSON text as stored in the catalog's large columns: UTF-8, zlib-compressed (fast level:
    the files are written once per data change and read a row at a time)."""
    return zlib.compress(text.encode("utf-8"), 1)


def unpack(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob))

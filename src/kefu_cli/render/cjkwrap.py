"""Line breaking that treats each CJK character as a break opportunity.

rich breaks lines only at whitespace, so a Chinese sentence (which has none) is moved whole to the
next line and then chopped, leaving ragged half-empty lines. Chinese text may break between any two
characters; this module gives rich's `divide_line` that rule, keeping Latin words whole. It is
installed into `rich.text` by `install()`; if rich ever changes that internal, kefu keeps rich's
own wrapping rather than failing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# A word is one CJK character (with the punctuation that must stay with it) or a run of other
# non-space characters, each with the whitespace that follows it.
_OPEN = "（「『“‘《〈【"
_CLOSE = "，。、；：！？）」』”’》〉】"
_WORD = re.compile(rf"\s*(?:[{_OPEN}]*(?:[{_CJK}]|[^\s{_CJK}{_OPEN}{_CLOSE}]+)[{_CLOSE}]*|\S)\s*")


def _words(text: str) -> Iterable[tuple[int, int, str]]:
    position = 0
    match = _WORD.match(text, position)
    while match is not None:
        start, end = match.span()
        yield start, end, match.group(0)
        match = _WORD.match(text, end)


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Same contract as rich._wrap.divide_line, with CJK characters as separate words."""
    from rich.cells import cell_len, chop_cells

    breaks: list[int] = []
    offset = 0
    for start, _end, word in _words(text):
        length = cell_len(word.rstrip())
        if width - offset >= length:
            offset += cell_len(word)
            continue
        if length > width:
            if fold:
                pieces = chop_cells(word, width=width)
                for i, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if i == len(pieces) - 1:
                        offset = cell_len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = cell_len(word)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks


def install() -> None:
    try:
        import rich.text as rich_text
    except ImportError:  # pragma: no cover - rich is a dependency
        return
    if hasattr(rich_text, "divide_line"):
        rich_text.divide_line = divide_line

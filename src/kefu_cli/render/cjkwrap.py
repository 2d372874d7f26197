"""Line breaking that treats each CJK character as a break opportunity.

rich breaks lines only at whitespace, so a Chinese sentence (which has none) is moved whole to the
next line and then chopped, leaving ragged half-empty lines. Chinese text may break between any two
characters; this module gives rich's `divide_line` that rule, keeping Latin words whole. It is
installed into `rich.text` by `install()`; if rich ever changes that internal, kefu keeps rich's
own wrapping rather than failing.
"""

from __future__ import annotations

from collections.abc import Iterable

from kefu_cli.catalog.text import is_cjk

# Punctuation that stays with the next / the previous character.
_OPEN = frozenset("（「『“‘《〈【")
_CLOSE = frozenset("，。、；：！？）」』”’》〉】")


def _cjk(ch: str) -> bool:
    """Breaks like a CJK ideograph: the ideographs, CJK punctuation, full-width forms."""
    return ch >= "\u3000" and (is_cjk(ch) or ch <= "\u303f" or "\uff00" <= ch <= "\uffef")


def _in_run(ch: str) -> bool:
    """A character of a run of other text (a Latin word, digits): not space, CJK or brackets."""
    return not ch.isspace() and ch not in _OPEN and ch not in _CLOSE and not _cjk(ch)


def _words(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, word) of each word of `text`, each with the whitespace that follows it.

    A word is one CJK character, or a run of other non-space characters, with the opening
    punctuation before it and the closing punctuation after it; else a single non-space character.
    Written out by hand rather than as a regex: a character class over these ranges costs ~3 ms to
    compile, on every run that prints (tests/test_robustness.py holds the regex as the reference).
    """
    n = len(text)
    position = 0
    while position < n:
        i = position
        while i < n and text[i].isspace():
            i += 1
        if i == n:
            # Only whitespace left: no word, unless it holds an ideographic space, which is also
            # a CJK character (the regex gave back whitespace until one could be the word).
            if "\u3000" in text[position:]:
                yield position, n, text[position:]
            return
        opens = i
        while opens < n and text[opens] in _OPEN:
            opens += 1
        end = -1
        # Opening marks are taken greedily, giving some back if nothing follows them (a mark
        # that is itself CJK, such as （, may then be the word).
        for core in range(opens, i - 1, -1):
            if core == n:
                continue
            ch = text[core]
            if _cjk(ch):
                end = core + 1
                break
            if _in_run(ch):
                end = core + 1
                while end < n and _in_run(text[end]):
                    end += 1
                break
        if end < 0:
            end = i + 1  # a single non-space character
        else:
            while end < n and text[end] in _CLOSE:
                end += 1
        while end < n and text[end].isspace():
            end += 1
        yield position, end, text[position:end]
        position = end


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

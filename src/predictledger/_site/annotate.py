"""The article annotated: where each recorded quote stands in its source's full text.

A quote is verbatim up to whitespace, Unicode form and apostrophes (the rule `check` applies),
so it is looked for as written first and then as a pattern that forgives exactly those. The
text is cut at every quote's start and end; each piece knows the quotes that cover it and
links to the innermost one (the shortest: a quote within a longer quote keeps its own link).
A quote that occurs several times is marked where it first occurs.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from attrs import frozen

from .._text import APOSTROPHES, nfc

__all__ = ["Piece", "find_quote", "pieces"]

_APOSTROPHE_CLASS = "[" + re.escape("'" + "".join(APOSTROPHES)) + "]"
_QUOTE_MARK_CLASS = "[" + re.escape('"\u201c\u201d') + "]"


@frozen
class Piece:
    """A stretch of the text; `owner` is the index of the quote it links to, or None."""

    text: str
    owner: int | None = None
    first: bool = False
    """The first piece of its owner's quote: it carries the quote's anchor."""
    last: bool = False
    """The last piece of its owner's quote."""


_APOSTROPHE_SET = frozenset(("'", *APOSTROPHES))
_QUOTE_MARK_SET = frozenset('"\u201c\u201d')


def _character(ch: str) -> str:
    if ch in _APOSTROPHE_SET:
        return _APOSTROPHE_CLASS
    if ch in _QUOTE_MARK_SET:
        return _QUOTE_MARK_CLASS
    return re.escape(ch)


def _pattern(quote: str) -> re.Pattern[str] | None:
    words = quote.split()
    if not words:
        return None
    return re.compile(r"\s+".join("".join(map(_character, word)) for word in words))


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` first occurs in `text` (an NFC text), as (start, end), or None."""
    quote = nfc(quote).strip()
    if not quote:
        return None
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    pattern = _pattern(quote)
    found = pattern.search(text) if pattern is not None else None
    return found.span() if found else None


def pieces(text: str, spans: Sequence[tuple[int, int] | None]) -> list[Piece]:
    """`text` cut into pieces at the quotes' `spans` (None for a quote not found)."""
    placed = [
        (start, end, index) for index, span in enumerate(spans) if span for start, end in [span]
    ]
    cuts = sorted({0, len(text), *(s for s, _, _ in placed), *(e for _, e, _ in placed)})
    out: list[Piece] = []
    started: set[int] = set()
    for left, right in itertools.pairwise(cuts):
        if left == right:
            continue
        covering = [
            (end - start, index) for start, end, index in placed if start <= left and right <= end
        ]
        if not covering:
            out.append(Piece(text[left:right]))
            continue
        owner = min(covering)[1]
        first = owner not in started
        started.add(owner)
        out.append(Piece(text[left:right], owner, first=first))
    # Mark each owner's last piece, walking back.
    seen: set[int] = set()
    for position in range(len(out) - 1, -1, -1):
        piece = out[position]
        if piece.owner is not None and piece.owner not in seen:
            seen.add(piece.owner)
            out[position] = Piece(piece.text, piece.owner, first=piece.first, last=True)
    return out

"""Plain aligned text tables for the terminal, safe to print whatever the ledger holds.

Ledger text is shown with control characters escaped, so a claim cannot move the cursor or
recolour the terminal, and with newlines flattened, so one record stays one line (`cell_text`).
Widths count terminal cells (`cell_width`): a wide CJK character takes two, a combining mark
none.

Given a `width` (the terminal's, or `COLUMNS`), a table fits it: the one column of free text (a
claim) is shortened with an ellipsis, and columns the table can do without are dropped when even
that is not enough. An id is never cut: a row whose ids alone are wider than the terminal runs
past its edge rather than showing an id that cannot be typed back.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .._text import cell_text, cell_width

__all__ = ["ELLIPSIS", "MIN_SHORTENED", "render_table", "shorten"]

_GAP = "  "
ELLIPSIS = "\u2026"
MIN_SHORTENED = 12
"""The fewest cells a shortened column keeps: fewer would say nothing."""


def shorten(text: str, width: int) -> str:
    """`text` cut to at most `width` terminal cells, ending with an ellipsis when cut.

    A character is never split from the combining marks that follow it, and a wide character
    that would straddle the limit is left out whole.
    """
    if cell_width(text) <= width:
        return text
    room = width - 1  # the ellipsis takes one cell
    kept: list[str] = []
    used = 0
    for ch in text:
        size = 0 if unicodedata.combining(ch) else cell_width(ch)
        if size == 0:
            if kept:  # a mark stays with the character it modifies
                kept.append(ch)
            continue
        if used + size > room:
            break
        kept.append(ch)
        used += size
    return "".join(kept).rstrip() + ELLIPSIS


def render_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[int] = (),
    width: int | None = None,
    shrink: int | None = None,
    drop: Sequence[int] = (),
) -> str:
    """The header and rows as aligned columns, one line each, ending with a newline.

    Columns whose index is in `right` align right (numbers); the last column is never padded,
    so a long claim in it does not push trailing spaces onto every line. With a `width`, the
    column `shrink` (the last one by default) is shortened so that each line fits, and when it
    would keep fewer than `MIN_SHORTENED` cells the columns of `drop` are left out, in that
    order, until it keeps them. No other column is ever cut. Without a `width`, lines are whole.
    """
    cells = [[cell_text(cell) for cell in row] for row in (header, *rows)]
    keep = list(range(len(header)))
    if width is not None:
        target = len(header) - 1 if shrink is None else shrink
        for candidate in (None, *drop):
            if candidate is not None and candidate in keep:
                keep.remove(candidate)
            if _room(cells, keep, target, width) >= MIN_SHORTENED:
                break
        room = max(_room(cells, keep, target, width), MIN_SHORTENED)
        for row in cells[1:]:
            row[target] = shorten(row[target], room)
    cells = [[row[i] for i in keep] for row in cells]
    kept_right = {keep.index(i) for i in right if i in keep}
    widths = [max(cell_width(row[i]) for row in cells) for i in range(len(keep))]
    lines = []
    for row in cells:
        parts = []
        for index, cell in enumerate(row):
            fill = " " * (widths[index] - cell_width(cell))
            if index in kept_right:
                parts.append(fill + cell)
            elif index == len(row) - 1:
                parts.append(cell)
            else:
                parts.append(cell + fill)
        lines.append(_GAP.join(parts).rstrip())
    return "\n".join(lines) + "\n"


def _room(cells: list[list[str]], keep: list[int], target: int, width: int) -> int:
    """The cells left for column `target` when the columns `keep` share `width`."""
    others = sum(max(cell_width(row[i]) for row in cells) for i in keep if i != target)
    return width - others - len(_GAP) * (len(keep) - 1)

"""Plain aligned text tables for the terminal, safe to print whatever the ledger holds.

Ledger text is shown with control characters replaced, so a claim cannot move the cursor or
recolour the terminal, and with newlines flattened, so one record stays one line. Widths count
terminal cells: East Asian wide characters take two, combining marks none.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["render_table"]

_GAP = "  "


def _clean(text: str) -> str:
    flat = " ".join(text.split()) if any(ch in text for ch in "\n\r\t") else text
    return "".join("?" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in flat)


def _width(text: str) -> int:
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def render_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()
) -> str:
    """The header and rows as aligned columns, one line each, ending with a newline.

    Columns whose index is in `right` align right (numbers); the last column is never padded,
    so a long claim in it does not push trailing spaces onto every line.
    """
    cells = [[_clean(cell) for cell in row] for row in (header, *rows)]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        parts = []
        for index, cell in enumerate(row):
            fill = " " * (widths[index] - _width(cell))
            if index in right:
                parts.append(fill + cell)
            elif index == len(row) - 1:
                parts.append(cell)
            else:
                parts.append(cell + fill)
        lines.append(_GAP.join(parts).rstrip())
    return "\n".join(lines) + "\n"

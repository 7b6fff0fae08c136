"""Plain aligned text tables for the terminal, safe to print whatever the ledger holds.

Ledger text is shown with control characters escaped, so a claim cannot move the cursor or
recolour the terminal, and with newlines flattened, so one record stays one line (`cell_text`).
Widths count terminal cells (`cell_width`).
"""

from __future__ import annotations

from collections.abc import Sequence

from .._text import cell_text, cell_width

__all__ = ["render_table"]

_GAP = "  "


def render_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()
) -> str:
    """The header and rows as aligned columns, one line each, ending with a newline.

    Columns whose index is in `right` align right (numbers); the last column is never padded,
    so a long claim in it does not push trailing spaces onto every line.
    """
    cells = [[cell_text(cell) for cell in row] for row in (header, *rows)]
    widths = [max(cell_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        parts = []
        for index, cell in enumerate(row):
            fill = " " * (widths[index] - cell_width(cell))
            if index in right:
                parts.append(fill + cell)
            elif index == len(row) - 1:
                parts.append(cell)
            else:
                parts.append(cell + fill)
        lines.append(_GAP.join(parts).rstrip())
    return "\n".join(lines) + "\n"

"""The scorecard as an aligned terminal table, in colour only when asked.

Colour marks what the numbers already say, never something they do not: a hit rate whose whole
95% interval lies above 50% is green, one wholly below is red, ungraded groups are dim. Ledger
text is made terminal-safe (`cell_text`) so a name cannot move the cursor or recolour the
terminal.
"""

from __future__ import annotations

from .._score.scorecard import GroupScore, Scorecard
from .._text import cell_text, cell_width
from .._views.text_table import MIN_SHORTENED, shorten
from ._columns import COLUMNS, footnotes
from ._sections import Section, sections

__all__ = ["render"]

_RESET = "\033[0m"
_BOLD = "\033[1m"
_DIM = "\033[2m"
_GREEN = "\033[32m"
_RED = "\033[31m"
_GAP = "  "


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - cell_width(text))
    return fill + text if right else text + fill


def _row_colour(group: GroupScore) -> str:
    if not group.graded:
        return _DIM
    if group.hit_rate_low is not None and group.hit_rate_low > 0.5:
        return _GREEN
    if group.hit_rate_high is not None and group.hit_rate_high < 0.5:
        return _RED
    return ""


def render(card: Scorecard, *, color: bool = False, width: int | None = None) -> str:
    """The table, a rule, the total row, then the footnotes; ends with a newline.

    With a `width`, group names are shortened with an ellipsis when that makes the table fit
    it; the numbers are never cut, so a table too wide even so keeps its names whole.
    """
    rows = [[cell_text(column.cell(group)) for column in COLUMNS] for group in card.groups]
    total = [cell_text(column.cell(card.total)) for column in COLUMNS]
    header = [column.header for column in COLUMNS]
    widths = [
        max(cell_width(cells[i]) for cells in (header, total, *rows)) for i in range(len(COLUMNS))
    ]
    if width is not None:
        label = next(i for i, column in enumerate(COLUMNS) if not column.numeric)
        room = width - (sum(widths) - widths[label]) - len(_GAP) * (len(COLUMNS) - 1)
        if MIN_SHORTENED <= room < widths[label]:
            for cells in rows:
                cells[label] = shorten(cells[label], room)
            widths[label] = max(cell_width(cells[label]) for cells in (header, total, *rows))

    def line(cells: list[str], style: str = "") -> str:
        text = _GAP.join(
            _pad(cell, width, column.numeric)
            for cell, width, column in zip(cells, widths, COLUMNS, strict=True)
        ).rstrip()
        return f"{style}{text}{_RESET}" if color and style else text

    out = [line(header, _BOLD)]
    out.extend(
        line(cells, _row_colour(group)) for cells, group in zip(rows, card.groups, strict=True)
    )
    out.append("-" * len(line(header)))
    out.append(line(total, _BOLD))
    out.append("")
    out.extend(footnotes(card))
    for section in sections(card):
        out.append("")
        out.extend(_section(section, color))
    if not card.groups:
        out.insert(0, f"no predictions made by {card.as_of.isoformat()}")
    return "\n".join(out) + "\n"


def _section(section: Section, color: bool) -> list[str]:
    """A section below the summary: its title, an aligned table, its notes."""
    rows = [[cell_text(cell) for cell in row] for row in section.rows]
    total = [cell_text(cell) for cell in section.total] if section.total else None
    everything = [list(section.headers), *rows, *([total] if total else [])]
    widths = [
        max(cell_width(cells[i]) for cells in everything) for i in range(len(section.headers))
    ]

    def line(cells: list[str], style: str = "") -> str:
        text = _GAP.join(
            _pad(cell, width, numeric)
            for cell, width, numeric in zip(cells, widths, section.numeric, strict=True)
        ).rstrip()
        return f"{style}{text}{_RESET}" if color and style else text

    out = [f"{_BOLD}{section.title}{_RESET}" if color else section.title]
    out.append(line(list(section.headers), _BOLD))
    out.extend(line(cells) for cells in rows)
    if total:
        out.append("-" * len(line(list(section.headers))))
        out.append(line(total, _BOLD))
    out.extend(section.notes)
    return out

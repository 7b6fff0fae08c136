"""The scorecard as a Markdown table, for pasting into a post.

Ledger text is escaped so a name holding `|`, `*` or `<tag>` cannot break the table or turn
into markup: backslashes before Markdown punctuation, entities for `<`, `>` and `&`.
"""

from __future__ import annotations

import re

from .._score.scorecard import GroupScore, Scorecard
from .._text import terminal_safe
from ._columns import COLUMNS, footnotes
from ._sections import sections

__all__ = ["escape", "render"]

_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")


def escape(text: str) -> str:
    """Text that renders as itself in a Markdown table cell."""
    text = terminal_safe(" ".join(text.split()))  # a newline would end the row
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _PUNCTUATION.sub(r"\\\1", text)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _cells(group: GroupScore, bold: bool = False) -> list[str]:
    cells = [escape(column.cell(group)) for column in COLUMNS]
    return [f"**{cell}**" for cell in cells] if bold else cells


def render(card: Scorecard) -> str:
    """A heading line, the table with a bold total row, and the footnotes as a list."""
    lines = [
        f"**Scorecard as of {card.as_of.isoformat()}**, by {escape(', '.join(card.by))}",
        "",
        _row([escape(column.header) for column in COLUMNS]),
        _row(["---:" if column.numeric else ":---" for column in COLUMNS]),
    ]
    lines.extend(_row(_cells(group)) for group in card.groups)
    lines.append(_row(_cells(card.total, bold=True)))
    lines.append("")
    lines.extend(f"- {escape(note)}" for note in footnotes(card)[1:])
    for section in sections(card):
        lines.extend(["", f"**{escape(section.title)}**", ""])
        lines.append(_row([escape(header) for header in section.headers]))
        lines.append(_row(["---:" if numeric else ":---" for numeric in section.numeric]))
        lines.extend(_row([escape(cell) for cell in row]) for row in section.rows)
        if section.total:
            lines.append(_row([f"**{escape(cell)}**" for cell in section.total]))
        lines.append("")
        lines.extend(f"- {escape(note)}" for note in section.notes)
    return "\n".join(lines) + "\n"

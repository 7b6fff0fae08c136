"""Renderers of a scorecard: one module per output format, all pure functions to text."""

from __future__ import annotations

from .._score.scorecard import Scorecard
from . import html_report, json_report, markdown, table

__all__ = ["FORMATS", "render"]

FORMATS = ("table", "markdown", "json", "html")


def render(
    card: Scorecard, format: str = "table", *, color: bool = False, width: int | None = None
) -> str:
    """The scorecard as text in `format`; `color` adds ANSI colours to the table only, and
    `width` fits the table's group names to that many terminal cells where that is enough.

    Raises `ValueError` for an unknown format.
    """
    if format == "table":
        return table.render(card, color=color, width=width)
    if format == "markdown":
        return markdown.render(card)
    if format == "json":
        return json_report.render(card)
    if format == "html":
        return html_report.render(card)
    raise ValueError(f"unknown format {format!r}: choose from {', '.join(FORMATS)}")

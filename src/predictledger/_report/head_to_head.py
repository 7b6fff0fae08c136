"""Two authors head to head (`predictledger compare`) as a terminal table, Markdown or JSON.

Each shared question is a row: both authors' log scores on it in points, 100 ln p(outcome),
and their difference; below, the wins, losses and ties, and the mean difference with its
seeded bootstrap 95% interval. Ledger text is made terminal-safe in the table and escaped in
Markdown, as in the scorecard.
"""

from __future__ import annotations

import json
from typing import Any

from .._score.shared import HeadToHead
from .._text import json_safe
from .._views.text_table import render_table
from .markdown import escape

__all__ = ["FORMATS", "SCHEMA", "render", "to_data"]

FORMATS = ("table", "markdown", "json")

SCHEMA = "predictledger.compare/1"


def _points(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}"


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _summary(h: HeadToHead, a: str, b: str) -> list[str]:
    if not h.shared:
        return [f"{a} and {b} share no resolved question both gave a probability for"]
    interval = f" (95% interval {_points(h.low)} to {_points(h.high)})" if h.low is not None else ""
    return [
        f"{_count(h.shared, 'shared question')}: {a} {_count(h.wins, 'win')}, "
        f"{_count(h.losses, 'loss', 'losses')}, {_count(h.ties, 'tie')}",
        f"mean difference {_points(h.mean_difference)} points{interval}",
        "score: 100 ln p(outcome), the mean over the author's claims on the question; "
        "difference = first - second, above 0 a win for the first",
    ]


def _rows(h: HeadToHead) -> list[list[str]]:
    return [
        [v.question, _points(v.score_a), _points(v.score_b), _points(v.difference)]
        for v in h.questions
    ]


def to_data(h: HeadToHead, label_a: str, label_b: str, as_of: str) -> dict[str, Any]:
    """The head-to-head as plain JSON-ready data; a value that does not exist is null."""
    return {
        "schema": SCHEMA,
        "as_of": as_of,
        "a": {"id": h.author_a, "label": label_a},
        "b": {"id": h.author_b, "label": label_b},
        "shared": h.shared,
        "wins": h.wins,
        "losses": h.losses,
        "ties": h.ties,
        "mean_difference": h.mean_difference,
        "mean_difference_low": h.low,
        "mean_difference_high": h.high,
        "questions": [
            {
                "question": v.question,
                "score_a": v.score_a,
                "score_b": v.score_b,
                "difference": v.difference,
            }
            for v in h.questions
        ],
    }


def render(h: HeadToHead, format: str, *, label_a: str, label_b: str, as_of: str) -> str:
    """The head-to-head in `format` (table, markdown or json), ending with a newline."""
    if format == "json":
        data = to_data(h, label_a, label_b, as_of)
        return json_safe(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)) + "\n"
    header = ["question", label_a, label_b, "difference"]
    if format == "markdown":
        lines = [
            f"**{escape(label_a)} against {escape(label_b)}**, as of {as_of}",
            "",
            "| " + " | ".join(escape(cell) for cell in header) + " |",
            "| :--- | ---: | ---: | ---: |",
            *("| " + " | ".join(escape(c) for c in row) + " |" for row in _rows(h)),
            "",
            *(f"- {escape(line)}" for line in _summary(h, label_a, label_b)),
        ]
        return "\n".join(lines) + "\n"
    if format != "table":
        raise ValueError(f"unknown format {format!r}: choose from {', '.join(FORMATS)}")
    table = render_table(header, _rows(h), right=(1, 2, 3)) if h.shared else ""
    return table + "\n".join([*_summary(h, label_a, label_b), f"as of {as_of}"]) + "\n"

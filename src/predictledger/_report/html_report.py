"""The scorecard as one self-contained HTML page, rendered from the site's template set.

The page is `scorecard.html.j2`, one of the templates of `predictledger site` (it shares their
stylesheet, inlined here, and their reliability diagram): no network, no external assets and no
JavaScript; each reliability diagram is an inline SVG. Every piece of ledger text (names,
claims, quotes, evidence, notes, ids, even enum words) is escaped with quotes escaped, so a
quote holding `<script>` shows as text and an attribute value cannot be broken out of.

Rendering needs Jinja2 (`pip install 'predictledger[site]'`); without it, `render` raises a
`RequestError` that says so. It is imported on first use only, so the other formats never
need it.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from .._score.scorecard import GroupScore, PredictionRow, Scorecard
from .._score.status import Status
from .._score.tally import CalibrationBin
from ._columns import COLUMNS, Column, decimal, footnotes, percent, signed
from ._sections import sections

__all__ = ["HTML_ORDER", "reliability_svg", "render"]

HTML_ORDER = (
    "#",
    "group",
    "hit rate",
    "95% CI",
    "Brier",
    "skill",
    "made",
    "abst",
    "pend",
    "due",
    "hit/miss/part",
    "void+amb",
    "log",
)
"""The summary's columns on the page: the key figures first, so that on a narrow screen they
are in view and the counts scroll inside the table's own box."""

_BY_HEADER = {column.header: column for column in COLUMNS}


def _columns() -> list[Column]:
    return [_BY_HEADER[header] for header in HTML_ORDER]


def reliability_svg(bins: Iterable[CalibrationBin], label: str) -> str:
    """A reliability diagram as inline SVG: observed frequency against mean forecast, one
    point per bin, each bin's count written beside its point."""
    from .._site.diagram import diagram
    from .._site.templating import environment

    macros: Any = environment(report=True).get_template("macros.html.j2").module
    return str(macros.reliability(diagram(bins, label)))


def _verdict(row: PredictionRow) -> tuple[str, str]:
    """The verdict's word (with a partial verdict's credit) and its style."""
    if row.outcome is None:
        return row.status.value, row.status.value
    word = row.outcome.verdict.value
    if row.outcome.credit is not None:
        return f"{word} ({percent(row.outcome.credit)})", word
    return word, word


def _row(row: PredictionRow) -> dict[str, Any]:
    prediction, outcome, source = row.prediction, row.outcome, row.source
    probability = prediction.probability
    verdict, css = _verdict(row)
    end = prediction.horizon.end
    return {
        "id": prediction.id,
        "made_on": prediction.made_on.in_words(),
        "claim": prediction.claim,
        "condition": prediction.condition,
        "quote": prediction.quote,
        "lang": source.language if source else None,
        "source": source.title if source else prediction.source,
        "source_url": source.url
        if source and source.url and source.url.startswith(("https://", "http://"))
        else None,
        "horizon": (prediction.horizon.phrase or "-") + (f" to {end.isoformat()}" if end else ""),
        "probability": percent(probability.value) if probability else None,
        "basis": probability.basis.value if probability else None,
        "verdict": verdict,
        "css": css,
        "resolved_on": outcome.resolved_on.isoformat() if outcome else None,
        "evidence": list(outcome.evidence) if outcome else None,
        "note": outcome.note if outcome else None,
        "due": row.status is Status.DUE,
    }


def _stats(group: GroupScore) -> list[tuple[str, str]]:
    stats = [
        ("made", str(group.counts.made)),
        ("scored", str(group.scored)),
        (
            "hit rate",
            f"{percent(group.hit_rate)} ("
            f"{percent(group.hit_rate_low)}-{percent(group.hit_rate_high)})",
        ),
        ("Brier", decimal(group.brier)),
        ("skill vs 50%", signed(group.brier_skill)),
        ("skill vs base rate", signed(group.brier_skill_base_rate)),
        ("log score", decimal(group.log_score)),
        ("baseline score", "-" if group.fair.baseline is None else f"{group.fair.baseline:+.1f}"),
        ("void+ambiguous", percent(group.void_ambiguous_share)),
        ("rank", str(group.rank) if group.rank is not None else "not graded"),
    ]
    fair = group.fair
    if group.peer_score is not None:
        stats.append(("peer score", f"{group.peer_score:+.1f} over {group.peer_questions}"))
    if fair.referenced:
        stats.append(
            (
                f"against the reference ({fair.referenced})",
                f"relative log {fair.relative_log:+.1f}, Kelly {decimal(fair.kelly_growth)}, "
                f"Brier difference {signed(_float(fair.brier_difference), 3)}, "
                f"Brier skill {signed(_float(fair.market_skill))}",
            )
        )
    if fair.calls:
        stats.append(
            (
                f"yield of {fair.calls} call{'s' if fair.calls != 1 else ''}",
                decimal(_float(fair.call_yield), 2)
                + (
                    ""
                    if fair.yield_low is None or fair.yield_high is None
                    else f" (95% interval {fair.yield_low:.2f} to {fair.yield_high:.2f})"
                ),
            )
        )
    if group.murphy is not None:
        stats.append(
            (
                "reliability / resolution / uncertainty",
                f"{float(group.murphy.reliability):.3f} / {float(group.murphy.resolution):.3f}"
                f" / {float(group.murphy.uncertainty):.3f}",
            )
        )
    return stats


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _cells(group: GroupScore, columns: list[Column], link: bool) -> list[dict[str, Any]]:
    return [
        {
            "text": column.cell(group),
            "numeric": column.numeric,
            "link": link and column.header == "group",
        }
        for column in columns
    ]


def render(card: Scorecard) -> str:
    from .._site.diagram import diagram
    from .._site.pages import calibration_rows
    from .._site.templating import environment, markup

    env = environment(report=True)
    macros: Any = env.get_template("macros.html.j2").module
    columns = _columns()

    def figure(group: GroupScore, label: str) -> Any:
        return macros.reliability(diagram(group.calibration, label)) if group.forecasts else None

    groups = [
        {
            "label": group.label,
            "stats": _stats(group),
            "diagram": figure(group, group.label),
            "forecasts": group.forecasts,
            "calibration": calibration_rows(group.calibration),
            "rows": [_row(row) for row in group.rows],
        }
        for group in card.groups
    ]
    return env.get_template("scorecard.html.j2").render(
        title=f"Scorecard as of {card.as_of.isoformat()}",
        by=", ".join(card.by),
        columns=columns,
        summary=[
            {"index": index, "graded": group.graded, "cells": _cells(group, columns, True)}
            for index, group in enumerate(card.groups, start=1)
        ],
        total=_cells(card.total, columns, False),
        notes=footnotes(card),
        sections=sections(card),
        overall=figure(card.total, "all groups") if card.total.forecasts else None,
        groups=groups,
        markup=markup,
    )

"""The scorecard as one self-contained HTML page.

No network, no external assets and no JavaScript: styles are inline in the page and each
reliability diagram is an inline SVG. Every piece of ledger text (names, claims, quotes,
evidence, notes, ids, even enum words) goes through `html.escape` with quotes escaped, so a
quote holding `<script>` shows as text and an attribute value cannot be broken out of.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from fractions import Fraction

from .._records import Prediction
from .._score.scorecard import GroupScore, PredictionRow, Scorecard
from .._score.status import Status
from .._score.tally import CalibrationBin
from .._text import terminal_safe
from ._columns import COLUMNS, Column, decimal, footnotes, percent, signed

__all__ = ["reliability_svg", "render"]

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem;
  padding: 0 1rem; color: #1b1b1b; background: #fff; }
h1, h2, h3 { line-height: 1.2; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; vertical-align: top; }
th { text-align: left; background: #f4f4f4; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.ungraded td { color: #777; }
tr.total td { font-weight: bold; border-top: 2px solid #999; }
blockquote { margin: .3rem 0; padding-left: .6rem; border-left: 3px solid #ccc; color: #444;
  white-space: pre-line; }
.claim { font-weight: 600; }
.verdict { white-space: nowrap; font-weight: bold; }
.true { color: #17692c; } .false { color: #a11d1d; } .partial { color: #8a5a00; }
.void, .ambiguous, .pending, .due, .abstention { color: #666; }
.notes { color: #555; font-size: .9em; }
.stats { display: flex; flex-wrap: wrap; gap: .3rem 1.5rem; padding: 0; list-style: none; }
figure { margin: 1rem 0; } figcaption { color: #555; font-size: .9em; }
svg text { font: 11px system-ui, sans-serif; fill: #333; }
ul.evidence { margin: 0; padding-left: 1.1rem; }
"""


def _e(text: object) -> str:
    # The one way text enters the page: escaped for both element content and attributes.
    return html.escape(terminal_safe(str(text), newlines=True), quote=True)


# -- the reliability diagram ----------------------------------------------------------------

_SIZE = 240
_LEFT, _TOP, _RIGHT, _BOTTOM = 52, 14, 20, 44


def _x(p: float) -> float:
    return _LEFT + p * _SIZE


def _y(p: float) -> float:
    return _TOP + (1 - p) * _SIZE


def reliability_svg(bins: Iterable[CalibrationBin], label: str) -> str:
    """A reliability diagram: observed frequency against mean forecast, one point per bin.

    The dashed diagonal is perfect calibration; a point's area grows with its bin's count and
    its vertical bar is the Wilson 95% interval of the observed frequency.
    """
    filled = [b for b in bins if b.count]
    largest = max((b.count for b in filled), default=1)
    width, height = _LEFT + _SIZE + _RIGHT, _TOP + _SIZE + _BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-size="11" '
        'font-family="system-ui, sans-serif" '
        f'aria-label="{_e("Reliability diagram: " + label)}">',
        f'<rect x="{_LEFT}" y="{_TOP}" width="{_SIZE}" height="{_SIZE}" '
        'fill="#fafafa" stroke="#999"/>',
    ]
    for tick in range(11):
        p = tick / 10
        parts.append(
            f'<line x1="{_x(p):.1f}" y1="{_TOP}" x2="{_x(p):.1f}" y2="{_TOP + _SIZE}" '
            'stroke="#e6e6e6"/>'
            f'<line x1="{_LEFT}" y1="{_y(p):.1f}" x2="{_LEFT + _SIZE}" y2="{_y(p):.1f}" '
            'stroke="#e6e6e6"/>'
        )
        if tick % 5 == 0:
            parts.append(
                f'<text x="{_x(p):.1f}" y="{_TOP + _SIZE + 14}" text-anchor="middle">'
                f"{tick * 10}%</text>"
                f'<text x="{_LEFT - 6}" y="{_y(p) + 4:.1f}" text-anchor="end">{tick * 10}%</text>'
            )
    parts.append(
        f'<line x1="{_x(0)}" y1="{_y(0)}" x2="{_x(1)}" y2="{_y(1)}" stroke="#777" '
        'stroke-dasharray="4 3"/>'
        f'<text x="{_LEFT + _SIZE / 2}" y="{height - 8}" text-anchor="middle">'
        "forecast probability</text>"
        f'<text transform="translate(14 {_TOP + _SIZE / 2}) rotate(-90)" '
        'text-anchor="middle">observed frequency</text>'
    )
    for b in filled:
        assert b.mean_forecast is not None
        assert b.observed is not None
        assert b.low is not None
        assert b.high is not None
        x = _x(float(b.mean_forecast))
        radius = 3 + 7 * math.sqrt(b.count / largest)
        tip = (
            f"{percent(float(b.lower))}-{percent(float(b.upper))}: {b.count} forecast"
            f"{'s' if b.count != 1 else ''}, mean {percent(float(b.mean_forecast))}, "
            f"observed {percent(float(b.observed))} (95%: {percent(b.low)}-{percent(b.high)})"
        )
        parts.append(
            f'<line x1="{x:.1f}" y1="{_y(b.low):.1f}" x2="{x:.1f}" y2="{_y(b.high):.1f}" '
            'stroke="#1f5fa8" stroke-width="1.5"/>'
            f'<line x1="{x - 4:.1f}" y1="{_y(b.low):.1f}" x2="{x + 4:.1f}" y2="{_y(b.low):.1f}" '
            'stroke="#1f5fa8"/>'
            f'<line x1="{x - 4:.1f}" y1="{_y(b.high):.1f}" x2="{x + 4:.1f}" '
            f'y2="{_y(b.high):.1f}" stroke="#1f5fa8"/>'
            f'<circle cx="{x:.1f}" cy="{_y(float(b.observed)):.1f}" r="{radius:.1f}" '
            f'fill="#1f5fa8" fill-opacity="0.6" stroke="#123d6e"><title>{_e(tip)}</title>'
            "</circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _calibration_table(bins: Iterable[CalibrationBin]) -> str:
    rows = [
        "<tr>"
        f'<td class="num">{_e(percent(float(b.lower)))}-{_e(percent(float(b.upper)))}</td>'
        f'<td class="num">{b.count}</td>'
        f'<td class="num">{_e(percent(_float(b.mean_forecast)))}</td>'
        f'<td class="num">{_e(percent(_float(b.observed)))}</td>'
        f'<td class="num">{_e(percent(b.low))}-{_e(percent(b.high))}</td>'
        "</tr>"
        for b in bins
        if b.count
    ]
    return (
        '<table class="calibration"><thead><tr><th class="num">bin</th><th class="num">n</th>'
        '<th class="num">mean forecast</th><th class="num">observed</th>'
        '<th class="num">95% interval</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
    )


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


# -- tables ---------------------------------------------------------------------------------


def _num(column: Column) -> str:
    return ' class="num"' if column.numeric else ""


def _title(column: Column) -> str:
    return f' title="{_e(column.help)}"' if column.help else ""


def _summary(card: Scorecard) -> str:
    head = "".join(f"<th{_num(c)}{_title(c)}>{_e(c.header)}</th>" for c in COLUMNS)
    body = []
    for index, group in enumerate(card.groups, start=1):
        cells = []
        for column in COLUMNS:
            text = _e(column.cell(group))
            if column.header == "group":
                text = f'<a href="#group-{index}">{text}</a>'
            cells.append(f"<td{_num(column)}>{text}</td>")
        css = "" if group.graded else ' class="ungraded"'
        body.append(f"<tr{css}>{''.join(cells)}</tr>")
    total = "".join(f"<td{_num(c)}>{_e(c.cell(card.total))}</td>" for c in COLUMNS)
    return (
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}"
        f'<tr class="total">{total}</tr></tbody></table>'
    )


def _verdict(row: PredictionRow) -> str:
    if row.outcome is None:
        word = row.status.value
        return f'<span class="verdict {_e(word)}">{_e(word)}</span>'
    word = row.outcome.verdict.value
    text = word
    if row.outcome.credit is not None:
        text += f" ({percent(row.outcome.credit)})"
    return (
        f'<span class="verdict {_e(word)}">{_e(text)}</span><br>'
        f"<small>{_e(row.outcome.resolved_on.isoformat())}</small>"
    )


def _made(prediction: Prediction) -> str:
    made = prediction.made_on
    if made.day is not None:
        return made.day.isoformat()
    return f"between {made.earliest.isoformat()} and {made.latest.isoformat()}"


def _prediction_row(row: PredictionRow) -> str:
    prediction, outcome, source = row.prediction, row.outcome, row.source
    lang = f' lang="{_e(source.language)}"' if source else ""
    parts = [
        f"<td><code>{_e(prediction.id)}</code><br><small>made {_e(_made(prediction))}</small></td>",
        "<td>",
        f'<div class="claim">{_e(prediction.claim)}</div>',
    ]
    if prediction.condition is not None:
        parts.append(f"<div><em>if</em> {_e(prediction.condition)}</div>")
    parts.append(f"<blockquote{lang}>{_e(prediction.quote)}</blockquote>")
    source_text = _e(source.title if source else prediction.source)
    if source and source.url and source.url.startswith(("https://", "http://")):
        source_text = f'<a href="{_e(source.url)}" rel="noreferrer">{source_text}</a>'
    parts.append(
        f"<small>{source_text}; horizon: {_e(prediction.horizon.phrase or '-')}"
        f"{' to ' + _e(prediction.horizon.end.isoformat()) if prediction.horizon.end else ''}"
        "</small></td>"
    )
    probability = prediction.probability
    parts.append(
        f'<td class="num">{_e(percent(probability.value))}<br><small>'
        f"{_e(probability.basis.value)}</small></td>"
        if probability
        else '<td class="num">-</td>'
    )
    parts.append(f"<td>{_verdict(row)}</td>")
    if outcome is not None:
        items = "".join(f"<li>{_e(item)}</li>" for item in outcome.evidence)
        note = f"<p>{_e(outcome.note)}</p>" if outcome.note else ""
        parts.append(f'<td><ul class="evidence">{items}</ul>{note}</td>')
    elif row.status is Status.DUE:
        parts.append("<td><small>awaiting a verdict</small></td>")
    else:
        parts.append("<td></td>")
    return "<tr>" + "".join(parts) + "</tr>"


def _group_section(index: int, group: GroupScore) -> str:
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
        ("void+ambiguous", percent(group.void_ambiguous_share)),
        ("rank", str(group.rank) if group.rank is not None else "not graded"),
    ]
    if group.murphy is not None:
        stats.append(
            (
                "reliability / resolution / uncertainty",
                f"{float(group.murphy.reliability):.3f} / {float(group.murphy.resolution):.3f}"
                f" / {float(group.murphy.uncertainty):.3f}",
            )
        )
    items = "".join(f"<li><strong>{_e(k)}:</strong> {_e(v)}</li>" for k, v in stats)
    if group.forecasts:
        figure = (
            f"<figure>{reliability_svg(group.calibration, group.label)}"
            f"<figcaption>Reliability of {group.forecasts} scored forecast"
            f"{'s' if group.forecasts != 1 else ''} with a probability.</figcaption></figure>"
            + _calibration_table(group.calibration)
        )
    else:
        figure = '<p class="notes">No scored claim with a probability yet.</p>'
    rows = "".join(_prediction_row(row) for row in group.rows)
    return (
        f'<section id="group-{index}"><h2>{_e(group.label)}</h2>'
        f'<ul class="stats">{items}</ul>{figure}'
        "<h3>Predictions</h3><table><thead><tr><th>id</th><th>claim and quote</th>"
        '<th class="num">p</th><th>verdict</th><th>evidence</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )


def render(card: Scorecard) -> str:
    title = f"Scorecard as of {card.as_of.isoformat()}"
    notes = "".join(f"<li>{_e(note)}</li>" for note in footnotes(card))
    overall = (
        f"<section><h2>Reliability, all groups</h2><figure>"
        f"{reliability_svg(card.total.calibration, 'all groups')}</figure></section>"
        if card.total.forecasts
        else ""
    )
    sections = "".join(
        _group_section(index, group) for index, group in enumerate(card.groups, start=1)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{_e(title)}</h1>\n"
        f"<p>Grouped by {_e(', '.join(card.by))}.</p>\n"
        f'{_summary(card)}\n<ul class="notes">{notes}</ul>\n{overall}\n{sections}\n'
        "</body>\n</html>\n"
    )

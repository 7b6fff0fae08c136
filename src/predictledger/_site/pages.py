"""What each page shows: plain data for the templates, computed once per record.

Nothing here renders HTML (the templates do) except the two kinds of text that need markup
inside ledger text: evidence with its URLs made links (`linkify`), built from escaped pieces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._records import Basis, Outcome, Prediction, Verdict
from .._report._columns import decimal, percent, signed
from .._score.scorecard import GroupScore, PredictionRow
from .._score.status import Status
from .._score.tally import CalibrationBin
from . import links
from .templating import escape, markup

__all__ = [
    "FATES",
    "Fate",
    "calibration_rows",
    "claim_summary",
    "fate_of",
    "figures",
    "linkify",
    "ordered_claims",
]

Fate = Mapping[str, str]

FATES: dict[str, Fate] = {
    "true": {"css": "true", "label": "true", "help": "the claim came true"},
    "false": {"css": "false", "label": "false", "help": "the claim did not come true"},
    "partial": {"css": "partial", "label": "partly true", "help": "part of the claim came true"},
    "void": {
        "css": "void",
        "label": "void",
        "help": "its condition was not met or it was withdrawn: not scored",
    },
    "ambiguous": {
        "css": "ambiguous",
        "label": "ambiguous",
        "help": "the facts do not settle it: not scored",
    },
    "pending": {"css": "pending", "label": "pending", "help": "its horizon has not ended"},
    "due": {
        "css": "due",
        "label": "due",
        "help": "its horizon has ended; the verdict is still to be recorded",
    },
    "abstention": {
        "css": "abstention",
        "label": "not scored",
        "help": "an explicit refusal to forecast, kept for the record",
    },
}
"""Every fate a claim can have, in the order of the legend."""


def fate_of(status: Status, outcome: Outcome | None) -> Fate:
    if status is Status.RESOLVED and outcome is not None:
        fate = FATES[outcome.verdict.value]
        if outcome.verdict is Verdict.PARTIAL and outcome.credit is not None:
            return {**fate, "label": f"partly true ({percent(outcome.credit)})"}
        return fate
    return FATES[status.value]


_URL = re.compile(r"https?://[^\s<>\"'`]+")


def linkify(text: str) -> Any:
    """Evidence as markup: the text escaped, each http(s) URL in it a link."""
    parts: list[str] = []
    last = 0
    for found in _URL.finditer(text):
        url = found.group().rstrip(".,;:)]")
        end = found.start() + len(url)
        parts.append(escape(text[last : found.start()]))
        parts.append(f'<a href="{escape(url)}" rel="noreferrer">{escape(url)}</a>')
        last = end
    parts.append(escape(text[last:]))
    return markup("".join(parts))


def probability_text(prediction: Prediction) -> str:
    probability = prediction.probability
    if probability is None:
        return "None given"
    return percent(probability.value)


def probability_origin(prediction: Prediction) -> str:
    """Where the probability comes from, in words."""
    p = prediction.probability
    if p is None:
        return "The quote carries no probability: the claim is scored for its hit rate only."
    if p.basis is Basis.STATED:
        return "Stated by the author."
    if p.basis is Basis.HEDGE:
        scale = f" on the scale {p.scale}" if p.scale else ""
        term = f", read as \u201c{p.term}\u201d" if p.term else ""
        hedge = f"\u201c{p.hedge}\u201d" if p.hedge else "a hedge word"
        return f"Implied by the hedge {hedge}{term}{scale}."
    return "The ledger keeper's judgement."


def horizon_text(prediction: Prediction) -> str:
    h = prediction.horizon
    end = h.end.isoformat() if h.end else "open-ended"
    return f"{h.start.isoformat()} to {end}"


def claim_summary(row: PredictionRow) -> dict[str, Any]:
    """A claim as the lists of the site show it; `path` is relative to the site's root."""
    prediction = row.prediction
    author, source = row.author, row.source
    outcome = row.outcome
    return {
        "id": prediction.id,
        "path": links.claim(prediction.id),
        "claim": prediction.claim,
        "fate": fate_of(row.status, outcome),
        "status": row.status.value,
        "made_on": prediction.made_on.in_words(),
        "horizon_end": prediction.horizon.end.isoformat() if prediction.horizon.end else None,
        "resolved_on": outcome.resolved_on.isoformat() if outcome is not None else None,
        "probability": percent(prediction.probability.value) if prediction.probability else None,
        "author": author.name if author else prediction.author,
        "author_path": links.author(prediction.author) if author else None,
        "source": source.title if source else prediction.source,
        "source_path": links.source(prediction.source) if source else None,
    }


_GROUPS = (
    ("pending", "Pending", "The horizon has not ended yet."),
    ("due", "Due", "The horizon has ended; the verdict is still to be recorded."),
    ("resolved", "Resolved", "A verdict is recorded, newest first."),
    ("abstention", "Not scored", "Explicit refusals to forecast, kept for the record."),
)


def ordered_claims(summaries: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Claims grouped as pending, due, resolved and not scored, each group in reading order:
    the soonest horizon first, the longest overdue first, the newest verdict first."""
    groups: dict[str, list[Mapping[str, Any]]] = {name: [] for name, _, _ in _GROUPS}
    for summary in summaries:
        groups[summary["status"]].append(summary)
    ordered: list[Mapping[str, Any]] = []
    for name, members in groups.items():
        if name == "resolved":
            members.sort(key=lambda s: s["id"])
            members.sort(key=lambda s: s["resolved_on"] or "", reverse=True)  # stable
        else:
            members.sort(key=lambda s: (s["horizon_end"] or "9999-12-31", s["id"]))
        ordered.extend(members)
    return ordered


def paginate(claims: Sequence[Mapping[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    """The claims cut into pages of `size`, each page a list of sections (a heading and the
    claims of one group), a group that spans pages continuing under the same heading."""
    pages: list[list[dict[str, Any]]] = []
    for start in range(0, max(len(claims), 1), size):
        chunk = claims[start : start + size]
        sections: list[dict[str, Any]] = []
        for name, heading, note in _GROUPS:
            members = [c for c in chunk if c["status"] == name]
            if members:
                sections.append({"name": name, "heading": heading, "note": note, "claims": members})
        pages.append(sections)
    return pages


def figures(group: GroupScore) -> dict[str, Any]:
    """A group's figures as the tables and stat lists print them."""
    counts = group.counts
    interval = (
        f"{percent(group.hit_rate_low)}\u2013{percent(group.hit_rate_high)}"
        if group.hit_rate_low is not None and group.hit_rate_high is not None
        else "-"
    )
    return {
        "label": group.label,
        "rank": str(group.rank) if group.rank is not None else "-",
        "rank_value": group.rank if group.rank is not None else 10**9,
        "graded": group.graded,
        "made": counts.made,
        "abstentions": counts.abstentions,
        "pending": counts.pending,
        "due": counts.due,
        "resolved": counts.resolved,
        "hits": counts.hits,
        "misses": counts.misses,
        "partial": counts.partial,
        "void_ambiguous": counts.void + counts.ambiguous,
        "void_ambiguous_share": percent(group.void_ambiguous_share),
        "scored": group.scored,
        "forecasts": group.forecasts,
        "hit_rate": percent(group.hit_rate),
        "hit_rate_value": -1 if group.hit_rate is None else group.hit_rate,
        "interval": interval,
        "brier": decimal(group.brier),
        "brier_value": 9 if group.brier is None else group.brier,
        "skill": signed(group.brier_skill),
        "skill_value": -9 if group.brier_skill is None else group.brier_skill,
        "skill_base_rate": signed(group.brier_skill_base_rate),
        "log": decimal(group.log_score),
        "log_value": -99 if group.log_score is None else group.log_score,
        "base_rate": percent(group.base_rate),
    }


def calibration_rows(bins: Iterable[CalibrationBin]) -> list[dict[str, Any]]:
    def p(value: object) -> str:
        return percent(None if value is None else float(value))  # type: ignore[arg-type]

    return [
        {
            "bin": f"{p(b.lower)}\u2013{p(b.upper)}",
            "count": b.count,
            "mean": p(b.mean_forecast),
            "observed": p(b.observed),
            "interval": f"{percent(b.low)}\u2013{percent(b.high)}",
        }
        for b in bins
        if b.count
    ]

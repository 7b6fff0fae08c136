"""The `Candidate` record: one forward-looking claim the drafter proposes, for a keeper to review.

A candidate holds what can be read off the text honestly: the quote and its offsets, who says
it, the cues that fired, the hedge and the probability the hedge table gives it, the horizon
phrase and its window, the condition. What needs judgement, the English `claim` that a third
party can resolve and the `resolution` rule, is left as a placeholder that says so: a drafter
that wrote them would be inventing the keeper's work.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from .._text import is_placeholder

__all__ = [
    "CLAIM_PLACEHOLDER",
    "PLACEHOLDERS",
    "RESOLUTION_PLACEHOLDER",
    "Candidate",
    "is_placeholder",
]

CLAIM_PLACEHOLDER = "TO BE WRITTEN BY THE KEEPER: the claim as one English sentence"
RESOLUTION_PLACEHOLDER = "TO BE WRITTEN BY THE KEEPER: what would make the claim true or false"
PLACEHOLDERS = (CLAIM_PLACEHOLDER, RESOLUTION_PLACEHOLDER)


@frozen(kw_only=True)
class Candidate:
    """A proposed claim. `text[start:end] == quote` for the text it was drafted from."""

    quote: str
    """An exact span of the text: the sentence or clause that holds the claim and its hedge."""
    start: int
    """Offset of the quote's first character in the text (Python string index)."""
    end: int
    speaker: str | None
    """Who says it: an interview label, a name the text gives, or `None` for the author."""
    attribution: str
    """"author", "interviewee", or "third party" (someone the author quotes or reports)."""
    kind: str
    """"forecast", "commitment" (the speaker's own actions) or "abstention"."""
    cues: tuple[str, ...]
    """The cues that fired, strongest first, e.g. ("future", "year ahead")."""
    confidence: float
    """How sure the drafter is that this is a forward-looking claim, in [0, 1], to sort by."""
    hedge: str | None = None
    """The hedge word as it stands in the quote."""
    probability: float | None = None
    """The probability the author states (« 70 % de chances »), or else the hedge's implied
    probability from the bundled hedge table."""
    probability_basis: str | None = None
    """"stated" or "hedge" when `probability` is set: never a judgement of the drafter's."""
    scale: str | None = None
    term: str | None = None
    horizon: str | None = None
    """The horizon phrase as it stands in the quote."""
    horizon_start: dt.date | None = None
    horizon_end: dt.date | None = None
    """With `horizon_start`, the window `parse_horizon` gives from the publication date; both
    `None` when the date or the phrase is unknown, and only the end for an open-ended term."""
    condition: str | None = None
    """The « si … » / "if …" clause as it stands in the quote."""
    claim: str = CLAIM_PLACEHOLDER
    resolution: str = RESOLUTION_PLACEHOLDER

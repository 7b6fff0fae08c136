"""schema.org `ClaimReview` for a resolved claim, as JSON-LD, so fact-check readers can find it.

The mapping of verdicts to ratings, documented in docs/publishing.md, on a scale of 1 (false)
to 5 (true):

| verdict   | ratingValue | alternateName                              |
|-----------|-------------|--------------------------------------------|
| true      | 5           | True                                       |
| partial   | 3           | Partly true (credit as a percentage)       |
| false     | 1           | False                                      |
| void      | (none)      | Void: condition not met or claim withdrawn |
| ambiguous | (none)      | Unresolvable: the facts do not settle it   |

Void and ambiguous verdicts are reviews without a position on the scale: schema.org's `Rating`
needs no `ratingValue`, and `alternateName` says why there is none.
"""

from __future__ import annotations

from typing import Any

from .._records import Author, Outcome, Prediction, Source, Verdict

__all__ = ["BEST", "RATINGS", "WORST", "claim_review", "rating"]

BEST = 5
WORST = 1

RATINGS: dict[Verdict, tuple[int | None, str]] = {
    Verdict.TRUE: (5, "True"),
    Verdict.PARTIAL: (3, "Partly true"),
    Verdict.FALSE: (1, "False"),
    Verdict.VOID: (None, "Void: condition not met or claim withdrawn"),
    Verdict.AMBIGUOUS: (None, "Unresolvable: the facts do not settle it"),
}
"""Each verdict's `ratingValue` (None: no position on the scale) and `alternateName`."""


def rating(outcome: Outcome) -> dict[str, Any]:
    """The schema.org `Rating` of an outcome."""
    value, name = RATINGS[outcome.verdict]
    if outcome.verdict is Verdict.PARTIAL and outcome.credit is not None:
        name = f"{name} ({100 * outcome.credit:.0f}% came true)"
    data: dict[str, Any] = {"@type": "Rating", "alternateName": name}
    if value is not None:
        data.update(ratingValue=value, bestRating=BEST, worstRating=WORST)
    if outcome.note:
        data["ratingExplanation"] = outcome.note
    return data


def claim_review(
    *,
    prediction: Prediction,
    outcome: Outcome,
    author: Author | None,
    source: Source | None,
    url: str,
    publisher: str,
) -> dict[str, Any]:
    """The `ClaimReview` of a resolved prediction, published at `url` by `publisher`."""
    claim: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": "Person", "name": author.name if author else prediction.author},
        "datePublished": prediction.made_on.iso(),
    }
    if source is not None:
        appearance: dict[str, Any] = {
            "@type": "CreativeWork",
            "headline": source.title,
            "datePublished": source.published.iso(),
            "inLanguage": source.language,
            "publisher": {"@type": "Organization", "name": source.publisher},
        }
        if source.url and source.url.startswith(("https://", "http://")):
            appearance["url"] = source.url
        claim["appearance"] = appearance
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": prediction.claim,
        "datePublished": outcome.resolved_on.isoformat(),
        "author": {"@type": "Organization", "name": publisher},
        "itemReviewed": claim,
        "reviewRating": rating(outcome),
    }

"""The horizon phrase of a quote: the longest stretch of its words that `parse_horizon`
understands, and whose window has not ended when the text was published."""

from __future__ import annotations

import datetime as dt
import re

import predictledger as pl

__all__ = ["find_horizon"]

_WORD = re.compile(r"\S+")
_ANCHOR = re.compile(
    r"\d|terme|term\b|prochain|next|année|annee|\ban\b|ans\b|mois|month|year|semaine|week|"
    r"trimestre|quarter|semestre|half|d['\u2019]ici|\bby\b|avant|before|bientôt|bientot|soon|"
    r"eventually|tard|later|venir|coming|ahead|janvier|février|mars|avril|\bmai\b|juin|juillet|"
    r"août|septembre|octobre|novembre|décembre|january|february|march|april|\bmay\b|june|july|"
    r"august|september|october|november|december|fin\b|début|\bmi-|\bmid|end of|early|late|"
    r"décennie|decade|run\b",
    re.IGNORECASE,
)
_BARE_DELAY = re.compile(
    r"(?:\d{1,3}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|twelve|a few|quelques)\b",
    re.IGNORECASE,
)
_TRIM = ",.;:!?»«\"“”'\u2019—\u2013"
_LONGEST = 8
_NO_DATE = dt.date(2000, 1, 1)


def find_horizon(
    quote: str, published: dt.date | None
) -> tuple[int, int, dt.date | None, dt.date | None] | None:
    """Offsets in `quote` of its horizon phrase and the window from `published` (`None`, `None`
    without a date), or `None` when the quote has no phrase the horizon parser understands."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(quote)]
    made_on = published or _NO_DATE
    best: tuple[int, int, dt.date | None, dt.date | None] | None = None
    for i in range(len(words)):
        for j in range(i, min(len(words), i + _LONGEST)):
            start, end = words[i][0], words[j][1]
            while start < end and quote[start] in _TRIM:
                start += 1
            while end > start and quote[end - 1] in _TRIM:
                end -= 1
            if end - start < 2:
                continue
            phrase = quote[start:end]
            if phrase.count("(") != phrase.count(")"):
                if phrase.endswith(")") and phrase.count(")") > phrase.count("("):
                    end -= 1
                    phrase = quote[start:end]
                else:
                    continue
            if not _ANCHOR.search(phrase):
                continue
            if _BARE_DELAY.match(phrase) and not quote[:start].rstrip().endswith("("):
                continue  # « un retard de six mois » is a length, not a horizon
            try:
                horizon = pl.parse_horizon(phrase, made_on)
                if "(" in phrase:  # the words before a gloss must be a horizon too
                    outer = phrase[: phrase.index("(")].strip()
                    if outer:
                        pl.parse_horizon(outer, made_on)
            except pl.HorizonError:
                continue
            if published is not None and horizon.end is not None and horizon.end <= published:
                continue  # a period already over when the text was published
            if best is None or end - start > best[1] - best[0]:
                if published is None:
                    best = (start, end, None, None)
                else:
                    best = (start, end, horizon.start, horizon.end)
    return best

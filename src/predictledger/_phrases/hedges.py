"""Hedge words: the probability that a phrase such as « probablement » implies.

Pundits rarely give numbers; they hedge. To score a hedged claim the ledger needs a number, and
that number must come from somewhere a reader can check, not from the keeper's mood. So the
mapping from phrases to probabilities is data (`data/hedges.toml`), each entry tied to a term of
a published scale with that term's published point and band (read by `hedge_file`), and this
module only matches phrases against it:

- `implied_probability` reads one phrase exactly (after forgiving case, Unicode form, apostrophe
  and dash variants and white space);
- `find_hedge` scans a quote for the longest known phrase, so that « probablement pas » is read
  as itself and not as « probablement »;
- `load_hedges` adds a user's own TOML file of the same structure, whose entries take precedence.

An unknown phrase gives `None`, never a made-up probability. See `docs/hedges.md`.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path

from attrs import evolve, field, frozen

from .._problems import sorted_problems
from .._records import Basis, Probability
from .._text import FOLD, fold_phrase
from ..errors import HedgeDataError
from .hedge_file import HedgeEntry, HedgeFile, ProbabilityScale, read_hedge_file

__all__ = [
    "HedgeReading",
    "HedgeTable",
    "ProbabilityScale",
    "find_hedge",
    "find_hedges",
    "implied_probability",
    "load_hedges",
    "scales",
]

_BUNDLED_NAME = "predictledger/data/hedges.toml"


@frozen(kw_only=True)
class HedgeReading:
    """What a hedge phrase implies: a term of a published scale, its point and its band."""

    phrase: str
    """The words as they stand in the text that was read (in NFC), for a prediction's `hedge`."""
    entry: str
    """The phrase of the data entry that matched, as written in the hedge file."""
    language: str
    scale: str
    """The id of the scale the phrase maps through."""
    term: str
    """The term of that scale the phrase was matched to, e.g. `"probably"`."""
    value: float
    """The implied probability: the scale's median or stated value, or its range's midpoint."""
    low: float
    """The low end of the band: the survey's interquartile range or the published range."""
    high: float
    note: str | None = None
    """Why this mapping: for a French phrase, which English phrase it stands in for."""

    def as_probability(self, *, note: str | None = None) -> Probability:
        """The ledger's `probability` table for a claim hedged with this phrase."""
        return Probability(
            value=self.value,
            basis=Basis.HEDGE,
            hedge=self.phrase,
            scale=self.scale,
            term=self.term,
            note=note,
        )


def _fold(text: str) -> tuple[str, tuple[int, ...]]:
    """`text` casefolded, with one space per run of white space, and where each character came from.

    Matching is done on the folded text; the positions map a match back to the original words,
    which is what a prediction's `hedge` field must hold. The folded text of an NFC `text` is
    `fold_phrase(text)`, the form in which entries are indexed.
    """
    out: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
            continue
        for folded in char.translate(FOLD).casefold():
            out.append(folded)
            where.append(i)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), tuple(where)


def _is_word(char: str) -> bool:
    return char.isalnum()


@frozen(kw_only=True)
class HedgeTable:
    """A set of scales and hedge entries, in precedence order: the first reading of a phrase wins.

    Build one with `load_hedges`; the module-level functions use the bundled table.
    """

    scales: tuple[ProbabilityScale, ...]
    hedges: tuple[HedgeReading, ...]
    """Every entry, highest precedence first. For an entry, `phrase == entry`."""
    _index: Mapping[str, tuple[HedgeReading, ...]] = field(init=False, repr=False, eq=False)
    _by_first: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, list[HedgeReading]] = {}
        for hedge in self.hedges:
            index.setdefault(fold_phrase(hedge.entry), []).append(hedge)
        by_first: dict[str, list[str]] = {}
        for key in index:
            by_first.setdefault(key[0], []).append(key)
        # Longest first, so that the first key that matches at a position is the longest one.
        object.__setattr__(self, "_index", {k: tuple(v) for k, v in index.items()})
        object.__setattr__(
            self,
            "_by_first",
            {c: tuple(sorted(keys, key=lambda k: (-len(k), k))) for c, keys in by_first.items()},
        )

    def _check_scale(self, scale: str | None) -> None:
        if scale is not None and scale not in {s.id for s in self.scales}:
            known = ", ".join(s.id for s in self.scales)
            raise ValueError(f"unknown scale {scale!r}; the known scales are {known}")

    def _pick(self, key: str, language: str | None, scale: str | None) -> tuple[HedgeReading, ...]:
        return tuple(
            h
            for h in self._index.get(key, ())
            if (language is None or h.language == language) and (scale is None or h.scale == scale)
        )

    def readings(
        self, text: str, *, language: str | None = None, scale: str | None = None
    ) -> tuple[HedgeReading, ...]:
        """Every reading of exactly this phrase, default first: one per scale and language."""
        self._check_scale(scale)
        phrase = unicodedata.normalize("NFC", text).strip()
        return tuple(
            evolve(h, phrase=phrase) for h in self._pick(fold_phrase(text), language, scale)
        )

    def implied_probability(
        self, text: str, *, language: str | None = None, scale: str | None = None
    ) -> HedgeReading | None:
        """The default reading of exactly this phrase, or `None` when it is not a known hedge."""
        found = self.readings(text, language=language, scale=scale)
        return found[0] if found else None

    def _matches(
        self, quote: str, language: str | None, scale: str | None
    ) -> Iterator[tuple[int, int, HedgeReading]]:
        """At each word start, the longest phrase found there: (start, end, reading) in `quote`."""
        text = unicodedata.normalize("NFC", quote)
        folded, where = _fold(text)
        for i, char in enumerate(folded):
            if i > 0 and _is_word(char) and _is_word(folded[i - 1]):
                continue  # inside a word
            for key in self._by_first.get(char, ()):
                end = i + len(key)
                if not folded.startswith(key, i):
                    continue
                if end < len(folded) and _is_word(key[-1]) and _is_word(folded[end]):
                    continue  # the phrase would end inside a word
                picked = self._pick(key, language, scale)
                if picked:
                    src_start, src_end = where[i], where[end - 1] + 1
                    yield src_start, src_end, evolve(picked[0], phrase=text[src_start:src_end])
                    break

    def find_hedges(
        self, quote: str, *, language: str | None = None, scale: str | None = None
    ) -> tuple[HedgeReading, ...]:
        """Every hedge in `quote`, left to right, each the longest phrase found where it starts."""
        self._check_scale(scale)
        found: list[HedgeReading] = []
        reached = 0
        for start, end, reading in self._matches(quote, language, scale):
            if start >= reached:
                found.append(reading)
                reached = end
        return tuple(found)

    def find_hedge(
        self, quote: str, *, language: str | None = None, scale: str | None = None
    ) -> HedgeReading | None:
        """The longest hedge phrase in `quote` (the first of equally long ones), or `None`.

        The longest phrase is the most specific: « il n'est pas exclu que » says more than the
        « exclu » inside it, and « probablement pas » the opposite of « probablement ».
        """
        self._check_scale(scale)
        best: tuple[int, int, HedgeReading] | None = None
        for start, _end, reading in self._matches(quote, language, scale):
            length = len(fold_phrase(reading.entry))
            if best is None or length > best[0]:
                best = (length, start, reading)
        return best[2] if best else None


# Building a table from hedge files


def _table_of(files: list[HedgeFile]) -> HedgeTable:
    """A table from files in increasing precedence: each file's entries win over earlier ones.

    Raises `HedgeDataError` listing every problem of every file.
    """
    problems = [problem for file in files for problem in file.problems]
    if problems:
        raise HedgeDataError("\n".join(str(problem) for problem in sorted_problems(problems)))
    scales: dict[str, ProbabilityScale] = {}
    for file in files:
        for scale in file.scales:
            scales[scale.id] = scale  # a redefined scale replaces the earlier one in place
    hedges: list[HedgeReading] = []
    seen: set[tuple[str, str, str]] = set()
    for file in reversed(files):
        for entry in file.hedges:
            key = (entry.language, fold_phrase(entry.phrase), entry.scale)
            if key not in seen:
                seen.add(key)
                hedges.append(_reading(entry))
    return HedgeTable(scales=tuple(scales.values()), hedges=tuple(hedges))


def _reading(entry: HedgeEntry) -> HedgeReading:
    return HedgeReading(
        phrase=entry.phrase,
        entry=entry.phrase,
        language=entry.language,
        scale=entry.scale,
        term=entry.term,
        value=entry.value,
        low=entry.low,
        high=entry.high,
        note=entry.note,
    )


def _bundled_bytes() -> bytes:
    return resources.files("predictledger").joinpath("data", "hedges.toml").read_bytes()


def load_hedges(*overrides: str | os.PathLike[str]) -> HedgeTable:
    """The bundled hedge table, with the entries of each override file taking precedence.

    An override file has the structure of the bundled one: `[[hedge]]` tables and, for new
    scales, `[[scale]]` tables. An override entry replaces the bundled entry with the same
    phrase, language and scale, and comes before every bundled reading of its phrase, so it
    becomes that phrase's default reading. Later files take precedence over earlier ones.
    """
    files = [read_hedge_file(_bundled_bytes(), _BUNDLED_NAME)]
    for path in overrides:
        known = {scale.id for file in files for scale in file.scales}
        files.append(read_hedge_file(Path(path).read_bytes(), os.fspath(path), known))
    return _table_of(files)


@functools.cache
def _bundled() -> HedgeTable:
    """The bundled table, read once: it is package data and does not change while running."""
    return load_hedges()


def _table(hedges: HedgeTable | None) -> HedgeTable:
    return hedges if hedges is not None else _bundled()


def scales(*, hedges: HedgeTable | None = None) -> tuple[ProbabilityScale, ...]:
    """The published scales that hedge readings cite, in precedence order."""
    return _table(hedges).scales


def implied_probability(
    text: str,
    *,
    language: str | None = None,
    scale: str | None = None,
    hedges: HedgeTable | None = None,
) -> HedgeReading | None:
    """The probability implied by exactly the hedge phrase `text`, or `None` if it is unknown.

    Case, Unicode form, apostrophe and dash variants and white space do not matter; anything
    else does.
    `language` ("fr", "en") and `scale` restrict the readings considered; without `scale` the
    phrase's default reading is returned (see `docs/hedges.md`).
    """
    return _table(hedges).implied_probability(text, language=language, scale=scale)


def find_hedge(
    quote: str,
    *,
    language: str | None = None,
    scale: str | None = None,
    hedges: HedgeTable | None = None,
) -> HedgeReading | None:
    """The longest known hedge phrase in `quote`, matched at word boundaries, or `None`.

    The reading's `phrase` holds the words as they stand in the quote. This finds candidates
    for a keeper to confirm: a word such as « peut » is a hedge in one sentence and not in the
    next.
    """
    return _table(hedges).find_hedge(quote, language=language, scale=scale)


def find_hedges(
    quote: str,
    *,
    language: str | None = None,
    scale: str | None = None,
    hedges: HedgeTable | None = None,
) -> tuple[HedgeReading, ...]:
    """Every known hedge phrase in `quote`, left to right, without overlaps, longest first."""
    return _table(hedges).find_hedges(quote, language=language, scale=scale)

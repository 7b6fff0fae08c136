"""Horizon phrases: « en 2024 », « d'ici fin 2025 », « 3-6 mois » turned into a window of dates.

A claim can only be scored once it is due, so every prediction carries a window: its first and
last day, or no last day for a claim that is never due. Authors give phrases, not dates, and the
same phrase must always give the same window, so the rules live here, in one place, and are
listed in `docs/horizons.md`. A phrase that is not understood raises `HorizonError`: a horizon
is never guessed.

Three kinds of phrase are understood, in French and English:

- periods of the calendar (« 2024 », « fin 2024 », « T3 2025 », « l'année prochaine »), whose
  window is the period itself;
- deadlines (« d'ici 2026 », « avant 2026 »), whose window runs from the day the claim was made;
- delays and terms (« 3-6 mois », « dans les 12 prochains mois », « à moyen terme »), whose
  window is counted from the day the claim was made.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Final

from dateutil.relativedelta import relativedelta

from .._records import Dating, Horizon
from .._text import FOLD
from ..errors import HorizonError, PredictLedgerError

__all__ = [
    "LONG_TERM_START",
    "MEDIUM_TERM_END",
    "SHORT_TERM_END",
    "parse_horizon",
]

SHORT_TERM_END: Final = relativedelta(months=6)
"""« à court terme » runs from the claim's date to this much later."""
MEDIUM_TERM_END: Final = relativedelta(years=3)
"""« à moyen terme » runs from the end of the short term to this much after the claim."""
LONG_TERM_START: Final = MEDIUM_TERM_END
"""« à long terme » starts where the medium term ends and has no end: it is never due."""

_FORMS = (
    "a year ('2024', 'en 2024', 'in 2024'); a range of years ('2024-2025', '2024\u20132025', "
    "'entre 2024 et 2025'); part of a year ('début 2025', 'early 2025', 'mi-2025', 'mid-2025', "
    "'fin 2024', 'end of 2024', 'T3 2025', 'Q3 2025', 'S1 2025', 'H1 2025', "
    "'premier semestre 2025', 'mars 2025'); a year counted from the claim ('cette année', "
    "'this year', 'l'année prochaine', 'next year', 'fin d'année'); a deadline ('d'ici 2026', "
    "'by 2026', 'd'ici fin 2025', 'by the end of 2025', 'avant 2026', 'before 2026'); a delay "
    "('3-6 mois', '3 à 6 mois', 'dans 5 à 10 ans', 'within 3-6 months', 'dans 6 mois', "
    "'dans les 12 prochains mois', 'in the next 12 months'); a term ('à court terme', "
    "'short term', 'à moyen terme', 'medium term', 'à long terme', 'long term', 'à terme', "
    "'eventually'); or any of these followed by a delay in brackets ('à court terme (3-6 mois)')"
)


def parse_horizon(phrase: str, made_on: dt.date | Dating) -> Horizon:
    """The window in which a claim made on `made_on` with this horizon phrase is due.

    No window starts before the claim was made. For a claim known only to a range of days
    (a `Dating` with its reason), the window is right for every day of the range: it starts
    with the window of the earliest day and ends with that of the latest, so it holds the
    window of every day the claim could have been made on, and the claim is due only once
    all of them have ended.

    Case, accents, apostrophes, dashes and white space do not matter. The phrase is kept as
    given in the returned `Horizon`. Raises `HorizonError` for a phrase that is not understood
    and for a window that would end before the claim was made (« d'ici 2024 » said in 2025),
    on any day of its range.
    """
    days = (made_on,) if isinstance(made_on, dt.date) else (made_on.earliest, made_on.latest)
    windows = [_window_on(phrase, day) for day in dict.fromkeys(days)]
    start = windows[0][0]
    ends = [end for _, end in windows]
    end = None if None in ends else max(end for end in ends if end is not None)
    return Horizon(phrase=phrase, start=start, end=end)


def _window_on(phrase: str, made_on: dt.date) -> tuple[dt.date, dt.date | None]:
    try:
        window = _window(_normalise(phrase), made_on)
    except _Unusable as error:
        raise HorizonError(phrase, str(error)) from None
    except (ValueError, OverflowError) as error:  # a date beyond the calendar's year 9999
        raise HorizonError(phrase, f"its window is outside the calendar ({error})") from None
    if window is None:
        raise HorizonError(phrase, f"understood forms are {_FORMS}")
    start, end = window
    if end is not None and start > end:
        raise HorizonError(
            phrase, f"its window ends on {end}, before the claim was made on {made_on}"
        )
    return start, end


class _Unusable(PredictLedgerError):
    """A phrase of a known form that gives no window, with the reason, such as « 2025-2024 »."""


# Normalisation


_AROUND_DASH = re.compile(r"\s*-\s*")


def _normalise(phrase: str) -> str:
    """Lower case, no accents, one kind of apostrophe and dash, single spaces, no final stop.

    NFKD also turns typographic forms into plain ones: « 1ᵉʳ » becomes « 1er » and a
    non-breaking space an ordinary one.
    """
    text = unicodedata.normalize("NFKD", phrase)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.translate(FOLD).casefold().split())
    text = _AROUND_DASH.sub("-", text)
    return text.strip(" .,;:!?")


# Periods of the calendar

_Period = tuple[dt.date, dt.date, bool]
"""A period's first and last day, and whether it was named relative to the claim's date."""


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1) + relativedelta(months=1, days=-1)


def _months(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, first, 1), _last_day(year, last)


# Which months of a year each part stands for. « fin 2024 » is the last quarter and « début
# 2025 » the first: a season of three months is what writers mean by the end or the start of a
# year, and a quarter is a unit their readers already use. « mi-2025 » is the middle third of
# the year, the two months either side of 1 July.
_EARLY = (1, 3)
_MID = (5, 8)
_END = (10, 12)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("janvier", "january", "jan"),
            ("fevrier", "february", "feb"),
            ("mars", "march", "mar"),
            ("avril", "april", "apr"),
            ("mai", "may"),
            ("juin", "june", "jun"),
            ("juillet", "july", "jul"),
            ("aout", "august", "aug"),
            ("septembre", "september", "sept", "sep"),
            ("octobre", "october", "oct"),
            ("novembre", "november", "nov"),
            ("decembre", "december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_QUARTER_ORDINALS = {
    **dict.fromkeys(("premier", "1er", "1re", "first", "1st"), 1),
    **dict.fromkeys(("deuxieme", "2e", "2eme", "second", "2nd"), 2),
    **dict.fromkeys(("troisieme", "3e", "3eme", "third", "3rd"), 3),
    **dict.fromkeys(("quatrieme", "4e", "4eme", "fourth", "4th", "dernier", "last"), 4),
}
_HALF_ORDINALS = {
    **dict.fromkeys(("premier", "1er", "first", "1st"), 1),
    **dict.fromkeys(("second", "seconde", "deuxieme", "2e", "2eme", "2nd", "dernier", "last"), 2),
}


def _alternatives(words: Iterable[str]) -> str:
    """A regular-expression alternation of `words`, longest first so that none hides another."""
    return "|".join(sorted((re.escape(w) for w in words), key=lambda w: (-len(w), w)))


# What joins a part of a year to the year: « fin 2024 », « fin de 2024 », « fin d'année »,
# « end of the year », « end-2024 », « mi-2025 ».
_JOIN = r"(?: (?:(?:de|du|of) (?:the )?|d')?|-)"
_ARTICLE = r"(?:(?:la|le|the) )?"
_PARTS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[int, int]]], ...] = (
    (re.compile(rf"{_ARTICLE}(?:debut|beginning|start|early){_JOIN}"), lambda m: _EARLY),
    (re.compile(rf"{_ARTICLE}(?:milieu|middle|mi|mid){_JOIN}"), lambda m: _MID),
    (re.compile(rf"{_ARTICLE}(?:fin|end|late){_JOIN}"), lambda m: _END),
    (
        re.compile(rf"{_ARTICLE}(?:t|q)(?P<n>[1-4]){_JOIN}"),
        lambda m: (3 * int(m["n"]) - 2, 3 * int(m["n"])),
    ),
    (
        re.compile(
            rf"{_ARTICLE}(?P<o>{_alternatives(_QUARTER_ORDINALS)}) (?:trimestre|quarter){_JOIN}"
        ),
        lambda m: (3 * _QUARTER_ORDINALS[m["o"]] - 2, 3 * _QUARTER_ORDINALS[m["o"]]),
    ),
    (
        re.compile(rf"{_ARTICLE}(?:s|h)(?P<n>[12]){_JOIN}"),
        lambda m: (6 * int(m["n"]) - 5, 6 * int(m["n"])),
    ),
    (
        re.compile(rf"{_ARTICLE}(?P<o>{_alternatives(_HALF_ORDINALS)}) (?:semestre|half){_JOIN}"),
        lambda m: (6 * _HALF_ORDINALS[m["o"]] - 5, 6 * _HALF_ORDINALS[m["o"]]),
    ),
    (
        re.compile(
            rf"(?:(?:le )?mois (?:de |d')|(?:the )?month of )?"
            rf"(?P<m>{_alternatives(_MONTHS)}){_JOIN}"
        ),
        lambda m: (_MONTHS[m["m"]], _MONTHS[m["m"]]),
    ),
)
# « 2025 Q3 », « 2025-T3 », « 2025 H1 »
_YEAR_QUARTER = re.compile(r"(?P<y>\d{4})[- ]?(?:t|q)(?P<n>[1-4])")
_YEAR_HALF = re.compile(r"(?P<y>\d{4})[- ]?(?:s|h)(?P<n>[12])")

_YEAR = re.compile(r"(?:(?:l'annee|annee|l'an|the year|year) )?(?P<y>\d{4})")
_THIS_YEAR = {"cette annee", "this year", "l'annee en cours", "the current year", "current year"}
_NEXT_YEAR = {"l'annee prochaine", "annee prochaine", "l'an prochain", "next year"}
# Only after a part: « fin d'année », « end of the year ».
_THE_YEAR = {"l'annee", "annee", "l'an", "the year", "year"}
_YEAR_RANGE = re.compile(
    r"(?:(?:entre|between|de|du|from) )?(?P<a>\d{4})"
    r"(?:-|/| (?:a|au|et|to|and|through|until) )(?P<b>\d{4}|\d{2})"
)
_YEAR_END = {"year-end", "year end", "end-year"}


def _year(text: str, made_on: dt.date, *, after_part: bool) -> tuple[int, bool] | None:
    """The year `text` names, and whether it was named relative to the claim's date."""
    if m := _YEAR.fullmatch(text):
        return int(m["y"]), False
    if text in _THIS_YEAR or (after_part and text in _THE_YEAR):
        return made_on.year, True
    if text in _NEXT_YEAR:
        return made_on.year + 1, True
    return None


def _period(text: str, made_on: dt.date) -> _Period | None:
    """The period of the calendar that `text` names, or `None`."""
    if m := _YEAR_RANGE.fullmatch(text):
        first, last = int(m["a"]), int(m["b"])
        if last < 100:  # « 2024-25 »
            last += first - first % 100
        if last < first:
            raise _Unusable("a range of years must run forwards")
        return dt.date(first, 1, 1), dt.date(last, 12, 31), False
    if text in _YEAR_END:
        return (*_months(made_on.year, *_END), True)
    if found := _year(text, made_on, after_part=False):
        year, relative = found
        return dt.date(year, 1, 1), dt.date(year, 12, 31), relative
    for pattern in (_YEAR_QUARTER, _YEAR_HALF):
        if m := pattern.fullmatch(text):
            size = 3 if pattern is _YEAR_QUARTER else 6
            n = int(m["n"])
            return (*_months(int(m["y"]), size * n - size + 1, size * n), False)
    for pattern, months in _PARTS:
        m = pattern.match(text)
        if m is None:
            continue
        found = _year(text[m.end() :], made_on, after_part=True)
        if found is not None:
            year, relative = found
            return (*_months(year, *months(m)), relative)
    return None


_IN = re.compile(
    r"(?:au cours (?:de|du)|dans le courant (?:de|du)|courant|durant|pendant|during|"
    r"en|in|au|a|at|for|pour|sur|over) "
)


def _calendar(text: str, made_on: dt.date) -> tuple[dt.date, dt.date] | None:
    """A period of the calendar, with or without « en », « in », « au », etc. before it.

    No window starts before the claim was made: what happened before it was said cannot
    have been predicted. So « en 2024 » said on 2024-06-01 runs from that day to 2024-12-31.
    """
    period = _period(text, made_on)
    if period is None and (m := _IN.match(text)):
        period = _period(text[m.end() :], made_on)
    if period is None:
        return None
    start, end, _ = period
    return max(start, made_on), end


# Deadlines

_BY = re.compile(
    r"(?:d'ici a|d'ici|jusqu'en|jusqu'a|jusqu'au|au plus tard en|au plus tard|by|until|till|"
    r"through|no later than|not later than) "
)
_BEFORE = re.compile(r"(?:avant|before|prior to) ")
_END_PART = _PARTS[2][0]


def _deadline(text: str, made_on: dt.date) -> tuple[dt.date, dt.date] | None:
    """« d'ici 2026 »: from the claim to the end of the period; « avant 2026 »: to its eve."""
    if m := _BY.match(text):
        period = _calendar(text[m.end() :], made_on)
        return None if period is None else (made_on, period[1])
    if m := _BEFORE.match(text):
        rest = text[m.end() :]
        period = _calendar(rest, made_on)
        if period is None:
            return None
        if _END_PART.match(rest):  # « avant la fin de 2025 » is « d'ici fin 2025 »
            return made_on, period[1]
        return made_on, period[0] - dt.timedelta(days=1)
    return None


# Delays counted from the claim

_NUMBERS = {
    **dict.fromkeys(("un", "une", "a", "one"), 1),
    **dict.fromkeys(("deux", "two"), 2),
    **dict.fromkeys(("trois", "three"), 3),
    **dict.fromkeys(("quatre", "four"), 4),
    **dict.fromkeys(("cinq", "five"), 5),
    **dict.fromkeys(("six",), 6),
    **dict.fromkeys(("sept", "seven"), 7),
    **dict.fromkeys(("huit", "eight"), 8),
    **dict.fromkeys(("neuf", "nine"), 9),
    **dict.fromkeys(("dix", "ten"), 10),
    **dict.fromkeys(("onze", "eleven"), 11),
    **dict.fromkeys(("douze", "twelve"), 12),
    **dict.fromkeys(("quinze", "fifteen"), 15),
    **dict.fromkeys(("dix-huit", "eighteen"), 18),
    **dict.fromkeys(("vingt", "twenty"), 20),
    **dict.fromkeys(("trente", "thirty"), 30),
}
_UNITS: dict[str, Callable[[int], relativedelta]] = {
    **dict.fromkeys(("jour", "jours", "day", "days"), lambda n: relativedelta(days=n)),
    **dict.fromkeys(("semaine", "semaines", "week", "weeks"), lambda n: relativedelta(weeks=n)),
    **dict.fromkeys(("mois", "month", "months"), lambda n: relativedelta(months=n)),
    **dict.fromkeys(
        ("trimestre", "trimestres", "quarter", "quarters"), lambda n: relativedelta(months=3 * n)
    ),
    **dict.fromkeys(
        ("an", "ans", "annee", "annees", "year", "years"), lambda n: relativedelta(years=n)
    ),
    **dict.fromkeys(
        ("decennie", "decennies", "decade", "decades"), lambda n: relativedelta(years=10 * n)
    ),
}
_NUMBER = rf"(?:\d{{1,4}}|{_alternatives(_NUMBERS)})"
_DURATION = re.compile(
    r"(?:(?:dans les|dans|d'ici a|d'ici|sous|en|au cours des|sur les|pendant les|durant les|les"
    r"|in the next|in the coming|within the next|within|in|over the next|over the coming|over"
    r"|during the next|the next|next|entre|between) )?"
    rf"(?P<a>{_NUMBER})(?:(?:-| a | to | ou | or | et | and )(?P<b>{_NUMBER}))?"
    r" (?:prochain(?:e)?s )?"
    rf"(?P<unit>{_alternatives(_UNITS)})"
    r"(?: (?:a venir|qui viennent|prochain(?:e)?s|suivant(?:e)?s|from now|to come|ahead))?"
)


# « un jour, le bitcoin... » is « some day », not « within one day ».
_AMBIGUOUS_DELAYS = {"un jour", "one day"}


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word]


def _delay(text: str, made_on: dt.date) -> tuple[dt.date, dt.date] | None:
    """« 3-6 mois »: from 3 to 6 months after the claim; « dans 6 mois »: up to 6 months after.

    A range gives both ends of the window. A single delay gives its end; the window starts on
    the day of the claim, because « within », « dans » and « d'ici » all allow it to come true
    sooner.
    """
    if text in _AMBIGUOUS_DELAYS:
        raise _Unusable(
            "it may mean 'some day' or 'in one day': say « dans un jour » or « à terme »"
        )
    m = _DURATION.fullmatch(text)
    if m is None:
        return None
    unit = _UNITS[m["unit"]]
    first = _number(m["a"])
    if m["b"] is None:
        if first == 0:
            raise _Unusable("a delay of zero is not a horizon")
        return made_on, made_on + unit(first)
    last = _number(m["b"])
    if first > last:
        raise _Unusable("a range of delays must run from the shorter to the longer")
    return made_on + unit(first), made_on + unit(last)


# Terms: vague lengths with documented defaults

_SHORT = {
    "a court terme", "court terme", "sur le court terme", "dans le court terme",
    "short term", "short-term", "in the short term", "in the short-term", "over the short term",
    "near term", "near-term", "in the near term", "a breve echeance",
    "bientot", "prochainement", "soon", "shortly",
    "dans les prochains mois", "dans les mois a venir", "dans les mois qui viennent",
    "au cours des prochains mois", "in the coming months", "in the next few months",
    "over the coming months", "over the next few months", "in the months ahead",
}  # fmt: skip
_MEDIUM = {
    "a moyen terme", "moyen terme", "sur le moyen terme", "dans le moyen terme",
    "medium term", "medium-term", "in the medium term", "in the medium-term",
    "over the medium term",
    "dans les annees a venir", "dans les prochaines annees", "dans les annees qui viennent",
    "au cours des prochaines annees", "in the coming years", "in the next few years",
    "over the coming years", "over the next few years", "in the years ahead",
}  # fmt: skip
_LONG = {
    "a long terme", "long terme", "sur le long terme", "dans le long terme", "a plus long terme",
    "long term", "long-term", "in the long term", "in the long-term", "over the long term",
    "in the long run", "over the long run",
}  # fmt: skip
_SOMEDAY = {
    "a terme", "tot ou tard", "un jour ou l'autre", "eventually", "sooner or later", "someday",
    "some day",
}  # fmt: skip


def _term(text: str, made_on: dt.date) -> tuple[dt.date, dt.date | None] | None:
    """Short, medium and long term follow one another: 0-6 months, 6 months-3 years, 3 years on.

    « à terme » (« eventually ») is open-ended from the claim: it says it will happen, not when.
    """
    if text in _SHORT:
        return made_on, made_on + SHORT_TERM_END
    if text in _MEDIUM:
        return made_on + SHORT_TERM_END, made_on + MEDIUM_TERM_END
    if text in _LONG:
        return made_on + LONG_TERM_START, None
    if text in _SOMEDAY:
        return made_on, None
    return None


_BRACKETED = re.compile(r"(?P<outer>.*?) ?\((?P<inner>[^()]+)\)")


def _window(text: str, made_on: dt.date) -> tuple[dt.date, dt.date | None] | None:
    """The window for a normalised phrase, or `None` when the phrase is not understood."""
    if m := _BRACKETED.fullmatch(text):
        # « à court terme (3-6 mois) »: the author's own gloss is more precise than the term
        # it explains; it must be understood, or the whole phrase is not.
        inner = m["inner"].strip()
        window = _window(inner, made_on)
        if window is None:
            raise _Unusable(f"the words in brackets, {inner!r}, are not a horizon: {_FORMS}")
        # A term glossed by a delay keeps the term's start: « à court terme (3-6 mois) » runs
        # from the day of the claim for three to six months, to the longer of the two.
        term = _term(m["outer"].strip(), made_on)
        if term is not None and window[1] is not None and term[0] < window[0]:
            return term[0], window[1]
        return window
    for rule in (_term, _delay, _deadline, _calendar):
        window = rule(text, made_on)
        if window is not None:
            return window
    return None

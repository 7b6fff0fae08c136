"""Horizon phrases: an exact window for every phrase form, and the properties all windows share."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from predictledger._phrases.horizons import (
    LONG_TERM_START,
    MEDIUM_TERM_END,
    SHORT_TERM_END,
    parse_horizon,
)
from predictledger._records import Horizon
from predictledger.errors import HorizonError

D = dt.date
MADE = D(2023, 12, 15)

# (phrase, start, end) for a claim made on MADE.
EXAMPLES: list[tuple[str, dt.date, dt.date | None]] = [
    # a year
    ("2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("en 2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("in 2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("pour 2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("au cours de l'année 2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("courant 2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("during 2024", D(2024, 1, 1), D(2024, 12, 31)),
    # a range of years
    ("2024-2025", D(2024, 1, 1), D(2025, 12, 31)),
    ("2024\u20132025", D(2024, 1, 1), D(2025, 12, 31)),
    ("2024 - 2025", D(2024, 1, 1), D(2025, 12, 31)),
    ("2024/2025", D(2024, 1, 1), D(2025, 12, 31)),
    ("2024-25", D(2024, 1, 1), D(2025, 12, 31)),
    ("en 2024-2025", D(2024, 1, 1), D(2025, 12, 31)),
    ("entre 2024 et 2025", D(2024, 1, 1), D(2025, 12, 31)),
    ("de 2024 à 2025", D(2024, 1, 1), D(2025, 12, 31)),
    ("between 2024 and 2025", D(2024, 1, 1), D(2025, 12, 31)),
    ("from 2024 to 2026", D(2024, 1, 1), D(2026, 12, 31)),
    # the end of a year: its last quarter
    ("fin 2024", D(2024, 10, 1), D(2024, 12, 31)),
    ("fin de 2024", D(2024, 10, 1), D(2024, 12, 31)),
    ("fin-2024", D(2024, 10, 1), D(2024, 12, 31)),
    ("à la fin de 2024", D(2024, 10, 1), D(2024, 12, 31)),
    ("fin de l'année 2024", D(2024, 10, 1), D(2024, 12, 31)),
    ("end of 2024", D(2024, 10, 1), D(2024, 12, 31)),
    ("at the end of 2024", D(2024, 10, 1), D(2024, 12, 31)),
    ("end-2024", D(2024, 10, 1), D(2024, 12, 31)),
    ("late 2024", D(2024, 10, 1), D(2024, 12, 31)),
    # the start of a year: its first quarter
    ("début 2025", D(2025, 1, 1), D(2025, 3, 31)),
    ("début de 2025", D(2025, 1, 1), D(2025, 3, 31)),
    ("au début de 2025", D(2025, 1, 1), D(2025, 3, 31)),
    ("early 2025", D(2025, 1, 1), D(2025, 3, 31)),
    ("beginning of 2025", D(2025, 1, 1), D(2025, 3, 31)),
    ("start of 2025", D(2025, 1, 1), D(2025, 3, 31)),
    # the middle of a year: May to August
    ("mi-2025", D(2025, 5, 1), D(2025, 8, 31)),
    ("mi 2025", D(2025, 5, 1), D(2025, 8, 31)),
    ("à la mi-2025", D(2025, 5, 1), D(2025, 8, 31)),
    ("milieu 2025", D(2025, 5, 1), D(2025, 8, 31)),
    ("mid-2025", D(2025, 5, 1), D(2025, 8, 31)),
    ("mid 2025", D(2025, 5, 1), D(2025, 8, 31)),
    ("the middle of 2025", D(2025, 5, 1), D(2025, 8, 31)),
    # quarters
    ("T1 2025", D(2025, 1, 1), D(2025, 3, 31)),
    ("T2 2025", D(2025, 4, 1), D(2025, 6, 30)),
    ("T3 2025", D(2025, 7, 1), D(2025, 9, 30)),
    ("T4 2025", D(2025, 10, 1), D(2025, 12, 31)),
    ("Q3 2025", D(2025, 7, 1), D(2025, 9, 30)),
    ("q3-2025", D(2025, 7, 1), D(2025, 9, 30)),
    ("au T3 2025", D(2025, 7, 1), D(2025, 9, 30)),
    ("in Q3 2025", D(2025, 7, 1), D(2025, 9, 30)),
    ("2025 Q3", D(2025, 7, 1), D(2025, 9, 30)),
    ("2025-T3", D(2025, 7, 1), D(2025, 9, 30)),
    ("troisième trimestre 2025", D(2025, 7, 1), D(2025, 9, 30)),
    ("au 3e trimestre 2025", D(2025, 7, 1), D(2025, 9, 30)),
    ("third quarter of 2025", D(2025, 7, 1), D(2025, 9, 30)),
    ("in the 3rd quarter of 2025", D(2025, 7, 1), D(2025, 9, 30)),
    ("premier trimestre 2025", D(2025, 1, 1), D(2025, 3, 31)),
    ("dernier trimestre 2025", D(2025, 10, 1), D(2025, 12, 31)),
    # halves
    ("S1 2025", D(2025, 1, 1), D(2025, 6, 30)),
    ("S2 2025", D(2025, 7, 1), D(2025, 12, 31)),
    ("H1 2025", D(2025, 1, 1), D(2025, 6, 30)),
    ("H2 2025", D(2025, 7, 1), D(2025, 12, 31)),
    ("2025 H2", D(2025, 7, 1), D(2025, 12, 31)),
    ("premier semestre 2025", D(2025, 1, 1), D(2025, 6, 30)),
    ("1er semestre 2025", D(2025, 1, 1), D(2025, 6, 30)),
    ("1\u1d49\u02b3 semestre 2025", D(2025, 1, 1), D(2025, 6, 30)),
    ("au second semestre 2025", D(2025, 7, 1), D(2025, 12, 31)),
    ("deuxième semestre de 2025", D(2025, 7, 1), D(2025, 12, 31)),
    ("first half of 2025", D(2025, 1, 1), D(2025, 6, 30)),
    ("in the second half of 2025", D(2025, 7, 1), D(2025, 12, 31)),
    # months
    ("mars 2025", D(2025, 3, 1), D(2025, 3, 31)),
    ("en mars 2025", D(2025, 3, 1), D(2025, 3, 31)),
    ("février 2024", D(2024, 2, 1), D(2024, 2, 29)),
    ("March 2025", D(2025, 3, 1), D(2025, 3, 31)),
    ("in September 2025", D(2025, 9, 1), D(2025, 9, 30)),
    # years counted from the claim: never starting before it
    ("l'année prochaine", D(2024, 1, 1), D(2024, 12, 31)),
    ("l\u2019an prochain", D(2024, 1, 1), D(2024, 12, 31)),
    ("next year", D(2024, 1, 1), D(2024, 12, 31)),
    ("cette année", MADE, D(2023, 12, 31)),
    ("this year", MADE, D(2023, 12, 31)),
    ("fin d'année", MADE, D(2023, 12, 31)),
    ("en fin d\u2019année", MADE, D(2023, 12, 31)),
    ("end of the year", MADE, D(2023, 12, 31)),
    ("year-end", MADE, D(2023, 12, 31)),
    ("fin de l'année prochaine", D(2024, 10, 1), D(2024, 12, 31)),
    ("début de l'année prochaine", D(2024, 1, 1), D(2024, 3, 31)),
    ("early next year", D(2024, 1, 1), D(2024, 3, 31)),
    ("mi-2024", D(2024, 5, 1), D(2024, 8, 31)),
    # deadlines: from the claim to the end of the period, or to the eve of it
    ("d'ici 2026", MADE, D(2026, 12, 31)),
    ("d\u2019ici à 2026", MADE, D(2026, 12, 31)),
    ("by 2026", MADE, D(2026, 12, 31)),
    ("d'ici fin 2025", MADE, D(2025, 12, 31)),
    ("d'ici la fin de 2025", MADE, D(2025, 12, 31)),
    ("by the end of 2025", MADE, D(2025, 12, 31)),
    ("by end-2025", MADE, D(2025, 12, 31)),
    ("d'ici mi-2025", MADE, D(2025, 8, 31)),
    ("by Q3 2025", MADE, D(2025, 9, 30)),
    ("d'ici mars 2025", MADE, D(2025, 3, 31)),
    ("d'ici la fin de l'année", MADE, D(2023, 12, 31)),
    ("by the end of the year", MADE, D(2023, 12, 31)),
    ("d'ici l'année prochaine", MADE, D(2024, 12, 31)),
    ("jusqu'en 2025", MADE, D(2025, 12, 31)),
    ("au plus tard en 2025", MADE, D(2025, 12, 31)),
    ("until 2025", MADE, D(2025, 12, 31)),
    ("avant 2026", MADE, D(2025, 12, 31)),
    ("before 2026", MADE, D(2025, 12, 31)),
    ("avant mi-2025", MADE, D(2025, 4, 30)),
    ("avant la fin de 2025", MADE, D(2025, 12, 31)),
    ("avant fin 2025", MADE, D(2025, 12, 31)),
    ("before the end of 2025", MADE, D(2025, 12, 31)),
    # delays: a range gives both ends, a single delay the end
    ("3-6 mois", D(2024, 3, 15), D(2024, 6, 15)),
    ("3\u20136 months", D(2024, 3, 15), D(2024, 6, 15)),
    ("3 à 6 mois", D(2024, 3, 15), D(2024, 6, 15)),
    ("dans 3 à 6 mois", D(2024, 3, 15), D(2024, 6, 15)),
    ("d'ici 3 à 6 mois", D(2024, 3, 15), D(2024, 6, 15)),
    ("within 3-6 months", D(2024, 3, 15), D(2024, 6, 15)),
    ("in 3 to 6 months", D(2024, 3, 15), D(2024, 6, 15)),
    ("entre 3 et 6 mois", D(2024, 3, 15), D(2024, 6, 15)),
    ("trois à six mois", D(2024, 3, 15), D(2024, 6, 15)),
    ("dans 5 à 10 ans", D(2028, 12, 15), D(2033, 12, 15)),
    ("in 5 to 10 years", D(2028, 12, 15), D(2033, 12, 15)),
    ("dans 2 ou 3 ans", D(2025, 12, 15), D(2026, 12, 15)),
    ("dans 6 mois", MADE, D(2024, 6, 15)),
    ("in 6 months", MADE, D(2024, 6, 15)),
    ("within 6 months", MADE, D(2024, 6, 15)),
    ("d'ici 6 mois", MADE, D(2024, 6, 15)),
    ("sous 6 mois", MADE, D(2024, 6, 15)),
    ("6 months from now", MADE, D(2024, 6, 15)),
    ("dans un an", MADE, D(2024, 12, 15)),
    ("within a year", MADE, D(2024, 12, 15)),
    ("d'ici deux ans", MADE, D(2025, 12, 15)),
    ("dans 18 mois", MADE, D(2025, 6, 15)),
    ("dans 3 semaines", MADE, D(2024, 1, 5)),
    ("within 10 days", MADE, D(2023, 12, 25)),
    ("dans 2 trimestres", MADE, D(2024, 6, 15)),
    ("dans une décennie", MADE, D(2033, 12, 15)),
    ("dans les 12 prochains mois", MADE, D(2024, 12, 15)),
    ("au cours des 12 prochains mois", MADE, D(2024, 12, 15)),
    ("dans les 12 mois à venir", MADE, D(2024, 12, 15)),
    ("les 12 prochains mois", MADE, D(2024, 12, 15)),
    ("in the next 12 months", MADE, D(2024, 12, 15)),
    ("over the next 12 months", MADE, D(2024, 12, 15)),
    ("the next 12 months", MADE, D(2024, 12, 15)),
    ("dans les 2 prochaines années", MADE, D(2025, 12, 15)),
    ("over the next 2-3 years", D(2025, 12, 15), D(2026, 12, 15)),
    # terms
    ("à court terme", MADE, D(2024, 6, 15)),
    ("court terme", MADE, D(2024, 6, 15)),
    ("short term", MADE, D(2024, 6, 15)),
    ("in the short-term", MADE, D(2024, 6, 15)),
    ("in the near term", MADE, D(2024, 6, 15)),
    ("bientôt", MADE, D(2024, 6, 15)),
    ("dans les prochains mois", MADE, D(2024, 6, 15)),
    ("in the coming months", MADE, D(2024, 6, 15)),
    ("à moyen terme", D(2024, 6, 15), D(2026, 12, 15)),
    ("medium term", D(2024, 6, 15), D(2026, 12, 15)),
    ("in the medium-term", D(2024, 6, 15), D(2026, 12, 15)),
    ("dans les années à venir", D(2024, 6, 15), D(2026, 12, 15)),
    ("in the coming years", D(2024, 6, 15), D(2026, 12, 15)),
    ("à long terme", D(2026, 12, 15), None),
    ("long terme", D(2026, 12, 15), None),
    ("long-term", D(2026, 12, 15), None),
    ("in the long run", D(2026, 12, 15), None),
    ("à terme", MADE, None),
    ("tôt ou tard", MADE, None),
    ("eventually", MADE, None),
    # a term glossed by the author: the gloss wins
    # A term glossed by a delay runs from the term's start, the day of the claim, to the
    # gloss's longer delay: « à court terme (3-6 mois) » is from the claim for 3 to 6 months.
    ("à court terme (3-6 mois)", MADE, D(2024, 6, 15)),
    ("à court terme (3-5 ans)", MADE, D(2028, 12, 15)),
    ("à moyen terme (d'ici 2026)", MADE, D(2026, 12, 31)),
]


@pytest.mark.parametrize(("phrase", "start", "end"), EXAMPLES)
def test_example(phrase: str, start: dt.date, end: dt.date | None) -> None:
    assert parse_horizon(phrase, MADE) == Horizon(phrase=phrase, start=start, end=end)


@pytest.mark.parametrize(
    "phrase",
    [
        "EN 2024",
        "  en   2024 ",
        "en\u00a02024",
        "En 2024.",
        "FIN 2024",
        "Fin 2024",
    ],
)
def test_case_space_and_final_stop_do_not_matter(phrase: str) -> None:
    horizon = parse_horizon(phrase, MADE)
    assert horizon.phrase == phrase  # kept exactly as given
    assert (horizon.start, horizon.end) in {
        (D(2024, 1, 1), D(2024, 12, 31)),
        (D(2024, 10, 1), D(2024, 12, 31)),
    }


@pytest.mark.parametrize(
    ("plain", "variant"),
    [
        ("à court terme", "a court terme"),
        ("à court terme", "A COURT TERME"),
        ("à court terme", "a\u0300 court terme"),  # decomposed accent
        ("l'année prochaine", "l\u2019année prochaine"),
        ("l'année prochaine", "L\u02bcANNÉE PROCHAINE"),
        ("d'ici 2026", "d\u2018ici 2026"),
        ("début 2025", "debut 2025"),
        ("3-6 mois", "3 \u2014 6 mois"),
        ("3-6 mois", "3\u22126 mois"),
    ],
)
def test_accents_apostrophes_and_dashes_do_not_matter(plain: str, variant: str) -> None:
    a, b = parse_horizon(plain, MADE), parse_horizon(variant, MADE)
    assert (a.start, a.end) == (b.start, b.end)
    assert b.phrase == variant


def test_default_lengths_are_the_documented_ones() -> None:
    assert relativedelta(months=6) == SHORT_TERM_END
    assert relativedelta(years=3) == MEDIUM_TERM_END
    assert LONG_TERM_START == MEDIUM_TERM_END


def test_terms_follow_one_another() -> None:
    short = parse_horizon("à court terme", MADE)
    medium = parse_horizon("à moyen terme", MADE)
    long = parse_horizon("à long terme", MADE)
    assert short.end == medium.start
    assert medium.end == long.start
    assert long.open_ended


def test_month_ends_are_clamped() -> None:
    assert parse_horizon("dans 1 mois", D(2024, 1, 31)).end == D(2024, 2, 29)
    assert parse_horizon("dans 1 an", D(2024, 2, 29)).end == D(2025, 2, 28)


@pytest.mark.parametrize(
    ("phrase", "reason"),
    [
        ("demain", "understood forms are"),
        ("", "understood forms are"),
        ("fin mars 2025", "understood forms are"),
        ("T5 2025", "understood forms are"),
        ("S3 2025", "understood forms are"),
        ("en 24", "understood forms are"),
        ("dans quelques mois", "understood forms are"),
        ("2025-2024", "must run forwards"),
        ("2099-00", "must run forwards"),
        ("6-3 mois", "from the shorter to the longer"),
        ("dans 0 mois", "a delay of zero"),
        ("un jour", "some day"),
        ("One day", "some day"),
        ("en 2024 (probablement)", "the words in brackets"),
        ("d'ici 2022", "before the claim was made"),
        ("avant 2023", "before the claim was made"),
        ("début d'année", "before the claim was made"),
        ("dans 9999 ans", "outside the calendar"),
    ],
)
def test_unusable_phrases_raise(phrase: str, reason: str) -> None:
    with pytest.raises(HorizonError, match=reason) as raised:
        parse_horizon(phrase, D(2023, 6, 1))
    assert raised.value.phrase == phrase
    assert isinstance(raised.value, ValueError)


def test_the_error_survives_pickling() -> None:
    error = HorizonError("demain", "not understood")
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.phrase, copy.reason) == (str(error), "demain", "not understood")


def test_the_error_lists_the_understood_forms() -> None:
    with pytest.raises(HorizonError) as raised:
        parse_horizon("quand les poules auront des dents", MADE)
    message = str(raised.value)
    for form in ("'en 2024'", "'fin 2024'", "'T3 2025'", "'d'ici 2026'", "'3-6 mois'"):
        assert form in message
    assert "'à long terme'" in message


# Properties

made_ons = st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31))
early_days = made_ons.filter(lambda d: d.day <= 28)
years = st.integers(min_value=1900, max_value=2200)

# Phrases whose window is fixed by the calendar, whatever the date of the claim.
ABSOLUTE = (
    "{y}",
    "en {y}",
    "in {y}",
    "{y}-{z}",
    "entre {y} et {z}",
    "fin {y}",
    "end of {y}",
    "début {y}",
    "early {y}",
    "mi-{y}",
    "mid-{y}",
    "T{q} {y}",
    "Q{q} {y}",
    "S{h} {y}",
    "H{h} {y}",
    "premier semestre {y}",
    "mars {y}",
)
# Phrases whose window is counted from the claim's date, in months or years.
RELATIVE = (
    "{a}-{b} mois",
    "{a} à {b} mois",
    "dans {a} à {b} ans",
    "within {a}-{b} months",
    "in {a} to {b} years",
    "dans {b} mois",
    "dans les {b} prochains mois",
    "in the next {b} months",
    "dans {b} trimestres",
    "à court terme",
    "à moyen terme",
    "à long terme",
    "short term",
    "medium term",
    "long term",
    "à terme",
)
# Deadlines and years counted from the claim.
DEADLINES = ("d'ici {y}", "by {y}", "d'ici fin {y}", "by the end of {y}", "avant {y}")
CURRENT = ("cette année", "this year", "l'année prochaine", "next year", "fin d'année")


def _fill(template: str, data: st.DataObject, *, year: int | None = None) -> str:
    draw = data.draw
    y = year if year is not None else draw(years)
    a = draw(st.integers(min_value=0, max_value=30))
    return template.format(
        y=y,
        z=y + draw(st.integers(min_value=0, max_value=5)),
        q=draw(st.integers(min_value=1, max_value=4)),
        h=draw(st.integers(min_value=1, max_value=2)),
        a=a,
        b=a + draw(st.integers(min_value=1, max_value=30)),
    )


@given(st.data(), made_ons)
def test_start_is_never_after_end(data: st.DataObject, made_on: dt.date) -> None:
    template = data.draw(st.sampled_from(ABSOLUTE + RELATIVE + DEADLINES + CURRENT))
    # A deadline is drawn no earlier than the year after the claim, so that it is still ahead.
    year = made_on.year + 1 + data.draw(st.integers(min_value=0, max_value=20))
    phrase = _fill(template, data, year=year)
    horizon = parse_horizon(phrase, made_on)
    assert horizon.end is None or horizon.start <= horizon.end
    assert horizon.phrase == phrase


@given(st.data(), early_days, st.integers(min_value=-1200, max_value=1200))
def test_relative_windows_move_with_the_claim(
    data: st.DataObject, made_on: dt.date, months: int
) -> None:
    """Moving the claim by whole months moves a window counted in months or years by as much.

    Only for claims made on or before the 28th: adding a month to 31 January gives 29 February,
    so from later days of a month the shift is not exact.
    """
    phrase = _fill(data.draw(st.sampled_from(RELATIVE)), data)
    moved = made_on + relativedelta(months=months)
    before, after = parse_horizon(phrase, made_on), parse_horizon(phrase, moved)
    assert after.start == before.start + relativedelta(months=months)
    if before.end is None:
        assert after.end is None
    else:
        assert after.end == before.end + relativedelta(months=months)


@given(made_ons, st.integers(min_value=-5000, max_value=5000), st.integers(1, 60))
def test_windows_in_days_and_weeks_move_by_any_number_of_days(
    made_on: dt.date, days: int, n: int
) -> None:
    moved = made_on + dt.timedelta(days=days)
    for phrase in (f"dans {n} jours", f"within {n} weeks", f"{n}-{n + 3} semaines"):
        before, after = parse_horizon(phrase, made_on), parse_horizon(phrase, moved)
        assert before.end is not None
        assert after.start - before.start == dt.timedelta(days=days)
        assert after.end == before.end + dt.timedelta(days=days)


@given(st.data(), made_ons, made_ons)
def test_absolute_years_start_no_earlier_than_the_claim(
    data: st.DataObject, one: dt.date, other: dt.date
) -> None:
    """A period named by its year is the same whoever says it, but no window starts before the
    claim was made, and a period that ended before the claim is no horizon."""
    phrase = _fill(data.draw(st.sampled_from(ABSOLUTE)), data)
    period = parse_horizon(phrase, dt.date.min)
    assert period.end is not None
    for day in (one, other):
        if period.end < day:
            with pytest.raises(HorizonError):
                parse_horizon(phrase, day)
        else:
            horizon = parse_horizon(phrase, day)
            assert (horizon.start, horizon.end) == (max(period.start, day), period.end)


@given(st.data(), made_ons)
def test_deadlines_start_on_the_claims_date(data: st.DataObject, made_on: dt.date) -> None:
    year = made_on.year + 1 + data.draw(st.integers(min_value=0, max_value=20))
    phrase = _fill(data.draw(st.sampled_from(DEADLINES)), data, year=year)
    horizon = parse_horizon(phrase, made_on)
    assert horizon.start == made_on
    assert horizon.end is not None
    assert horizon.end.month == 12
    assert horizon.end.day == 31


@given(st.data(), made_ons)
def test_case_and_spacing_never_change_a_window(data: st.DataObject, made_on: dt.date) -> None:
    template = data.draw(st.sampled_from(ABSOLUTE + RELATIVE))
    phrase = _fill(template, data)
    flips = data.draw(st.lists(st.booleans(), min_size=len(phrase), max_size=len(phrase)))
    shouted = "".join(c.upper() if f else c for c, f in zip(phrase, flips, strict=True))
    spaced = "  " + shouted.replace(" ", "   ") + " "
    try:
        a = parse_horizon(phrase, made_on)
    except HorizonError:  # a period that ended before the claim, however it is written
        with pytest.raises(HorizonError):
            parse_horizon(spaced, made_on)
        return
    b = parse_horizon(spaced, made_on)
    assert (a.start, a.end) == (b.start, b.end)


@given(st.text(max_size=30), made_ons)
def test_any_text_gives_a_window_or_a_horizon_error(text: str, made_on: dt.date) -> None:
    """Nothing but `HorizonError` escapes, whatever the phrase."""
    phrase: str | None
    try:
        horizon = parse_horizon(text, made_on)
    except HorizonError as error:
        phrase = error.phrase
    else:
        phrase = horizon.phrase
        assert horizon.end is None or horizon.start <= horizon.end
    assert phrase == text


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz '", max_size=20), made_ons)
def test_words_that_are_not_a_horizon_raise(text: str, made_on: dt.date) -> None:
    with pytest.raises(HorizonError):
        parse_horizon("zz" + text, made_on)

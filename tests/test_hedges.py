"""Hedge words: the bundled data, exact and longest-phrase matching, and user overrides.

The published numbers are checked three ways: every term of every scale must be present, a few
are compared by hand with the published tables, and every hedge that borrows a term's numbers
must carry exactly the numbers of that term's own entry in the data.

Run this file as a script to rewrite the generated tables of `docs/hedges.md` from the data.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import predictledger
from predictledger import hedges as public_hedges
from predictledger._phrases.hedges import _bundled_bytes, _fold
from predictledger._records import Basis, Probability
from predictledger._text import fold_phrase, nfc
from predictledger.errors import HedgeDataError
from predictledger.hedges import (
    HedgeReading,
    HedgeTable,
    find_hedge,
    find_hedges,
    implied_probability,
    load_hedges,
    scales,
)

DOC = Path(__file__).resolve().parents[1] / "docs" / "hedges.md"
TABLE = load_hedges()
HEDGES = TABLE.hedges
SCALE_IDS = [s.id for s in TABLE.scales]

# The English terms of each scale, as published (the alternatives of ICD 203 included).
PUBLISHED_TERMS = {
    "kent-1964": [
        "certain",
        "almost certain",
        "probable",
        "chances about even",
        "probably not",
        "almost certainly not",
        "impossible",
    ],
    "icd-203": [
        "almost no chance",
        "remote",
        "very unlikely",
        "highly improbable",
        "unlikely",
        "improbable",
        "roughly even chance",
        "roughly even odds",
        "likely",
        "probable",
        "probably",
        "very likely",
        "highly probable",
        "almost certain",
        "almost certainly",
        "nearly certain",
    ],
    "ipcc": [
        "virtually certain",
        "extremely likely",
        "very likely",
        "likely",
        "more likely than not",
        "about as likely as not",
        "unlikely",
        "very unlikely",
        "extremely unlikely",
        "exceptionally unlikely",
    ],
    "mauboussin-2018": [
        "always",
        "certainly",
        "slam dunk",
        "almost certainly",
        "almost always",
        "with high probability",
        "usually",
        "probably",
        "likely",
        "often",
        "frequently",
        "serious possibility",
        "real possibility",
        "more often than not",
        "with moderate probability",
        "maybe",
        "possibly",
        "might happen",
        "unlikely",
        "not often",
        "with low probability",
        "rarely",
        "never",
    ],
    "perceptions-2015": [
        "almost certainly",
        "highly likely",
        "very good chance",
        "probably",
        "likely",
        "probable",
        "we believe",
        "better than even",
        "about even",
        "probably not",
        "we doubt",
        "unlikely",
        "improbable",
        "little chance",
        "chances are slight",
        "highly unlikely",
        "almost no chance",
    ],
}
GIEC_TERMS = {
    "pratiquement certain": "virtually certain",
    "extrêmement probable": "extremely likely",
    "très probable": "very likely",
    "probable": "likely",
    "plus probable qu'improbable": "more likely than not",
    "à peu près aussi probable qu'improbable": "about as likely as not",
    "improbable": "unlikely",
    "très improbable": "very unlikely",
    "extrêmement improbable": "extremely unlikely",
    "exceptionnellement improbable": "exceptionally unlikely",
}


def _term_entry(scale: str, term: str) -> HedgeReading:
    """The English entry of a scale's term: the source of the numbers every mapping borrows."""
    (entry,) = [h for h in HEDGES if h.language == "en" and h.scale == scale and h.entry == term]
    return entry


# The data


def test_the_bundled_file_ships_in_the_package() -> None:
    document = tomllib.loads(_bundled_bytes().decode("utf-8"))
    assert set(document) == {"scale", "hedge"}


def test_the_five_scales_are_there() -> None:
    assert SCALE_IDS == ["mauboussin-2018", "perceptions-2015", "kent-1964", "icd-203", "ipcc"]
    assert scales() == TABLE.scales
    for scale in TABLE.scales:
        assert scale.name
        assert scale.citation
        assert 1900 < scale.year < 2100
        assert scale.note


@pytest.mark.parametrize("hedge", HEDGES, ids=lambda h: f"{h.language}:{h.entry}:{h.scale}")
def test_every_hedge_is_well_formed(hedge: HedgeReading) -> None:
    assert 0.0 <= hedge.low <= hedge.value <= hedge.high <= 1.0
    assert hedge.scale in SCALE_IDS
    assert hedge.language in {"fr", "en"}
    assert hedge.entry == unicodedata.normalize("NFC", hedge.entry).strip()
    assert hedge.phrase == hedge.entry


@pytest.mark.parametrize(("scale", "terms"), PUBLISHED_TERMS.items())
def test_every_published_english_term_is_present(scale: str, terms: list[str]) -> None:
    present = [
        h.entry for h in HEDGES if h.language == "en" and h.scale == scale and h.entry == h.term
    ]
    assert sorted(present) == sorted(terms)
    for term in terms:
        assert _term_entry(scale, term).term == term


@pytest.mark.parametrize("hedge", HEDGES, ids=lambda h: f"{h.language}:{h.entry}:{h.scale}")
def test_every_mapping_carries_its_terms_published_numbers(hedge: HedgeReading) -> None:
    """A French or informal phrase borrows a term's numbers; it may not alter them."""
    term = _term_entry(hedge.scale, hedge.term)
    assert (hedge.value, hedge.low, hedge.high) == (term.value, term.low, term.high)


@pytest.mark.parametrize(
    ("scale", "term", "value", "low", "high"),
    [
        # As published, checked by hand against the tables.
        ("kent-1964", "almost certain", 0.93, 0.87, 0.99),
        ("kent-1964", "probably not", 0.30, 0.20, 0.40),
        ("kent-1964", "certain", 1.0, 1.0, 1.0),
        ("mauboussin-2018", "probably", 0.70, 0.60, 0.75),
        ("mauboussin-2018", "possibly", 0.45, 0.27, 0.50),
        ("mauboussin-2018", "never", 0.0, 0.0, 0.01),
        ("perceptions-2015", "probably not", 0.265, 0.20, 0.39),
        ("perceptions-2015", "about even", 0.50, 0.50, 0.50),
        ("icd-203", "unlikely", 0.325, 0.20, 0.45),
        ("icd-203", "nearly certain", 0.97, 0.95, 0.99),
        ("ipcc", "likely", 0.83, 0.66, 1.0),
        ("ipcc", "more likely than not", 0.75, 0.50, 1.0),
        ("ipcc", "exceptionally unlikely", 0.005, 0.0, 0.01),
    ],
)
def test_spot_checks_against_the_published_tables(
    scale: str, term: str, value: float, low: float, high: float
) -> None:
    entry = _term_entry(scale, term)
    assert (entry.value, entry.low, entry.high) == pytest.approx((value, low, high))


def test_range_scales_take_the_midpoint() -> None:
    for hedge in HEDGES:
        if hedge.scale in {"icd-203", "ipcc"}:
            assert hedge.value == pytest.approx((hedge.low + hedge.high) / 2)


@pytest.mark.parametrize(("french", "english"), GIEC_TERMS.items())
def test_giec_terms_map_to_the_ipcc_scale(french: str, english: str) -> None:
    reading = implied_probability(french, language="fr", scale="ipcc")
    assert reading is not None
    assert reading.term == english


def test_french_mappings_say_where_their_number_comes_from() -> None:
    for hedge in HEDGES:
        if hedge.language != "fr":
            continue
        assert hedge.note
        if hedge.scale == "ipcc":
            assert "GIEC" in hedge.note
        else:
            assert f"'{hedge.term}' ({hedge.scale})" in hedge.note


@pytest.mark.parametrize(
    "phrase", ["pourrait", "pourraient", "peut", "peuvent", "devrait", "devraient"]
)
def test_modal_verbs_say_that_no_survey_has_them(phrase: str) -> None:
    reading = implied_probability(phrase, language="fr")
    assert reading is not None
    assert reading.note is not None
    assert "Modal verb" in reading.note
    assert "no survey" in reading.note


def test_a_wish_is_not_a_probability() -> None:
    assert implied_probability("j'espère", language="fr") is None
    assert find_hedge("J'espère que chacun poursuivra ses apprentissages.") is None


# Exact reading of one phrase


@pytest.mark.parametrize(
    ("phrase", "scale", "term", "value"),
    [
        ("probablement", "mauboussin-2018", "probably", 0.70),
        ("probablement pas", "kent-1964", "probably not", 0.30),
        ("sans doute", "mauboussin-2018", "probably", 0.70),
        ("sans aucun doute", "mauboussin-2018", "certainly", 0.97),
        ("certainement", "mauboussin-2018", "certainly", 0.97),
        ("sûrement", "mauboussin-2018", "almost certainly", 0.91),
        ("il est probable que", "mauboussin-2018", "likely", 0.70),
        ("très probable", "perceptions-2015", "highly likely", 0.90),
        ("presque certain", "kent-1964", "almost certain", 0.93),
        ("peut-être", "mauboussin-2018", "maybe", 0.50),
        ("possiblement", "mauboussin-2018", "possibly", 0.45),
        ("il est possible que", "mauboussin-2018", "possibly", 0.45),
        ("il n'est pas exclu que", "mauboussin-2018", "might happen", 0.40),
        ("peu probable", "mauboussin-2018", "unlikely", 0.20),
        ("improbable", "perceptions-2015", "improbable", 0.15),
        ("je suis convaincu", "mauboussin-2018", "with high probability", 0.80),
        ("je pense", "perceptions-2015", "we believe", 0.70),
        ("je crois", "perceptions-2015", "we believe", 0.70),
        ("pourrait", "mauboussin-2018", "might happen", 0.40),
        ("pourraient", "mauboussin-2018", "might happen", 0.40),
        ("peut", "mauboussin-2018", "possibly", 0.45),
        ("devrait", "mauboussin-2018", "likely", 0.70),
        ("devraient", "mauboussin-2018", "likely", 0.70),
        ("pratiquement certain", "ipcc", "virtually certain", 0.995),
    ],
)
def test_french_readings(phrase: str, scale: str, term: str, value: float) -> None:
    reading = implied_probability(phrase, language="fr")
    assert reading is not None
    assert (reading.scale, reading.term, reading.value) == (scale, term, value)
    assert reading.language == "fr"


def test_an_english_phrase_reads_through_the_first_scale_that_has_it() -> None:
    reading = implied_probability("likely", language="en")
    assert reading is not None
    assert (reading.scale, reading.value) == ("mauboussin-2018", 0.70)
    assert [r.scale for r in TABLE.readings("likely", language="en")] == [
        "mauboussin-2018",
        "perceptions-2015",
        "icd-203",
        "ipcc",
    ]


def test_a_scale_can_be_asked_for() -> None:
    reading = implied_probability("likely", scale="ipcc")
    assert reading is not None
    assert (reading.term, reading.low, reading.high) == ("likely", 0.66, 1.0)
    assert implied_probability("probablement", scale="ipcc") is None


def test_an_unknown_scale_is_an_error_not_a_silent_none() -> None:
    with pytest.raises(ValueError, match="unknown scale 'kent'"):
        implied_probability("probable", scale="kent")


def test_french_everyday_readings_come_before_the_giec_ones() -> None:
    reading = implied_probability("très probable", language="fr")
    assert reading is not None
    assert reading.scale == "perceptions-2015"
    assert [r.scale for r in TABLE.readings("très probable", language="fr")] == [
        "perceptions-2015",
        "ipcc",
    ]


@pytest.mark.parametrize(
    "variant",
    [
        "Il n'est pas exclu que",
        "IL N\u2019EST PAS EXCLU QUE",
        "il n\u2018est pas exclu que",
        "il n\u02bcest pas exclu que",
        "  il  n'est\tpas\u00a0exclu que ",
        unicodedata.normalize("NFD", "il n'est pas exclu que"),
    ],
)
def test_case_form_apostrophes_and_spaces_do_not_matter(variant: str) -> None:
    reading = implied_probability(variant)
    assert reading is not None
    assert reading.entry == "il n'est pas exclu que"
    assert reading.phrase == unicodedata.normalize("NFC", variant).strip()


@pytest.mark.parametrize("text", ["", "   ", "bitcoin", "probablemen", "probablement que oui"])
def test_an_unknown_phrase_gives_none(text: str) -> None:
    assert implied_probability(text) is None


def test_a_language_restricts_the_readings() -> None:
    assert implied_probability("probablement", language="en") is None
    assert implied_probability("probably", language="fr") is None
    assert implied_probability("probablement", language="de") is None


def test_a_reading_becomes_a_probability() -> None:
    reading = find_hedge("ce marché pourrait Probablement pas rebondir", language="fr")
    assert reading is not None
    assert reading.as_probability(note="hedge in the quote") == Probability(
        value=0.30,
        basis=Basis.HEDGE,
        hedge="Probablement pas",
        scale="kent-1964",
        term="probably not",
        note="hedge in the quote",
    )


# Finding hedges in a quote


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("le marché ne rebondira probablement pas en 2024", "probablement pas"),
        ("le marché rebondira probablement en 2024", "probablement"),
        ("Il n'est pas exclu que la SEC approuve l'ETF.", "Il n'est pas exclu que"),
        ("Ce scénario est exclu.", "exclu"),
        ("il n'est pas impossible que cela arrive", "il n'est pas impossible que"),
        ("une correction semble très probable", "très probable"),
        ("la hausse est peu probable", "peu probable"),
        ("cela ne changera certainement pas", "certainement pas"),
        ("Je suis convaincu que plusieurs opportunités vont apparaître", "Je suis convaincu"),
        ("cela devrait suffire", "devrait"),
        ("les prix ne devraient pas baisser", "ne devraient pas"),
        ("il y a fort à parier que le prix monte", "il y a fort à parier que"),
        ("Peut-être que les utilisateurs n'ont pas senti un besoin", "Peut-être"),
    ],
)
def test_the_longest_phrase_wins(quote: str, found: str) -> None:
    reading = find_hedge(quote, language="fr")
    assert reading is not None
    assert reading.phrase == found


def test_the_phrase_is_returned_as_it_stands_in_the_quote() -> None:
    quote = "Mais IL N\u2019EST   PAS exclu que le prix double."
    reading = find_hedge(quote)
    assert reading is not None
    assert reading.phrase == "IL N\u2019EST   PAS exclu que"
    assert reading.phrase in quote
    assert reading.entry == "il n'est pas exclu que"


def test_phrases_match_whole_words_only() -> None:
    assert find_hedge("incertain", language="en") is None  # not "certain"
    assert find_hedge("improbablement", language="fr") is None  # not "probablement"
    assert find_hedge("a likelihood of rain", language="en") is None  # not "likely"
    assert find_hedge("the peuts", language="fr") is None
    reading = find_hedge("qu'il pourrait", language="fr")  # an apostrophe ends a word
    assert reading is not None
    assert reading.phrase == "pourrait"


def test_equally_long_phrases_the_first_wins() -> None:
    reading = find_hedge("je crois et je pense", language="fr")
    assert reading is not None
    assert reading.phrase == "je crois"


def test_find_hedges_lists_every_hedge_left_to_right() -> None:
    quote = (
        "le marché américain pourrait baisser à court terme, une correction semble probable, "
        "mais je pense que la liquidité reviendra probablement."
    )
    found = find_hedges(quote, language="fr")
    assert [r.phrase for r in found] == ["pourrait", "probable", "je pense", "probablement"]
    best = find_hedge(quote, language="fr")
    assert best is not None
    assert best.phrase == "probablement"


def test_no_hedge_gives_none() -> None:
    assert find_hedge("Le bitcoin atteindra 100 000 dollars en 2024.") is None
    assert find_hedges("") == ()


@given(
    st.sampled_from([h for h in HEDGES if h.language == "fr"]),
    st.text(alphabet="xyz ,.", max_size=10),
    st.text(alphabet="xyz ,.", max_size=10),
)
def test_every_french_phrase_is_found_in_a_quote(
    hedge: HedgeReading, before: str, after: str
) -> None:
    quote = f"{before} {hedge.entry} {after}"
    reading = find_hedge(quote, language="fr")
    assert reading is not None
    # Never a shorter phrase inside it, such as « probablement » inside « probablement pas ».
    assert fold_phrase(reading.entry) == fold_phrase(hedge.entry)
    assert reading.phrase == hedge.entry


@given(st.sampled_from(HEDGES), st.data())
def test_every_phrase_reads_back_whatever_its_case(
    hedge: HedgeReading, data: st.DataObject
) -> None:
    flips = data.draw(st.lists(st.booleans(), min_size=len(hedge.entry), max_size=len(hedge.entry)))
    shouted = "".join(c.upper() if f else c for c, f in zip(hedge.entry, flips, strict=True))
    reading = implied_probability(shouted, language=hedge.language, scale=hedge.scale)
    assert reading is not None
    assert reading.entry == hedge.entry
    assert reading.value == hedge.value


@given(st.text(max_size=60))
def test_any_text_gives_a_hedge_or_none(text: str) -> None:
    reading = find_hedge(text)
    if reading is not None:
        assert reading.phrase in unicodedata.normalize("NFC", text)
        assert 0.0 <= reading.value <= 1.0


# Overrides


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my-hedges.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_override_takes_precedence(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
[[scale]]
id = "house-2025"
name = "Our house reading"
citation = "Our own calibration of the authors we follow."
year = 2025

[[hedge]]
phrase = "probablement"
language = "fr"
scale = "house-2025"
term = "probablement"
value = 0.65
low = 0.55
high = 0.75
note = "Our authors hedge more than the surveys' readers."

[[hedge]]
phrase = "pourrait"
language = "fr"
scale = "mauboussin-2018"
term = "possibly"
value = 0.45
low = 0.27
high = 0.5

[[hedge]]
phrase = "à mon avis"
language = "fr"
scale = "perceptions-2015"
term = "we believe"
value = 0.7
low = 0.6
high = 0.8
""",
    )
    table = load_hedges(path)
    assert isinstance(table, HedgeTable)
    reading = implied_probability("Probablement", hedges=table)
    assert reading is not None
    assert (reading.scale, reading.value) == ("house-2025", 0.65)
    # The bundled reading is still there, behind it.
    bundled = implied_probability("probablement", scale="mauboussin-2018", hedges=table)
    assert bundled is not None
    assert bundled.value == 0.70
    # Same phrase, language and scale: the override replaces the bundled entry.
    replaced = table.readings("pourrait", language="fr")
    assert [(r.scale, r.term) for r in replaced] == [("mauboussin-2018", "possibly")]
    # A new phrase.
    found = find_hedge("À mon avis, le prix doublera.", hedges=table)
    assert found is not None
    assert found.phrase == "À mon avis"
    assert [s.id for s in scales(hedges=table)][-1] == "house-2025"
    # The bundled table is untouched.
    default = implied_probability("probablement")
    assert default is not None
    assert default.value == 0.70


def test_later_overrides_win(tmp_path: Path) -> None:
    first = tmp_path / "first.toml"
    second = tmp_path / "second.toml"
    entry = """
[[hedge]]
phrase = "probablement"
language = "fr"
scale = "kent-1964"
term = "probable"
value = {value}
low = 0.5
high = 0.9
"""
    first.write_text(entry.format(value=0.6), encoding="utf-8")
    second.write_text(entry.format(value=0.8), encoding="utf-8")
    reading = load_hedges(first, second).implied_probability("probablement")
    assert reading is not None
    assert reading.value == 0.8


def test_a_bad_override_lists_every_problem(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
colour = "blue"

[[hedge]]
phrase = "probablement"
language = "fr"
scale = "kent-1964"
term = "probably"
value = 0.7
low = 0.6
high = 0.75
source = "me"

[[hedge]]
phrase = "sans doute"
language = "fr"
scale = "nowhere"
term = "probably"
value = 0.9
low = 0.6
high = 0.75

[[hedge]]
phrase = "peut-être"
language = "fr"
scale = "kent-1964"
term = "maybe"
value = "0.5"
low = 0.4
high = true

[[hedge]]
phrase = "peut-être"
language = "fr"
scale = "kent-1964"
term = "maybe"
value = 0.5
low = 0.4

[[hedge]]
phrase = "possible"
language = "fr"
scale = "kent-1964"
term = "maybe"
value = 0.5
low = 0.4
high = 0.6

[[hedge]]
phrase = "Possible"
language = "fr"
scale = "kent-1964"
term = "maybe"
value = 0.5
low = 0.4
high = 0.6
""",
    )
    with pytest.raises(HedgeDataError) as raised:
        load_hedges(path)
    lines = str(raised.value).splitlines()
    name = str(path)
    assert lines == [
        f"{name}:2: unknown top-level key 'colour'; only scale and hedge",
        f"{name}:12: hedge #1 ('probablement'): field 'source': unknown field 'source'",
        f"{name}:17: hedge #2 ('sans doute'): unknown scale 'nowhere'; add a [[scale]] table "
        "for it",
        f"{name}:19: hedge #2 ('sans doute'): need 0 <= low <= value <= high <= 1, "
        "got low=0.6, value=0.9, high=0.75",
        f"{name}:28: hedge #3 ('peut-être'): field 'value': expected a number, got the string "
        '"0.5"; write numbers without quotes',
        f"{name}:30: hedge #3 ('peut-être'): field 'high': expected a number, got a boolean (True)",
        f"{name}:32: hedge #4 ('peut-être'): field 'high': required field is missing",
        f"{name}:49: hedge #6 ('Possible'): a second entry for 'Possible' in 'fr' on 'kent-1964'",
    ]


def test_a_bad_scale_is_reported_with_its_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """[[scale]]
id = "House Scale"
name = ""
citation = "Ours."
year = 2025

[[scale]]
id = "house"
name = "House"
citation = "Ours."
year = "2025"
""",
    )
    with pytest.raises(HedgeDataError) as raised:
        load_hedges(path)
    assert str(raised.value).splitlines() == [
        f"{path}:2: scale #1: id 'House Scale' is not a slug",
        f"{path}:3: scale #1: name must be a non-empty string, not ''",
        f"{path}:11: scale #2: field 'year': expected an integer, got the string \"2025\"; "
        "write numbers without quotes",
    ]


def test_an_override_that_is_not_toml(tmp_path: Path) -> None:
    with pytest.raises(HedgeDataError, match="not a UTF-8 TOML file"):
        load_hedges(_write(tmp_path, "[[hedge]\n"))


# The generated tables of docs/hedges.md

BEGIN = "<!-- BEGIN GENERATED: rewritten from the data by running tests/test_hedges.py -->"
END = "<!-- END GENERATED -->"
_BOILERPLATE = re.compile(
    r"^No (?:published )?survey gives a number for [^;]*; mapped to the nearest surveyed "
    r"(?:English )?phrase, '[^']*' \([^)]*\)\.\s*"
)
_MODAL = re.compile(
    r"^Modal verb: no survey, French or English, gives a number for it; mapped to the nearest "
    r"surveyed English phrase, '[^']*' \([^)]*\)\.\s*"
)


def _why(note: str | None) -> str:
    """A note without the sentence that the scale and term columns already say."""
    if note is None:
        return ""
    if _MODAL.match(note):
        return ("Modal verb, in no survey. " + _MODAL.sub("", note)).strip()
    return _BOILERPLATE.sub("", note)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _numbers(hedge: HedgeReading) -> list[str]:
    return [f"{hedge.value:g}", f"{hedge.low:g}\u2013{hedge.high:g}"]


def render(table: HedgeTable) -> str:
    """The generated part of docs/hedges.md: the scales and the full mapping."""
    out = ["### Scales and citations", ""]
    out.append(_row(["id", "year", "citation", "how the numbers were obtained"]))
    out.append(_row(["---"] * 4))
    for scale in table.scales:
        out.append(_row([f"`{scale.id}`", str(scale.year), scale.citation, scale.note or ""]))
    out += ["", "### English terms of the scales, as published", ""]
    out.append(_row(["phrase", "scale", "value", "band"]))
    out.append(_row(["---"] * 4))
    terms = [h for h in table.hedges if h.language == "en" and h.entry == h.term]
    for hedge in terms:
        out.append(_row([hedge.entry, f"`{hedge.scale}`", *_numbers(hedge)]))
    for language, title in (("en", "Other English phrases"), ("fr", "French phrases")):
        out += ["", f"### {title}", ""]
        out.append(_row(["phrase", "scale", "term", "value", "band", "remarks"]))
        out.append(_row(["---"] * 6))
        for hedge in table.hedges:
            if hedge.language != language or (language == "en" and hedge in terms):
                continue
            out.append(
                _row(
                    [
                        hedge.entry,
                        f"`{hedge.scale}`",
                        hedge.term,
                        *_numbers(hedge),
                        _why(hedge.note),
                    ]
                )
            )
    return "\n".join(out)


def _generated(doc: str) -> str:
    return doc.split(BEGIN, 1)[1].split(END, 1)[0].strip()


def test_the_documented_tables_match_the_data() -> None:
    doc = DOC.read_text(encoding="utf-8")
    assert _generated(doc) == render(TABLE), "run `python tests/test_hedges.py` to regenerate"


if __name__ == "__main__":
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    DOC.write_text(f"{head}{BEGIN}\n\n{render(TABLE)}\n\n{END}{tail}", encoding="utf-8")


def test_the_public_submodule_holds_the_hedge_api() -> None:
    for name in public_hedges.__all__:
        shown = getattr(public_hedges, name)
        assert getattr(predictledger, name, shown) is shown, name
    assert set(public_hedges.__all__) == {
        name for name in vars(public_hedges) if not name.startswith("_") and name != "annotations"
    }


@given(st.text())
def test_the_folded_quote_is_the_folded_phrase(text: str) -> None:
    # Quotes are matched on `_fold`, entries indexed by `fold_phrase`: the two must agree.
    assert _fold(nfc(text))[0] == fold_phrase(text)

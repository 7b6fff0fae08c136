"""The drafting engine: cues, kinds, speakers, conditions, hedges, horizons and placeholders.

English needs no model; the French tests skip without the draft extra.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import predictledger as pl
from predictledger import hedges
from predictledger._draft import (
    CLAIM_PLACEHOLDER,
    RESOLUTION_PLACEHOLDER,
    UnsupportedLanguage,
    detect_language,
    is_placeholder,
    render,
)
from predictledger._draft.conditions import find_condition
from predictledger._draft.sentences import clauses, lines, sentences

PUBLISHED = dt.date(2026, 12, 1)


def quotes(text: str, language: str = "en", **kw: object) -> list[str]:
    return [c.quote for c in pl.draft(text, language=language, published=PUBLISHED, **kw)]  # type: ignore[arg-type]


def one(text: str, language: str = "en", **kw: object) -> pl.Candidate:
    found = pl.draft(text, language=language, published=PUBLISHED, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, [c.quote for c in found]
    return found[0]


# English cues, one family at a time


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Bitcoin will reach a new high.", "will"),
        ("The market is going to correct sharply.", "going to"),
        ("I expect the index to fall.", "expect"),
        ("A recession is likely this winter.", "likely"),
        ("I think the index falls below its low.", "stance"),
        ("We plan to open an office in Paris.", "intention"),
        ("The index tops its high in 2028.", "year ahead"),
        ("Rates stay high in the coming months.", "period ahead"),
    ],
)
def test_each_english_cue_fires(sentence: str, cue: str) -> None:
    assert cue in one(sentence).cues


def test_past_present_and_questions_are_not_proposed() -> None:
    text = (
        "The market fell last year. Prices are high today. Will the market rise in 2027? "
        "Last year I predicted a recession. You should buy index funds."
    )
    assert quotes(text) == []


def test_a_year_ahead_depends_on_the_publication_date() -> None:
    text = "The index tops its high in 2026, and the network is faster in 2026."
    assert pl.draft(text, language="en", published=dt.date(2027, 1, 1)) == []
    assert pl.draft(text, language="en", published=dt.date(2025, 1, 1))


# Kinds


def test_kinds() -> None:
    assert one("We will launch our own exchange next year.").kind == "commitment"
    assert one("Bitcoin will reach a new high next year.").kind == "forecast"
    assert one("I don't know whether the Fed will cut rates.").kind == "abstention"


# Hedges and probabilities, horizons, conditions


def test_the_hedge_and_its_probability_come_from_the_hedge_table() -> None:
    candidate = one("A recession is likely next year.")
    reading = hedges.find_hedge("A recession is likely next year.", language="en")
    assert reading is not None
    assert candidate.hedge == "likely"
    assert candidate.probability == reading.value
    assert candidate.probability_basis == "hedge"
    assert (candidate.scale, candidate.term) == (reading.scale, reading.term)


def test_no_hedge_no_probability() -> None:
    candidate = one("Bitcoin will reach a new high next year.")
    assert (candidate.hedge, candidate.probability, candidate.probability_basis) == (None,) * 3


def test_the_horizon_phrase_and_its_window() -> None:
    candidate = one("Bitcoin will reach a new high by the end of 2027.")
    assert candidate.horizon == "by the end of 2027"
    window = pl.parse_horizon("by the end of 2027", PUBLISHED)
    assert (candidate.horizon_start, candidate.horizon_end) == (window.start, window.end)


def test_without_a_publication_date_the_phrase_has_no_window() -> None:
    found = pl.draft("Bitcoin will reach a new high by the end of 2027.", language="en")
    assert found[0].horizon == "by the end of 2027"
    assert (found[0].horizon_start, found[0].horizon_end) == (None, None)


def test_a_length_is_not_a_horizon() -> None:
    assert one("The lag of six months will shrink soon.").horizon == "soon"


@pytest.mark.parametrize(
    ("quote", "condition"),
    [
        ("If rates fall, small caps will outperform.", "If rates fall"),
        ("Small caps will outperform if rates fall.", "if rates fall"),
        (
            "si un nouveau cycle haussier commence en 2024, la croissance sera forte",
            "si un nouveau cycle haussier commence en 2024",
        ),
        ("Même s'il dépend de grands modèles, sa valeur augmentera.", None),
        ("Even if rates fall, small caps will lag.", None),
        ("If I had to bet, small caps will lag.", None),
        ("On ne sait pas si le marché montera.", None),
    ],
)
def test_conditions(quote: str, condition: str | None) -> None:
    span = find_condition(quote)
    assert (quote[span[0] : span[1]] if span else None) == condition


def test_a_candidate_carries_its_condition() -> None:
    assert one("If rates fall, small caps will outperform.").condition == "If rates fall"


# Placeholders


def test_claim_and_resolution_are_placeholders_never_invented() -> None:
    candidate = one("Bitcoin will reach a new high next year.")
    assert candidate.claim == CLAIM_PLACEHOLDER
    assert candidate.resolution == RESOLUTION_PLACEHOLDER
    assert is_placeholder(candidate.claim)
    assert is_placeholder(candidate.resolution)
    assert not is_placeholder("Bitcoin trades above $100,000 on 2027-12-31.")


# Speakers


INLINE = """\
An interview with Ann Lee about the year ahead.
Bob : Will the market rise next year?
Ann Lee : I think it will rise, because rates will fall.
Bob : What will you do next?
Ann Lee : We will open an office in Paris next year.
"""

OWN_LINE = """\
Bob
What will the market do next year?
Ann Lee
It will rise, because rates will fall.
Bob
And what will you do?
Ann Lee
We will open an office in Paris next year.
"""


@pytest.mark.parametrize("text", [INLINE, OWN_LINE], ids=["inline", "own-line"])
def test_only_the_interviewees_words_are_proposed(text: str) -> None:
    found = pl.draft(text, language="en", published=PUBLISHED)
    assert [c.speaker for c in found] == ["Ann Lee", "Ann Lee"]
    assert {c.attribution for c in found} == {"interviewee"}
    assert not any("Bob" in c.quote or c.quote.endswith("?") for c in found)
    assert found[1].kind == "commitment"


def test_the_narration_of_an_interview_is_never_proposed() -> None:
    text = "Markets will crash next year, the journalist writes in the introduction.\n" + INLINE
    assert all(c.speaker == "Ann Lee" for c in pl.draft(text, language="en", published=PUBLISHED))


def test_the_caller_can_name_the_interviewer() -> None:
    text = "Bob : Rates will fall next year.\nAnn : Rates will rise next year.\n" * 2
    found = pl.draft(text, language="en", speakers={"Bob": "interviewer", "Ann": "interviewee"})
    assert {c.speaker for c in found} == {"Ann"}


def test_a_quoted_third_party_is_marked_as_such() -> None:
    candidate = one("According to Jane Smith, the market will crash in 2028.")
    assert (candidate.attribution, candidate.speaker) == ("third party", "Jane Smith")
    quoted = one('Jane Smith said: "the market will crash in 2028 and recover later".')
    assert quoted.attribution == "third party"
    assert quoted.quote == "the market will crash in 2028 and recover later"


def test_the_authors_own_sentences_are_the_authors() -> None:
    candidate = one("I expect the market to crash in 2028.")
    assert (candidate.attribution, candidate.speaker) == ("author", None)


# Offsets


def test_the_quote_is_the_text_between_its_offsets() -> None:
    text = "Intro.\n- Bitcoin will reach $200,000 by 2028.\nThe index will fall; rates will rise.\n"
    found = pl.draft(text, language="en", published=PUBLISHED)
    assert [c.quote for c in found] == [
        "Bitcoin will reach $200,000 by 2028.",
        "The index will fall;",
        "rates will rise.",
    ]
    for c in found:
        assert text[c.start : c.end] == c.quote


def test_a_colon_runs_on_to_the_next_line() -> None:
    text = "Several themes will matter in 2028 :\n1. Stablecoins 2. Exchanges.\nNothing else."
    assert one(text).quote == "Several themes will matter in 2028 :\n1. Stablecoins 2. Exchanges."


def test_abbreviations_and_list_numbers_do_not_end_a_sentence() -> None:
    text = "Mr. Smith and the U.S. economy will grow. It is 2. Not a sentence break."
    spans = [text[s.start : s.end] for line in lines(text) for s in sentences(text, line)]
    assert spans == ["Mr. Smith and the U.S. economy will grow.", "It is 2. Not a sentence break."]


_TEXT = st.text(
    alphabet=st.sampled_from(list("ab Cwill 2028.?!;:\n«»\"'-•*1()ifSi")) | st.characters(),
    max_size=300,
)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_every_quote_is_an_exact_span_of_any_text(text: str) -> None:
    for line in lines(text):
        for sentence in sentences(text, line):
            assert line.start <= sentence.start < sentence.end <= line.end
            for part in clauses(text, sentence):
                assert text[part.start : part.end].strip() == text[part.start : part.end]
    for candidate in pl.draft(text, language="en", published=PUBLISHED):
        assert text[candidate.start : candidate.end] == candidate.quote
        if candidate.horizon:
            assert candidate.horizon in candidate.quote
        if candidate.condition:
            assert candidate.condition in candidate.quote
        if candidate.hedge:
            assert candidate.hedge in candidate.quote


# Language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Le marché va corriger et les investisseurs ne sont pas prêts pour la suite.", "fr"),
        ("The market will correct and the investors are not ready for what is next.", "en"),
    ],
)
def test_the_language_is_told_by_its_small_words(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_another_language_is_refused_by_name() -> None:
    with pytest.raises(UnsupportedLanguage, match=r"looks German.*supports fr .French. and en"):
        detect_language("Der Markt wird sich erholen, und die Anleger sind nicht bereit für das.")
    with pytest.raises(UnsupportedLanguage, match="cannot tell"):
        detect_language("Bitcoin Ethereum Solana")
    with pytest.raises(UnsupportedLanguage, match="unknown language 'de'"):
        pl.draft("Der Markt wird steigen.", language="de")


# Rendering


def test_json_and_toml_rendering() -> None:
    import json
    import tomllib

    found = pl.draft(
        "A recession is likely by the end of 2027.", language="en", published=PUBLISHED
    )
    as_json = json.loads(render(found, "json"))
    as_toml = tomllib.loads(render(found, "toml"))["candidate"]
    assert as_json[0]["quote"] == as_toml[0]["quote"] == found[0].quote
    assert as_json[0]["horizon_end"] == "2027-12-31"
    assert as_json[0]["claim"] == as_toml[0]["claim"] == CLAIM_PLACEHOLDER
    assert "condition" not in as_toml[0]  # TOML has no null: absent values are left out
    assert render([], "json") == "[]\n"
    assert tomllib.loads(render([], "toml")) == {}


def test_a_layout_that_labels_only_the_questions() -> None:
    text = (
        "Q: Will the market rise next year?\n"
        "It will rise, because rates will fall.\n"
        "Q: And what will you do?\n"
        "We will open an office in Paris next year.\n"
    )
    found = pl.draft(text, language="en", published=PUBLISHED)
    assert [c.quote for c in found] == [
        "It will rise, because rates will fall.",
        "We will open an office in Paris next year.",
    ]
    assert {c.attribution for c in found} == {"interviewee"}


def test_a_hard_wrapped_sentence_is_one_sentence() -> None:
    text = (
        "# Outlook\n\nI expect the index to reach a new high\nby the end of 2027, as rates fall.\n"
    )
    assert one(text).quote == (
        "I expect the index to reach a new high\nby the end of 2027, as rates fall."
    )


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The IPO market will reopen next year (confidence: 70%).", 0.7),
        ("There is a 60% chance that rates will fall next year.", 0.6),
        ("Le marché rebondira en 2028, avec 80 % de chances.", 0.8),
    ],
)
def test_a_stated_probability_is_the_authors(sentence: str, value: float) -> None:
    language = "fr" if "marché" in sentence else "en"
    if language == "fr":
        pytest.importorskip(
            "spacy", reason="needs the draft extra: pip install 'predictledger[draft]'"
        )
    candidate = one(sentence, language)
    assert (candidate.probability, candidate.probability_basis) == (value, "stated")
    assert "stated probability" in candidate.cues


def test_announcing_predictions_is_not_a_prediction() -> None:
    assert quotes("Here are my predictions for 2028.") == []

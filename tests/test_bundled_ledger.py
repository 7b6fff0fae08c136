"""The bundled ledger: every forward-looking claim of the two French seed articles.

These tests hold the bundled ledger to the rules it was built by: quotes copied verbatim from
the seed texts, one author per source, hedge-based probabilities that name a published scale
and agree with the bundled hedge table, outcomes whose digests match their predictions, and
every prediction that is due either resolved or listed here with the reason it is not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import predictledger
from predictledger._digest import seals
from predictledger._phrases.horizons import parse_horizon
from predictledger._text import quote_key

ROOT = Path(__file__).resolve().parent.parent
PREDICTIONS = ROOT / "predictions"

RECORDED_ON = dt.date(2026, 12, 4)
"""The day the outcomes were recorded: "due" below is judged as of this day."""

ZIXI = "techflow-zixi-2024-outlook"
QIAO = "blockbeats-qiao-wang-alliance-dao-2025"

SEEDS = {
    ZIXI: (
        "seeds/000_78ff75fce3e49833.txt",
        "dacc91de4e963ae4a45a8c40cd5c3988e49ff441949ea7e7411994d36202c05a",
    ),
    QIAO: (
        "seeds/004_27dd327219e8b6ff.txt",
        "cbef6504a842d7ddd92daa16e681e4d1c251d477c9eeb84928f52b097db5c576",
    ),
}

AUTHOR_OF = {ZIXI: "zixi-eth", QIAO: "qiao-wang"}

# Counts of predictions by kind. Change these deliberately when a claim is added or removed.
EXPECTED_KINDS = {
    # Three stances (a position, advice, an observation) were first recorded as forecasts.
    ZIXI: {"forecast": 18, "commitment": 2, "abstention": 1, "stance": 3},
    # The global-liquidity record is half of the refusal it sits in: an abstention.
    QIAO: {"forecast": 17, "commitment": 4, "abstention": 3},
}
# Verdicts in force (superseded outcomes are history).
EXPECTED_VERDICTS = {"true": 10, "false": 2, "partial": 1, "ambiguous": 3, "void": 2}
# Every correction, and what it supersedes.
SUPERSEDED = {
    "zixi-2024-2025-developer-tools-m-and-a-r1",
    "zixi-2024-crypto-ai-token-launches-r1",
    "zixi-2024-stablecoins-promising-r1",
    "zixi-2024-exchanges-perpetuals-promising-r1",
    "zixi-2024-crypto-asset-management-promising-r1",
    "zixi-2024-web3-social-no-breakout-r1",
    "zixi-2024-bitcoin-ecosystem-retail-time-to-act-r1",
    "qiao-2025-us-tariffs-will-not-make-china-yield-r1",
    "qiao-2025-crypto-short-term-swings-follow-wall-street-r1",
    "qiao-2025-us-stock-fall-would-drag-crypto-r1",
    "qiao-2025-us-stocks-probably-correct-r1",
}
# What the claims of the interview are known to date from (see the source file's notes).
QIAO_MADE = (dt.date(2025, 2, 4), dt.date(2025, 4, 30))

SCALES = {"kent-1964", "mauboussin-2018", "ipcc", "icd-203", "perceptions-2015"}

# Predictions whose horizon has ended without an outcome, and why no verdict was recorded.
UNRESOLVED_DUE = {
    "zixi-2024-2025-developer-tools-market-confident": "no reliable figure for the size of the developer-tools market in 2024-2025 at hand",
    "zixi-2024-2025-developer-tools-boom-if-bull-market": "the condition held (2024-2025 bull market) but the segment's growth is not measured",
    "zixi-2024-2025-b2c-ai-apps-tokenise-if-bull-market": "no reliable count of web2 consumer AI apps that issued tokens",
    "zixi-2024-china-game-rules-good-for-web3-gaming": "no evidence either way of a flow of Asian studios into web3 gaming",
    "zixi-2024-dapps-hold-power-over-chains": "qualitative; facts point both ways",
    "zixi-2024-year-end-review": "whether the author published a review of 2024 is not established",
    "zixi-2024-update-analyses": "whether the author published an update in 2024 is not established",
    "qiao-2025-alliance-invests-more-aggressively": "Alliance DAO's investment pace in 2025 is not established",
    "qiao-2025-us-zero-sum-view-of-china-persists": "vague; 2025 showed both continued restrictions and a softer tone after the truces",
}

REQUIRED_SECTORS = {
    "developer-tools",
    "nfts",
    "ai-crypto",
    "regulation-stablecoins",
    "depin",
    "gaming",
    "social",
    "layer-2",
    "bitcoin-ecosystem",
    "crypto-market",
    "us-equities-macro",
    "venture-startups",
    "geopolitics",
}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def verbatim_key(text: str) -> str:
    """What 'verbatim' forgives: whitespace, the Unicode form and apostrophe variants, nothing else."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).translate(_APOSTROPHES)).strip()


def read(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def source_files() -> dict[str, dict[str, Any]]:
    files = {}
    for path in sorted((PREDICTIONS / "sources").glob("*.toml")):
        tables = read(path)
        files[tables["source"]["id"]] = tables
    return files


def raw_predictions() -> list[tuple[str, dict[str, Any]]]:
    return [
        (source_id, p)
        for source_id, tables in source_files().items()
        for p in tables.get("prediction", [])
    ]


def raw_outcomes() -> list[dict[str, Any]]:
    return [
        o
        for path in sorted((PREDICTIONS / "outcomes").glob("*.toml"))
        for o in read(path).get("outcome", [])
    ]


@pytest.fixture(scope="module")
def ledger() -> predictledger.Ledger:
    return predictledger.load(ROOT)


def test_seed_texts_are_unchanged() -> None:
    for path, digest in SEEDS.values():
        assert hashlib.sha256((ROOT / path).read_bytes()).hexdigest() == digest, path


def test_the_two_sources_are_described_as_published() -> None:
    files = source_files()
    assert set(files) == {ZIXI, QIAO}
    zixi, qiao = files[ZIXI]["source"], files[QIAO]["source"]
    assert zixi["published"] == "2023-12"  # the month only: never an invented day
    assert zixi["publisher"] == "TechFlow"
    assert zixi["people"] == [{"role": "author", "name": "Zixi.eth", "author": "zixi-eth"}]
    # BlockBeats published the interview between the tariffs of 2 April 2025 (its
    # introduction) and ChainCatcher's repost of 30 April 2025: a range, with its reason.
    published = qiao["published"]
    assert (published["earliest"], published["latest"]) == (dt.date(2025, 4, 3), QIAO_MADE[1])
    assert "chaincatcher.com" in published["reason"]
    assert (qiao["publisher"], qiao["republished_by"]) == ("BlockBeats", "TechFlow")
    roles = {person["role"]: person for person in qiao["people"]}
    assert roles["interviewee"] == {
        "role": "interviewee",
        "name": "Qiao Wang",
        "author": "qiao-wang",
    }
    assert "author" not in roles["interviewer"]
    for source_id, tables in files.items():
        source = tables["source"]
        assert source["language"] == "fr"
        assert source["text"] == SEEDS[source_id][0]
        first_line = (ROOT / source["text"]).read_text(encoding="utf-8").strip().splitlines()[0]
        assert verbatim_key(source["title"]) == verbatim_key(first_line)


def test_every_quote_occurs_verbatim_in_its_seed() -> None:
    texts = {
        sid: verbatim_key((ROOT / path).read_text(encoding="utf-8"))
        for sid, (path, _) in SEEDS.items()
    }
    missing = [
        p["id"] for sid, p in raw_predictions() if verbatim_key(p["quote"]) not in texts[sid]
    ]
    assert missing == []


def test_all_text_is_stored_in_nfc() -> None:
    for path in sorted(PREDICTIONS.rglob("*.toml")):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path


def test_counts_by_source_and_kind() -> None:
    counts: dict[str, Counter[str]] = {sid: Counter() for sid in SEEDS}
    for sid, p in raw_predictions():
        counts[sid][p.get("kind", "forecast")] += 1
    assert {sid: dict(c) for sid, c in counts.items()} == EXPECTED_KINDS
    total = sum(sum(c.values()) for c in counts.values())
    assert 30 <= total <= 60


def test_each_source_has_one_author_and_the_registry_knows_them() -> None:
    authors = {a["id"]: a for a in read(PREDICTIONS / "authors.toml")["author"]}
    assert authors["zixi-eth"]["name"] == "Zixi.eth"
    assert authors["qiao-wang"]["name"] == "Qiao Wang"
    assert authors["qiao-wang"]["affiliation"] == "Alliance DAO (founding partner)"
    for sid, p in raw_predictions():
        assert p["author"] == AUTHOR_OF[sid], p["id"]


def test_ids_are_unique_descriptive_slugs() -> None:
    ids = [p["id"] for _, p in raw_predictions()]
    assert len(ids) == len(set(ids))
    for sid, p in raw_predictions():
        assert _SLUG.fullmatch(p["id"]), p["id"]
        assert len(p["id"]) <= 80, p["id"]
        assert p["id"].startswith(AUTHOR_OF[sid].split("-")[0] + "-"), p["id"]


def test_sectors_cover_the_vocabulary_and_every_use() -> None:
    sectors = {s["id"] for s in read(PREDICTIONS / "sectors.toml")["sector"]}
    assert sectors >= REQUIRED_SECTORS
    used = {p["sector"] for _, p in raw_predictions()}
    assert used <= sectors


def test_claims_are_single_english_sentences() -> None:
    for _, p in raw_predictions():
        claim = p["claim"]
        assert claim.isascii(), p["id"]
        assert "\n" not in claim, p["id"]
        assert claim.endswith("."), p["id"]
        assert verbatim_key(claim) != verbatim_key(p["quote"]), p["id"]


def test_every_hedge_probability_cites_a_scale_and_agrees_with_the_hedge_table() -> None:
    hedged = 0
    for _, p in raw_predictions():
        probability = p.get("probability")
        if probability is None:
            continue
        # This ledger's rule: a number only where the quote carries a hedge word.
        assert probability["basis"] == "hedge", p["id"]
        hedged += 1
        hedge, scale = probability["hedge"], probability["scale"]
        assert scale in SCALES, p["id"]
        assert verbatim_key(hedge).casefold() in verbatim_key(p["quote"]).casefold(), p["id"]
        # The same word gets the library's default reading for it: one mapping, as data.
        reading = predictledger.hedges.implied_probability(hedge, language="fr")
        assert reading is not None, p["id"]
        assert (scale, probability["term"], probability["value"]) == (
            reading.scale,
            reading.term,
            reading.value,
        ), p["id"]
    assert hedged == 16  # two readings withdrawn: « potentiels » and an abstention


def test_conditional_claims_say_if() -> None:
    conditional = [p for _, p in raw_predictions() if "condition" in p]
    assert len(conditional) == 6
    for p in conditional:
        assert p["claim"].startswith("If "), p["id"]
        assert "conditional" in p.get("tags", []), p["id"]
        assert "Void if" in p["resolution"], p["id"]


def test_abstentions_are_never_scored() -> None:
    abstentions = {
        p["id"] for _, p in raw_predictions() if p.get("kind") in ("abstention", "stance")
    }
    assert len(abstentions) == 7
    for _, p in raw_predictions():
        if p["id"] in abstentions:
            assert "probability" not in p, p["id"]
            assert "resolution" not in p, p["id"]
    # A stance first recorded as a forecast keeps its history; the outcome in force is void.
    for outcome in raw_outcomes():
        if outcome["prediction"] in abstentions and outcome["id"] not in SUPERSEDED:
            assert outcome["verdict"] == "void", outcome["id"]


def test_horizons_follow_the_text(ledger: predictledger.Ledger) -> None:
    year_2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    for p in ledger.predictions:
        horizon, phrase = p.horizon, (p.horizon.phrase or "")
        # The phrase holds the author's words, never the keeper's gloss.
        assert not phrase.startswith("("), p.id
        assert "frame" not in phrase, p.id
        assert "none given" not in phrase, p.id
        if phrase:  # the author's words, as they stand in the text
            seed = (ROOT / ledger.source(p.source).text).read_text(encoding="utf-8")
            assert quote_key(phrase).casefold() in quote_key(seed).casefold(), p.id
        # No window starts before the claim could have been made.
        assert horizon.start >= p.made_on.earliest, p.id
        if horizon.end is not None:
            assert horizon.start <= horizon.end, p.id
            assert horizon.end >= p.made_on.latest, p.id
        if p.source == ZIXI:
            assert p.made_on.day == dt.date(2023, 12, 31), p.id
            assert horizon.start >= dt.date(2024, 1, 1), p.id
            if phrase.lower() in {"en 2024", "le marché de 2024", "2024 verra"}:
                assert (horizon.start, horizon.end) == year_2024, p.id
            if "2024-2025" in phrase:
                assert (horizon.start, horizon.end) == (
                    dt.date(2024, 1, 1),
                    dt.date(2025, 12, 31),
                ), p.id
        else:
            assert (p.made_on.earliest, p.made_on.latest) == QIAO_MADE, p.id
            assert "nccwashingtonreport" in (p.made_on.reason or ""), p.id
            assert horizon.start >= QIAO_MADE[0], p.id
            if phrase.startswith("à court terme"):
                # From the day of the claim for three to six months, for every day it could
                # have been made on: the window parse_horizon computes from the range.
                assert horizon == parse_horizon(phrase, p.made_on), p.id
                assert horizon.end == dt.date(2025, 10, 30), p.id
        if any(word in phrase.lower() for word in ("long terme", "avenir")):
            assert horizon.end is None, p.id


def test_outcomes_match_their_predictions(ledger: predictledger.Ledger) -> None:
    outcomes = ledger.outcomes
    in_force = [o for o in outcomes if o.id not in SUPERSEDED]
    assert {o.supersedes for o in outcomes} - {None} == SUPERSEDED
    assert Counter(o.verdict.value for o in in_force) == EXPECTED_VERDICTS
    for outcome in outcomes:
        prediction = ledger.prediction(outcome.target)
        if outcome.supersedes is None:
            assert outcome.id == prediction.id + "-r1"
        else:
            assert outcome.supersedes == prediction.id + "-r1"
            assert outcome.id == prediction.id + "-r2"
        assert prediction.horizon.end is not None
        assert prediction.horizon.end < outcome.resolved_on
        assert outcome.resolved_on <= RECORDED_ON
        assert len(outcome.evidence) >= 1
        assert all(len(e) > 40 for e in outcome.evidence)
        assert (outcome.credit is not None) == (outcome.verdict.value == "partial"), outcome.id
        assert outcome.note, outcome.id
        # An outcome lives in the outcome file named after its prediction's source.
        assert outcome.origin is not None
        assert outcome.origin.path == f"predictions/outcomes/{prediction.source}.toml"
    for outcome in in_force:
        prediction = ledger.prediction(outcome.target)
        assert seals(outcome.digest, prediction), outcome.id
        if outcome.resolved_on == RECORDED_ON:
            assert outcome.digest == predictledger.prediction_digest(prediction), outcome.id
    # Every fact in a new outcome cites the address where it was found.
    for outcome in outcomes:
        if outcome.resolved_on == RECORDED_ON and not outcome.evidence[0].startswith("As in"):
            assert all("https://" in e for e in outcome.evidence), outcome.id


def test_the_corrected_verdicts(ledger: predictledger.Ledger) -> None:
    verdict = {o.prediction: o.verdict.value for o in ledger.outcomes if o.id not in SUPERSEDED}
    # Date-dependent across 2025-02-04..2025-04-30: true early, false (or void) from April.
    assert verdict["qiao-2025-us-stocks-probably-correct"] == "ambiguous"
    assert verdict["qiao-2025-us-stock-fall-would-drag-crypto"] == "ambiguous"
    assert verdict["qiao-2025-crypto-primary-market-next-quarters-worse"] == "ambiguous"
    assert verdict["zixi-2024-china-game-rules-push-developers-abroad"] == "false"
    assert verdict["zixi-2024-bitcoin-ecosystem-retail-time-to-act"] == "void"
    retail = ledger.outcome("zixi-2024-bitcoin-ecosystem-retail-time-to-act")
    assert retail is not None
    assert "20 April 2024" in (retail.note or "")
    token = ledger.prediction("zixi-2024-crypto-ai-token-launches")
    assert token.probability is None
    # No outcome in force cites evidence dated before the claim could have been made.
    swings = ledger.outcome("qiao-2025-crypto-short-term-swings-follow-wall-street")
    assert swings is not None
    assert not any("2 April" in e for e in swings.evidence)


def test_every_due_prediction_is_resolved_or_explained(ledger: predictledger.Ledger) -> None:
    resolved = {o.prediction for o in ledger.outcomes if ledger.prediction(o.target).kind.scored}
    due = {
        p.id
        for p in ledger.predictions
        if p.kind.scored and p.horizon.end is not None and p.horizon.end < RECORDED_ON
    }
    assert due - resolved == set(UNRESOLVED_DUE)
    assert resolved <= due


def test_the_ledger_passes_its_own_checks(ledger: predictledger.Ledger) -> None:
    assert [str(problem) for problem in predictledger.check(ledger)] == []


def test_ledger_files_name_no_machine_paths() -> None:
    absolute = re.compile(r"(?<![\w.:/])/(?:home|root|tmp|work|usr|var|Users)/|[A-Za-z]:\\\\")
    for path in sorted(PREDICTIONS.rglob("*.toml")):
        assert not absolute.search(path.read_text(encoding="utf-8")), path

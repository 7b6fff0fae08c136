"""The scorecard: the worked example of docs/scoring.md, grouping, dates, grading and ranks."""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction as F
from pathlib import Path

import attrs
import pytest

from predictledger._ledger import Ledger
from predictledger._records import Author, Basis, Kind, Outcome, Prediction, Sector
from predictledger._score.scorecard import scorecard
from predictledger._score.status import Status
from predictledger._score.tally import Counts, Tally
from tests.test_scoring import D, ledger, outcome, prediction

AS_OF = D(2025, 6, 30)


def worked_example() -> Ledger:
    """The ledger of the worked example in docs/scoring.md, record for record."""
    predictions = [
        prediction("a1", 0.9),
        prediction("a2", 0.9),
        prediction("a3", 0.9),
        prediction("a4", 0.7),
        prediction("a5", 0.7),
        prediction("a6", 0.3),
        prediction("a7", 0.3),
        prediction("a8", 0.1),
        prediction("a9"),
        prediction("a10", 0.6),
        prediction("a11"),
        prediction("a12", 0.8, end=D(2025, 12, 31)),
        prediction("a13", 0.8),
        prediction("a14", kind=Kind.ABSTENTION),
        prediction("a15", 0.8, made=D(2025, 9, 1)),
        prediction("a16", 0.5),
    ]
    outcomes = [
        outcome("a1", "true"),
        outcome("a2", "true"),
        outcome("a3", "false"),
        outcome("a4", "true"),
        outcome("a5", "partial", 0.5),
        outcome("a6", "false"),
        outcome("a7", "true"),
        outcome("a8", "false"),
        outcome("a9", "true"),
        outcome("a10", "void"),
        outcome("a11", "ambiguous"),
        outcome("a16", "true", on=D(2025, 8, 1)),
    ]
    return ledger(predictions, outcomes)


def test_the_worked_example_of_the_docs() -> None:
    card = scorecard(worked_example(), as_of=AS_OF)
    (ada,) = card.groups
    tally = ada.tally
    assert ada.key == ("ada",)
    assert ada.counts == Counts(
        made=15,
        abstentions=1,
        pending=1,
        due=2,
        resolved=11,
        hits=5,
        misses=3,
        partial=1,
        void=1,
        ambiguous=1,
    )
    assert tally.void_ambiguous_share() == F(2, 11)
    assert tally.hit_rate() == F(11, 18)
    assert ada.hit_rate_low == pytest.approx(0.3092, abs=5e-5)
    assert ada.hit_rate_high == pytest.approx(0.8466, abs=5e-5)
    assert ada.forecasts == 8
    assert tally.brier() == F(31, 160)
    assert tally.base_rate() == F(9, 16)
    assert tally.uncertainty() == F(55, 256)
    assert tally.brier_skill() == F(4, 35)
    assert tally.brier_skill_base_rate() == F(27, 275)
    murphy = tally.murphy()
    assert murphy is not None
    assert (murphy.reliability, murphy.resolution, murphy.uncertainty) == (
        F(31, 960),
        F(41, 768),
        F(55, 256),
    )
    assert murphy.within_bin == 0
    # The log score, term by term as the docs add it up.
    terms = [
        math.log(0.9),
        math.log(0.9),
        math.log(0.1),
        math.log(0.7),
        0.5 * math.log(0.7) + 0.5 * math.log(0.3),
        math.log(0.7),
        math.log(0.3),
        math.log(0.9),
    ]
    assert ada.log_score == pytest.approx(sum(terms) / 8, abs=1e-12)
    assert ada.log_score == pytest.approx(-0.6645, abs=5e-5)
    filled = {round(float(b.lower) * 10): b for b in ada.calibration if b.count}
    assert {k: (b.count, b.mean_forecast, b.observed) for k, b in filled.items()} == {
        1: (1, F(1, 10), F(0)),
        3: (2, F(3, 10), F(1, 2)),
        7: (2, F(7, 10), F(3, 4)),
        9: (3, F(9, 10), F(2, 3)),
    }
    intervals = {1: (0.0, 0.7935), 3: (0.0945, 0.9055), 7: (0.1979, 0.9733), 9: (0.2077, 0.9385)}
    for k, (low, high) in intervals.items():
        assert filled[k].low == pytest.approx(low, abs=5e-5)
        assert filled[k].high == pytest.approx(high, abs=5e-5)
    assert ada.void_ambiguous_share == pytest.approx(0.1818, abs=5e-5)
    assert ada.brier_skill == pytest.approx(0.1143, abs=5e-5)
    assert ada.brier_skill_base_rate == pytest.approx(0.0982, abs=5e-5)
    assert ada.graded
    assert ada.rank == 1
    # The floats are the exact values, rounded once.
    assert ada.brier == 31 / 160
    assert ada.hit_rate == 11 / 18


def test_rows_follow_the_ledger_with_their_status_and_outcome() -> None:
    card = scorecard(worked_example(), as_of=AS_OF)
    rows = {row.prediction.id: row for row in card.groups[0].rows}
    assert "a15" not in rows  # made after the date
    assert rows["a16"].status is Status.DUE  # resolved after the date
    assert rows["a16"].outcome is None
    assert rows["a12"].status is Status.PENDING
    assert rows["a14"].status is Status.ABSTENTION
    assert rows["a5"].outcome is not None
    assert rows["a5"].outcome.credit == 0.5
    assert [row.prediction.id for row in card.groups[0].rows][:3] == ["a1", "a2", "a3"]


def test_as_of_replays_the_past() -> None:
    book = worked_example()
    before_outcomes = scorecard(book, as_of=D(2025, 1, 19))
    assert before_outcomes.groups[0].scored == 0
    assert before_outcomes.groups[0].hit_rate is None
    assert before_outcomes.groups[0].counts.due == 13
    later = scorecard(book, as_of=D(2025, 9, 1))
    assert later.groups[0].counts.made == 16
    assert later.groups[0].counts.hits == 6
    assert scorecard(book, as_of=D(2023, 1, 1)).groups == ()


def test_as_of_defaults_to_today() -> None:
    card = scorecard(worked_example())
    assert card.as_of == dt.date.today()
    assert card.groups[0].counts.made == 16


def test_an_unknown_grouping_is_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match=r"unknown grouping 'colour': choose from author"):
        scorecard(worked_example(), by="colour", as_of=AS_OF)
    with pytest.raises(ValueError, match="twice"):
        scorecard(worked_example(), by=("author", "author"), as_of=AS_OF)


def two_authors() -> Ledger:
    preds: list[Prediction] = []
    outs: list[Outcome] = []
    # Ada: 6 of 8 right; Bob: 4 of 4 right, too few to grade; Cy: 3 of 6.
    for author, hits, misses in (("ada", 6, 2), ("bob", 4, 0), ("cy", 3, 3)):
        for i in range(hits + misses):
            pid = f"{author}{i}"
            sector = "l2" if i % 2 else "macro"
            preds.append(attrs.evolve(prediction(pid, 0.6, author=author), sector=sector))
            outs.append(outcome(pid, "true" if i < hits else "false"))
    return Ledger(
        root=Path("."),
        predictions=tuple(preds),
        outcomes=tuple(outs),
        authors=(Author(id="ada", name="Ada L."), Author(id="cy", name="Cy <3")),
        sectors=(Sector(id="l2", name="Layer 2"),),
    )


def test_grading_and_ranking() -> None:
    card = scorecard(two_authors(), as_of=AS_OF)
    by_key = {g.key: g for g in card.groups}
    assert [g.key for g in card.groups] == [("ada",), ("bob",), ("cy",)]
    assert by_key[("ada",)].rank == 1
    assert by_key[("cy",)].rank == 2
    bob = by_key[("bob",)]
    assert bob.hit_rate == 1.0  # shown, but ...
    assert not bob.graded  # ... four claims are too few to grade or rank
    assert bob.rank is None
    assert card.total.key == ()
    assert card.total.rank is None
    assert card.total.rows == ()
    assert card.total.tally == Tally.sum(g.tally for g in card.groups)


def test_labels_use_names_where_the_ledger_has_them() -> None:
    card = scorecard(two_authors(), by="author,sector", as_of=AS_OF)
    labels = {g.key: g.label for g in card.groups}
    assert labels[("ada", "l2")] == "Ada L. / Layer 2"
    assert labels[("bob", "macro")] == "bob / macro"
    assert labels[("cy", "l2")] == "Cy <3 / Layer 2"
    assert card.by == ("author", "sector")
    assert len(card.groups) == 6


def test_equal_merit_shares_a_rank() -> None:
    preds, outs = [], []
    for author in ("ada", "bob", "cy"):
        for i in range(5):
            pid = f"{author}{i}"
            preds.append(prediction(pid, author=author))
            outs.append(outcome(pid, "true" if i < (4 if author != "cy" else 2) else "false"))
    card = scorecard(ledger(preds, outs), as_of=AS_OF)
    assert [g.rank for g in card.groups] == [1, 1, 3]


def test_group_by_horizon_in_natural_order() -> None:
    made = D(2024, 1, 15)
    preds = [
        prediction("open", end=None, made=made),
        prediction("far", end=D(2030, 1, 1), made=made),
        prediction("near", end=D(2024, 6, 1), made=made),
        prediction("mid", end=D(2026, 1, 1), made=made),
    ]
    card = scorecard(ledger(preds), by="horizon", as_of=AS_OF)
    assert [g.key for g in card.groups] == [("up-to-1y",), ("1-3y",), ("over-3y",), ("open-ended",)]
    assert [g.label for g in card.groups] == [
        "up to 1 year",
        "1-3 years",
        "over 3 years",
        "open-ended",
    ]


def test_split_by_basis_and_by_condition() -> None:
    preds = [
        prediction("s", 0.6, basis=Basis.STATED),
        prediction("h", 0.7, basis=Basis.HEDGE, condition="If rates fall"),
        prediction("j", 0.8, basis=Basis.JUDGEMENT),
        prediction("n"),
    ]
    outs = [outcome(p.id, "true") for p in preds]
    card = scorecard(ledger(preds, outs), by="author,basis", as_of=AS_OF)
    assert [g.key for g in card.groups] == [
        ("ada", "stated"),
        ("ada", "hedge"),
        ("ada", "judgement"),
        ("ada", "none"),
    ]
    assert [g.forecasts for g in card.groups] == [1, 1, 1, 0]
    card = scorecard(ledger(preds, outs), by="conditional", as_of=AS_OF)
    assert [(g.key, g.scored) for g in card.groups] == [(("plain",), 3), (("conditional",), 1)]


def test_group_by_year_and_source() -> None:
    preds = [prediction("a", made=D(2023, 5, 1)), prediction("b", made=D(2024, 5, 1))]
    card = scorecard(ledger(preds), by="year,source", as_of=AS_OF)
    assert [g.key for g in card.groups] == [("2023", "src"), ("2024", "src")]


def test_an_empty_ledger_scores_nothing() -> None:
    card = scorecard(ledger([]), as_of=AS_OF)
    assert card.groups == ()
    assert card.total.counts == Counts()
    assert card.total.hit_rate is None
    assert len(card.total.calibration) == 10

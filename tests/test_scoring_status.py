"""Status of a prediction on a date: pending, due, resolved, abstention."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from predictledger._ledger import Ledger
from predictledger._records import Horizon, Kind, Outcome, Prediction, Verdict
from predictledger._score.status import Status, horizon_ended, made_by, predictions_as_of, status_of

D = dt.date
DIGEST = "sha256:" + "0" * 64
MADE = D(2024, 1, 10)
END = D(2024, 12, 31)


def prediction(
    pid: str = "p",
    *,
    made: dt.date = MADE,
    end: dt.date | None = END,
    kind: Kind = Kind.FORECAST,
) -> Prediction:
    return Prediction(
        id=pid,
        source="s",
        author="ada",
        made_on=made,
        claim="A claim.",
        quote="Une citation.",
        horizon=Horizon(phrase="en 2024", start=D(2024, 1, 1), end=end),
        sector="l2",
        kind=kind,
    )


def outcome(
    pid: str = "p", *, on: dt.date, oid: str | None = None, supersedes: str | None = None
) -> Outcome:
    return Outcome(
        id=oid or f"{pid}-r1",
        prediction=pid,
        verdict=Verdict.TRUE,
        resolved_on=on,
        evidence=("It happened.",),
        digest=DIGEST,
        supersedes=supersedes,
    )


def ledger(predictions: tuple[Prediction, ...], outcomes: tuple[Outcome, ...] = ()) -> Ledger:
    return Ledger(root=Path("."), predictions=predictions, outcomes=outcomes)


def test_the_last_day_of_the_window_is_still_pending() -> None:
    p = prediction()
    book = ledger((p,))
    assert status_of(book, p, D(2024, 12, 30)) is Status.PENDING
    assert status_of(book, p, D(2024, 12, 31)) is Status.PENDING
    assert status_of(book, p, D(2025, 1, 1)) is Status.DUE


def test_horizon_ended_is_strictly_after_the_end() -> None:
    horizon = Horizon(phrase="x", start=D(2024, 1, 1), end=D(2024, 6, 30))
    assert not horizon_ended(horizon, D(2024, 6, 30))
    assert horizon_ended(horizon, D(2024, 7, 1))


def test_open_ended_horizons_are_pending_until_resolved() -> None:
    p = prediction(end=None)
    assert not horizon_ended(p.horizon, D(2999, 1, 1))
    assert status_of(ledger((p,)), p, D(2999, 1, 1)) is Status.PENDING
    resolved = ledger((p,), (outcome(on=D(2030, 5, 1)),))
    assert status_of(resolved, p, D(2030, 4, 30)) is Status.PENDING
    assert status_of(resolved, p, D(2030, 5, 1)) is Status.RESOLVED


def test_an_outcome_before_the_horizon_ends_resolves_early() -> None:
    p = prediction()
    book = ledger((p,), (outcome(on=D(2024, 3, 1)),))
    assert status_of(book, p, D(2024, 2, 29)) is Status.PENDING
    assert status_of(book, p, D(2024, 3, 1)) is Status.RESOLVED


def test_an_outcome_resolved_after_the_date_is_ignored() -> None:
    p = prediction()
    book = ledger((p,), (outcome(on=D(2025, 3, 1)),))
    assert status_of(book, p, D(2025, 2, 1)) is Status.DUE
    assert status_of(book, p, D(2025, 3, 1)) is Status.RESOLVED


def test_abstentions_are_never_due_nor_resolved() -> None:
    p = prediction(kind=Kind.ABSTENTION)
    book = ledger((p,), (outcome(on=D(2025, 1, 5)),))
    for day in (D(2024, 6, 1), D(2025, 1, 1), D(2026, 1, 1)):
        assert status_of(book, p, day) is Status.ABSTENTION


def test_a_prediction_made_after_the_date_has_no_status() -> None:
    p = prediction(made=D(2024, 5, 1))
    assert made_by(p, D(2024, 5, 1))
    assert not made_by(p, D(2024, 4, 30))
    with pytest.raises(ValueError, match="after 2024-04-30"):
        status_of(ledger((p,)), p, D(2024, 4, 30))


def test_predictions_as_of_keeps_order_and_drops_the_future() -> None:
    early, late, middle = (
        prediction("a", made=D(2024, 1, 1)),
        prediction("b", made=D(2024, 9, 1)),
        prediction("c", made=D(2024, 3, 1)),
    )
    kept = list(predictions_as_of((early, late, middle), D(2024, 6, 1)))
    assert kept == [early, middle]


def test_a_superseded_outcome_still_resolves() -> None:
    p = prediction()
    first = outcome(on=D(2025, 1, 2))
    fix = outcome(on=D(2025, 2, 2), oid="p-r2", supersedes="p-r1")
    book = ledger((p,), (first, fix))
    assert status_of(book, p, D(2025, 1, 10)) is Status.RESOLVED
    assert status_of(book, p, D(2025, 3, 1)) is Status.RESOLVED


def test_status_values_are_the_cli_words() -> None:
    assert [s.value for s in Status] == ["pending", "due", "resolved", "abstention"]


def _outcome_the_long_way(outcomes: tuple[Outcome, ...], as_of: dt.date | None) -> Outcome | None:
    known = [o for o in outcomes if as_of is None or o.resolved_on <= as_of]
    superseded = {o.supersedes for o in known if o.supersedes is not None}
    current = [o for o in known if o.id not in superseded]
    return current[-1] if current else None


@given(
    st.lists(
        st.tuples(
            st.integers(1, 4),  # the outcome's number
            st.integers(0, 20),  # resolved so many days after MADE
            st.one_of(st.none(), st.integers(1, 4)),  # supersedes that number (even its own)
        ),
        max_size=4,
    ),
    st.one_of(st.none(), st.integers(0, 20).map(lambda days: MADE + dt.timedelta(days=days))),
)
def test_the_outcome_in_force_is_found_quickly_as_the_long_way_finds_it(
    drawn: list[tuple[int, int, int | None]], as_of: dt.date | None
) -> None:
    outcomes = tuple(
        outcome(
            on=MADE + dt.timedelta(days=days),
            oid=f"p-r{number}",
            supersedes=None if earlier is None else f"p-r{earlier}",
        )
        for number, days, earlier in drawn
    )
    book = ledger((prediction(),), outcomes)
    assert book.outcome("p", as_of=as_of) is _outcome_the_long_way(outcomes, as_of)

"""The ledger as tables of an in-memory SQLite database, for `predictledger query`.

Tables (documented with example queries in docs/query.md):

* `sources`, `source_people`, `authors`, `sectors`: the registries and sources;
* `predictions` and `prediction_tags`: one row per prediction, one per tag;
* `outcomes`: every outcome, superseded ones included, with `superseded_by` naming the
  correction that replaced it (`NULL` for an outcome no other supersedes);
* `status`: for each prediction made by the `--as-of` date, its status that day and its
  scoring inputs: the probability, the outcome in force, the value it counts for (`o`: 1, 0,
  the partial credit, or `NULL` when not scored) and the Brier term `(p - o)^2`;
* `questions`: the shared questions; a prediction's `question` and `negates` say whether it is
  on one, and an outcome's `question` whether it resolves one;
* `"references"` (REFERENCES is a word of SQL: the name is written in double quotes): every
  reference probability, superseded ones included, with `superseded_by`.

Every record's row carries `file` and `line`, where the record stands in the ledger. The
database is built, then made read-only: an authorizer allows reading and nothing else, so a
query can neither change the tables nor attach a file.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from .._ledger import Ledger
from .._records import Location, Outcome, Prediction
from .._score.measures import credit_of, probability_of
from .._score.status import made_by, status_given
from ..errors import RequestError, ScoringError

__all__ = ["SCHEMA", "Locator", "QueryResult", "build_database", "run_query"]

SCHEMA: dict[str, tuple[str, ...]] = {
    "sources": (
        "id TEXT",
        "title TEXT",
        "publisher TEXT",
        "published TEXT",
        "published_precision TEXT",
        "language TEXT",
        "text TEXT",
        "url TEXT",
        "republished_by TEXT",
        "note TEXT",
        "file TEXT",
        "line INTEGER",
    ),
    "source_people": ("source TEXT", "role TEXT", "name TEXT", "author TEXT"),
    "authors": (
        "id TEXT",
        "name TEXT",
        "affiliation TEXT",
        "aliases TEXT",
        "file TEXT",
        "line INTEGER",
    ),
    "sectors": ("id TEXT", "name TEXT", "description TEXT", "file TEXT", "line INTEGER"),
    "predictions": (
        "id TEXT",
        "source TEXT",
        "author TEXT",
        "sector TEXT",
        "kind TEXT",
        "made_on TEXT",
        "claim TEXT",
        "quote TEXT",
        "resolution TEXT",
        "condition TEXT",
        "horizon_phrase TEXT",
        "horizon_start TEXT",
        "horizon_end TEXT",
        "probability REAL",
        "probability_basis TEXT",
        "probability_hedge TEXT",
        "probability_scale TEXT",
        "probability_term TEXT",
        "probability_note TEXT",
        "tags TEXT",
        "note TEXT",
        "question TEXT",
        "negates INTEGER",
        "file TEXT",
        "line INTEGER",
    ),
    "prediction_tags": ("prediction TEXT", "tag TEXT"),
    "outcomes": (
        "id TEXT",
        "prediction TEXT",
        "question TEXT",
        "verdict TEXT",
        "credit REAL",
        "resolved_on TEXT",
        "evidence TEXT",
        "note TEXT",
        "digest TEXT",
        "supersedes TEXT",
        "superseded_by TEXT",
        "file TEXT",
        "line INTEGER",
    ),
    "status": (
        "prediction TEXT",
        "as_of TEXT",
        "status TEXT",
        "author TEXT",
        "sector TEXT",
        "year INTEGER",
        "probability REAL",
        "outcome TEXT",
        "verdict TEXT",
        "resolved_on TEXT",
        "o REAL",
        "scored INTEGER",
        "brier REAL",
    ),
    "questions": (
        "id TEXT",
        "claim TEXT",
        "resolution TEXT",
        "horizon_start TEXT",
        "horizon_end TEXT",
        "sector TEXT",
        "note TEXT",
        "file TEXT",
        "line INTEGER",
    ),
    "references": (
        "id TEXT",
        "prediction TEXT",
        "question TEXT",
        "kind TEXT",
        "probability REAL",
        "priced_at TEXT",
        "priced_on TEXT",
        "match TEXT",
        "evidence TEXT",
        "platform TEXT",
        "market TEXT",
        "url TEXT",
        "odds TEXT",
        "note TEXT",
        "supersedes TEXT",
        "superseded_by TEXT",
        "file TEXT",
        "line INTEGER",
    ),
}
"""Each table's columns, as SQLite declares them."""

_READING = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}


def _where(origin: Location | None) -> tuple[str | None, int | None]:
    if origin is None:
        return None, None
    return origin.path, origin.line or None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _prediction_row(prediction: Prediction) -> tuple[Any, ...]:
    horizon = prediction.horizon
    probability = prediction.probability
    return (
        prediction.id,
        prediction.source,
        prediction.author,
        prediction.sector,
        prediction.kind.value,
        str(prediction.made_on),
        prediction.claim,
        prediction.quote,
        prediction.resolution,
        prediction.condition,
        horizon.phrase,
        horizon.start.isoformat(),
        _iso(horizon.end),
        probability.value if probability else None,
        probability.basis.value if probability else None,
        probability.hedge if probability else None,
        probability.scale if probability else None,
        probability.term if probability else None,
        probability.note if probability else None,
        json.dumps(list(prediction.tags), ensure_ascii=False),
        prediction.note,
        prediction.question,
        int(prediction.negates),
        *_where(prediction.origin),
    )


def _value_of(outcome: Outcome | None) -> Fraction | None:
    if outcome is None:
        return None
    try:
        return credit_of(outcome)
    except ScoringError:
        return None  # `check` reports a partial verdict without a usable credit


def _exact_probability(prediction: Prediction) -> Fraction | None:
    try:
        return probability_of(prediction)
    except ScoringError:
        return None


def _status_row(ledger: Ledger, prediction: Prediction, as_of: dt.date) -> tuple[Any, ...]:
    outcome = ledger.outcome(prediction.id, as_of=as_of)
    status = status_given(prediction, outcome, as_of)
    probability = _exact_probability(prediction)
    o = _value_of(outcome) if status.value == "resolved" else None
    # The Brier term is computed on the exact decimals, as the scorecard does, then rounded
    # once to a float: (0.7 - 1)^2 is 0.09, not 0.09000000000000002.
    brier = float((probability - o) ** 2) if probability is not None and o is not None else None
    return (
        prediction.id,
        as_of.isoformat(),
        status.value,
        prediction.author,
        prediction.sector,
        prediction.made_on.latest.year,
        prediction.probability.value if prediction.probability else None,
        outcome.id if outcome else None,
        outcome.verdict.value if outcome else None,
        _iso(outcome.resolved_on) if outcome else None,
        float(o) if o is not None else None,
        int(o is not None),
        brier,
    )


def _insert(db: sqlite3.Connection, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
    marks = ", ".join("?" for _ in SCHEMA[table])
    db.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)


def build_database(ledger: Ledger, as_of: dt.date) -> sqlite3.Connection:
    """The ledger's tables in a new in-memory database, read-only once returned."""
    db = sqlite3.connect(":memory:")
    for table, columns in SCHEMA.items():
        db.execute(f'CREATE TABLE "{table}" ({", ".join(columns)})')
    _insert(
        db,
        "sources",
        [
            (
                s.id,
                s.title,
                s.publisher,
                str(s.published),
                s.published.written.precision.value if s.published.written else "range",
                s.language,
                s.text,
                s.url,
                s.republished_by,
                s.note,
                *_where(s.origin),
            )
            for s in ledger.sources
        ],
    )
    _insert(
        db,
        "source_people",
        [(s.id, p.role.value, p.name, p.author) for s in ledger.sources for p in s.people],
    )
    _insert(
        db,
        "authors",
        [
            (
                a.id,
                a.name,
                a.affiliation,
                json.dumps(list(a.aliases), ensure_ascii=False),
                *_where(a.origin),
            )
            for a in ledger.authors
        ],
    )
    _insert(
        db, "sectors", [(s.id, s.name, s.description, *_where(s.origin)) for s in ledger.sectors]
    )
    _insert(db, "predictions", [_prediction_row(p) for p in ledger.predictions])
    _insert(db, "prediction_tags", [(p.id, tag) for p in ledger.predictions for tag in p.tags])
    superseded_by = {o.supersedes: o.id for o in ledger.outcomes if o.supersedes is not None}
    _insert(
        db,
        "outcomes",
        [
            (
                o.id,
                o.prediction,
                o.question,
                o.verdict.value,
                o.credit,
                o.resolved_on.isoformat(),
                json.dumps(list(o.evidence), ensure_ascii=False),
                o.note,
                o.digest,
                o.supersedes,
                superseded_by.get(o.id),
                *_where(o.origin),
            )
            for o in ledger.outcomes
        ],
    )
    _insert(
        db,
        "questions",
        [
            (
                q.id,
                q.claim,
                q.resolution,
                q.horizon.start.isoformat(),
                _iso(q.horizon.end),
                q.sector,
                q.note,
                *_where(q.origin),
            )
            for q in ledger.questions
        ],
    )
    replaced_by = {r.supersedes: r.id for r in ledger.references if r.supersedes is not None}
    _insert(
        db,
        "references",
        [
            (
                r.id,
                r.prediction,
                r.question,
                r.kind.value,
                r.probability,
                r.priced_at.isoformat(),
                r.day.isoformat(),
                r.match.value,
                json.dumps(list(r.evidence), ensure_ascii=False),
                r.platform,
                r.market,
                r.url,
                json.dumps(list(r.odds)) if r.odds is not None else None,
                r.note,
                r.supersedes,
                replaced_by.get(r.id),
                *_where(r.origin),
            )
            for r in ledger.references
        ],
    )
    _insert(
        db,
        "status",
        [_status_row(ledger, p, as_of) for p in ledger.predictions if made_by(p, as_of)],
    )
    db.commit()
    db.execute("PRAGMA query_only = ON")
    db.set_authorizer(_reading_only)
    # A Python callback now and then lets Ctrl-C stop a runaway query (a recursive one, say).
    db.set_progress_handler(_carry_on, 100_000)
    return db


def _carry_on() -> int:
    return 0


def _reading_only(action: int, *_: object) -> int:
    return sqlite3.SQLITE_OK if action in _READING else sqlite3.SQLITE_DENY


class QueryResult:
    """The columns and rows a query returned."""

    __slots__ = ("columns", "rows")

    def __init__(self, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        self.columns = columns
        self.rows = rows


def run_query(db: sqlite3.Connection, sql: str) -> QueryResult:
    """Run one statement; a malformed or refused one raises `RequestError` with SQLite's
    message."""
    try:
        cursor = db.execute(sql)
        rows = cursor.fetchall()
    except (sqlite3.Error, sqlite3.Warning) as error:
        if str(error) == "interrupted":  # Ctrl-C, through the progress handler
            raise KeyboardInterrupt from None
        message = " ".join(str(error).split()) or type(error).__name__
        raise RequestError(f"the query failed: {message} (SQLite)") from None
    columns = [column[0] for column in cursor.description or ()]
    return QueryResult(columns, rows)


_LOOKUPS = ("prediction", "outcome", "source", "author", "sector", "question", "reference")


class Locator:
    """Where the record a result row is about stands, as `path:line`.

    The record is named by the row's first column called `id`, `prediction`, `outcome`,
    `source`, `author`, `sector`, `question` or `reference`; an `id` is looked up among
    predictions, then outcomes, sources, authors, sectors, questions and references.
    """

    def __init__(self, ledger: Ledger) -> None:
        self._origins: dict[str, dict[str, Location | None]] = {
            "prediction": {p.id: p.origin for p in reversed(ledger.predictions)},
            "outcome": {o.id: o.origin for o in reversed(ledger.outcomes)},
            "source": {s.id: s.origin for s in reversed(ledger.sources)},
            "author": {a.id: a.origin for a in reversed(ledger.authors)},
            "sector": {s.id: s.origin for s in reversed(ledger.sectors)},
            "question": {q.id: q.origin for q in reversed(ledger.questions)},
            "reference": {r.id: r.origin for r in reversed(ledger.references)},
        }

    def __call__(self, columns: Sequence[str], row: Sequence[Any]) -> str | None:
        for index, name in enumerate(columns):
            if name == "id":
                kinds: tuple[str, ...] = _LOOKUPS
            elif name in _LOOKUPS:
                kinds = (name,)
            else:
                continue
            value = row[index]
            for kind in kinds:
                origin = self._origins[kind].get(value) if isinstance(value, str) else None
                if origin is not None:
                    return str(origin)
            return None
        return None

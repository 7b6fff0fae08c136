"""Hypothesis strategies for ledger records and whole ledgers written to disk."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import tomli_w
from hypothesis import strategies as st

import predictledger as pl

slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)

# Any text TOML can carry: no surrogates, stored in NFC as the ledger stores it. Carriage
# returns are left out because TOML normalises a multi-line string's line endings.
texts = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r"), max_size=40).map(
    lambda s: unicodedata.normalize("NFC", s)
)
nonblank = texts.filter(lambda s: s.strip() != "")
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
unit = st.floats(min_value=0, max_value=1, allow_nan=False)
optional_text = st.none() | texts
# A moment as TOML writes it: to the microsecond, local or with an offset in whole minutes.
moments = st.datetimes(
    min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2099, 12, 31)
) | st.datetimes(
    min_value=dt.datetime(1990, 1, 1),
    max_value=dt.datetime(2099, 12, 31),
    timezones=st.sampled_from(
        [
            dt.UTC,
            dt.timezone(dt.timedelta(hours=-5)),
            dt.timezone(dt.timedelta(hours=5, minutes=30)),
        ]
    ),
)
odds = st.floats(min_value=1.01, max_value=50, allow_nan=False)


@st.composite
def partial_dates(draw: st.DrawFn) -> pl.PartialDate:
    day = draw(dates)
    precision = draw(st.sampled_from(list(pl.Precision)))
    if precision is pl.Precision.DAY:
        return pl.PartialDate.from_date(day)
    if precision is pl.Precision.MONTH:
        return pl.PartialDate(year=day.year, month=day.month)
    return pl.PartialDate(year=day.year)


@st.composite
def horizons(draw: st.DrawFn) -> pl.Horizon:
    start = draw(dates)
    end = draw(st.none() | st.dates(min_value=start, max_value=dt.date(2099, 12, 31)))
    return pl.Horizon(phrase=draw(nonblank), start=start, end=end)


probabilities = st.builds(
    pl.Probability,
    value=unit,
    basis=st.sampled_from(list(pl.Basis)),
    hedge=optional_text,
    scale=optional_text,
    term=optional_text,
    note=optional_text,
)


@st.composite
def ledgers(draw: st.DrawFn, root: Path = Path("ledger")) -> pl.Ledger:
    """A ledger whose records reference each other (it need not pass every check)."""
    authors = draw(
        st.lists(
            st.builds(
                pl.Author,
                id=slugs,
                name=nonblank,
                affiliation=optional_text,
                aliases=st.tuples() | st.tuples(texts),
            ),
            min_size=1,
            max_size=3,
            unique_by=lambda a: a.id,
        )
    )
    sectors = draw(
        st.lists(
            st.builds(pl.Sector, id=slugs, name=nonblank, description=optional_text),
            min_size=1,
            max_size=3,
            unique_by=lambda s: s.id,
        )
    )
    source_ids = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    sources = [
        pl.Source(
            id=source_id,
            title=draw(nonblank),
            publisher=draw(nonblank),
            published=draw(partial_dates()),
            language=draw(st.sampled_from(["fr", "en"])),
            text=f"seeds/{source_id}.txt",
            url=draw(st.none() | st.just("https://example.org/a")),
            people=tuple(
                pl.Participant(
                    role=draw(st.sampled_from(list(pl.Role))),
                    name=draw(nonblank),
                    author=draw(st.none() | st.sampled_from([a.id for a in authors])),
                )
                for _ in range(draw(st.integers(0, 2)))
            ),
        )
        for source_id in source_ids
    ]
    questions = [
        pl.Question(
            id=f"q{index}",
            claim=draw(nonblank),
            resolution=draw(nonblank),
            horizon=draw(horizons()),
            sector=draw(st.none() | st.sampled_from([s.id for s in sectors])),
            note=draw(optional_text),
        )
        for index in range(draw(st.integers(0, 2)))
    ]
    question_ids = [q.id for q in questions]
    predictions = []
    for index in range(draw(st.integers(0, 6))):
        question = draw(st.none() | st.sampled_from(question_ids)) if question_ids else None
        predictions.append(
            pl.Prediction(
                id=f"p{index}",
                source=draw(st.sampled_from(source_ids)),
                author=draw(st.sampled_from([a.id for a in authors])),
                made_on=draw(dates),
                claim=draw(nonblank),
                quote=draw(nonblank),
                horizon=draw(horizons()),
                sector=draw(st.sampled_from([s.id for s in sectors])),
                kind=draw(st.sampled_from(list(pl.Kind))),
                resolution=draw(optional_text),
                probability=draw(st.none() | probabilities),
                condition=draw(optional_text),
                tags=tuple(draw(st.lists(texts, max_size=2))),
                note=draw(optional_text),
                question=question,
                negates=question is not None and draw(st.booleans()),
            )
        )
    outcomes = [
        pl.Outcome(
            id=f"{prediction.id}-r1",
            prediction=prediction.id,
            verdict=draw(st.sampled_from(list(pl.Verdict))),
            resolved_on=draw(dates),
            evidence=tuple(draw(st.lists(nonblank, min_size=1, max_size=2))),
            digest=pl.prediction_digest(prediction),
            credit=draw(st.none() | unit),
            note=draw(optional_text),
        )
        for prediction in predictions
        if draw(st.booleans())
    ]
    outcomes += [
        pl.Outcome(
            id=f"{question.id}-r1",
            question=question.id,
            verdict=draw(st.sampled_from(list(pl.Verdict))),
            resolved_on=draw(dates),
            evidence=tuple(draw(st.lists(nonblank, min_size=1, max_size=2))),
            digest=pl.question_digest(question),
            credit=draw(st.none() | unit),
            note=draw(optional_text),
        )
        for question in questions
        if draw(st.booleans())
    ]
    targets = [("prediction", p.id) for p in predictions] + [("question", q) for q in question_ids]
    references = []
    for index in range(draw(st.integers(0, 3)) if targets else 0):
        kind, target = draw(st.sampled_from(targets))
        references.append(
            pl.Reference(
                id=f"ref{index}",
                prediction=target if kind == "prediction" else None,
                question=target if kind == "question" else None,
                kind=draw(st.sampled_from(list(pl.ReferenceKind))),
                probability=draw(st.floats(min_value=0.01, max_value=0.99)),
                priced_at=draw(dates | moments),
                match=draw(st.sampled_from(list(pl.Match))),
                evidence=tuple(draw(st.lists(nonblank, min_size=1, max_size=2))),
                platform=draw(st.none() | st.sampled_from(["polymarket", "kalshi", "manifold"])),
                market=draw(st.none() | slugs),
                url=draw(st.none() | st.just("https://example.org/m")),
                odds=draw(st.none() | st.tuples(odds, odds)),
                note=draw(optional_text),
                supersedes=f"ref{index - 1}" if index and draw(st.booleans()) else None,
            )
        )
    return pl.Ledger(
        root=root,
        sources=tuple(sources),
        authors=tuple(authors),
        sectors=tuple(sectors),
        predictions=tuple(predictions),
        outcomes=tuple(outcomes),
        questions=tuple(questions),
        references=tuple(references),
    )


def write_ledger(ledger: pl.Ledger, root: Path) -> None:
    """Write a ledger in the conventional layout, one file per source, with tomli-w."""
    folder = root / "predictions"
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "outcomes").mkdir(exist_ok=True)
    (root / "seeds").mkdir(exist_ok=True)

    def dump(path: Path, tables: dict[str, object]) -> None:
        path.write_text(tomli_w.dumps(tables, multiline_strings=True), encoding="utf-8")

    dump(folder / "authors.toml", {"author": [pl.to_table(a) for a in ledger.authors]})
    dump(folder / "sectors.toml", {"sector": [pl.to_table(s) for s in ledger.sectors]})
    for source in ledger.sources:
        (root / source.text).write_text(
            "\n".join(p.quote for p in ledger.by_source(source.id)), encoding="utf-8"
        )
        predictions = []
        for prediction in ledger.by_source(source.id):
            table = pl.to_table(prediction)
            del table["source"]
            predictions.append(table)
        tables: dict[str, object] = {"source": pl.to_table(source)}
        if predictions:
            tables["prediction"] = predictions
        dump(folder / "sources" / f"{source.id}.toml", tables)
    if ledger.questions:
        dump(folder / "questions.toml", {"question": [pl.to_table(q) for q in ledger.questions]})
    if ledger.references:
        (folder / "references").mkdir(exist_ok=True)
        dump(
            folder / "references" / "all.toml",
            {"reference": [pl.to_table(r) for r in ledger.references]},
        )
    if ledger.outcomes:
        dump(
            folder / "outcomes" / "all.toml", {"outcome": [pl.to_table(o) for o in ledger.outcomes]}
        )

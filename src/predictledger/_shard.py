"""A ledger checked and tallied shard by shard, on any engine that can map and reduce.

The one-process path reads every file, then checks and scores the whole ledger. Here the
ledger's files are split into shards (`plan_shards`: a source file and the outcome file named
after it always share one) and the work goes in two rounds, each a map over the shards:

1. **Read** (`read_shard`, on a worker): the shard's files → records, kept where they were read
   (a `ShardReading`). Each hands back only its `ShardIndex`: per file, the ids of its records
   with their lines, the references between records (author, sector, source, prediction,
   supersedes) and the registries (authors, sectors). No text, no quote, no probability.
2. **Reduce the indexes** (`LedgerIndex`, in the driver): the indexes merge (a union keyed by
   the files' ranks) into a skeleton of the whole ledger, on which the checks that need every
   id run as they are (`INDEX` checks: duplicate ids, dangling references, each with its "did
   you mean"). From it, each shard learns the few records of other shards its own records
   depend on (its *halo*: an outcome's prediction, a prediction's source, every outcome of its
   predictions and the corrections of those), named by position.
3. **Check and tally** (`pick` on the shards that own a halo record, then `finish_shard`): each
   shard runs the other checks and tallies its own predictions on its records and its halo,
   in the order of the whole ledger, and keeps the problems of its own files. Its
   `ShardResult` (problems, tallies by group) is small and merges exactly with the others
   (`ShardResult.merge`, associative and commutative).

`ShardedResult.problems()` is then `check(read_ledger(root))`, problem for problem in the same
order, and `tallies` is what `scorecard` tallies from the ledger the read commands score
(`ReadResult.sound()`), group for group, `==`. `run_sharded` runs the rounds in this process;
`predictledger._interop.dask` runs them on a Dask cluster. How each check in `CHECKS` splits
is said once, in `HOW_CHECKS_SHARD`, and a test refuses a check that is not there.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, Literal, cast

from attrs import evolve, field, frozen

from ._checks import (
    CHECKS,
    Check,
    CheckContext,
    check_dates,
    check_outcomes,
    check_placeholders,
    check_probabilities,
    check_questions,
    check_quotes,
    check_reference_records,
    check_references,
    check_slugs,
    check_source_texts,
    check_texts,
    check_unique_ids,
)
from ._ledger import Ledger
from ._loader import _PARSE_FILE
from ._paths import PREDICTIONS_DIR, Within, find_files, find_ledger, relative
from ._problems import Problem, sorted_problems
from ._read import finish_one
from ._read.file import DEFAULT_LIMITS, Limits
from ._read.result import FileResult, ReadResult
from ._records import KINDS, Author, Dating, Kind, Location, Question, Reference, Sector
from ._score.groups import DIMENSIONS, merge_groups, reference_of, standings, tally_standings
from ._score.scorecard import (
    Scorecard,
    _Extra,
    _group_score,
    _label,
    _ranks,
    by_horizon_length,
    by_resolution_year,
    length_breakdowns,
    peer_means,
    peer_pairs,
    year_breakdowns,
)
from ._score.shared import QuestionForecast, peer_scores, question_forecasts
from ._score.tally import Tally

__all__ = [
    "HOW_CHECKS_SHARD",
    "INDEX_CHECKS",
    "SHARD_CHECKS",
    "FileIndex",
    "Halo",
    "LedgerIndex",
    "Plan",
    "ShardIndex",
    "ShardReading",
    "ShardResult",
    "ShardedResult",
    "finish_shard",
    "pick",
    "plan_shards",
    "read_shard",
    "run_sharded",
]

Where = Literal["file", "halo", "index"]

HOW_CHECKS_SHARD: Mapping[Check, Where] = {
    # Each record on its own (and the source text it names): in the map, on the shard alone.
    check_slugs: "file",
    check_source_texts: "file",
    check_texts: "file",
    check_placeholders: "file",
    check_probabilities: "file",
    # Every id of a kind, and every id a reference may name (with "did you mean" over all of
    # them, in the ledger's order): in the reduce, on the skeleton the indexes make.
    check_unique_ids: "index",
    check_references: "index",
    # A record and the few records of other files it depends on: in the map, with its halo.
    check_quotes: "halo",  # a prediction's source (the first with that id)
    check_dates: "halo",  # an outcome's prediction
    check_outcomes: "halo",  # an outcome's prediction, its prediction's outcomes, corrections
    # Shared questions and references: every question id, every claim on a question, every
    # reference of a question's claims; the index carries the fields they read (questions
    # and references whole: a ledger has few of them, small ones).
    check_questions: "index",
    check_reference_records: "index",
}
"""How each check of `CHECKS` is split between the map and the reduce:

- `file`: a record's problems depend on that record alone (and files it names): the map
  runs the check on the shard;
- `halo`: they depend on records other files may hold, each found by an id the record
  names: the map runs the check on the shard with those records fetched (`Halo`);
- `index`: they depend on every id of the ledger: the reduce runs the check on the
  skeleton of the whole ledger that the shards' indexes make (ids, lines, references).

A check added to `CHECKS` must be added here (tests/test_shard.py fails until it is), with
the halo it needs added to `LedgerIndex.halo` when it is a `halo` check."""

INDEX_CHECKS: tuple[Check, ...] = tuple(c for c in CHECKS if HOW_CHECKS_SHARD.get(c) == "index")
SHARD_CHECKS: tuple[Check, ...] = tuple(c for c in CHECKS if HOW_CHECKS_SHARD.get(c) != "index")

_Position = tuple[int, int]
"""A record's place in the whole ledger among the records of its kind: (file rank, index in
the file)."""

# -- planning ----------------------------------------------------------------------------------


@frozen(kw_only=True)
class Plan:
    """A ledger's files in the order one process reads them, split into shards."""

    root: str
    files: tuple[str, ...]
    """Every file, relative to the root, in the order `read_ledger` reads them."""
    shards: tuple[tuple[int, ...], ...]
    """Each shard's files, as ranks in `files`, in rank order; no shard is empty."""
    problems: tuple[Problem, ...] = ()
    """The ledger's own problems (a folder that cannot be listed, no file at all)."""


def _group(name: str) -> str:
    """Files sharing a group go to one shard: a source file and its outcome file share a name."""
    return PurePosixPath(name).stem


def plan_shards(path: str | os.PathLike[str] | None, count: int) -> Plan:
    """The ledger's files split into at most `count` shards of about as many file groups each,
    a source file with the outcome file of the same name."""
    if count < 1:
        raise ValueError(f"a ledger is split into 1 shard or more, not {count}")
    root = find_ledger(path)
    problems: list[Problem] = []
    files = tuple(relative(root, file) for file in find_files(root, problems))
    if not files:
        problems.append(
            Problem(
                path=f"{PREDICTIONS_DIR}/",
                line=0,
                message="holds no .toml files; `predictledger init NEW-FOLDER` starts a ledger "
                "with the files it needs",
            )
        )
    groups: dict[str, list[int]] = {}
    for rank, name in enumerate(files):
        groups.setdefault(_group(name), []).append(rank)
    ordered = [groups[key] for key in sorted(groups)]
    count = min(count, len(ordered)) or 1
    shards: list[list[int]] = [[] for _ in range(count)]
    for number, group in enumerate(ordered):
        shards[number * count // len(ordered)].extend(group)
    return Plan(
        root=str(root),
        files=files,
        shards=tuple(tuple(sorted(shard)) for shard in shards if shard),
        problems=tuple(problems),
    )


# -- round 1: reading, and the index a shard hands back ---------------------------------------


@frozen(kw_only=True)
class FileIndex:
    """What the reduce needs of one file: ids, lines and references, nothing of the texts."""

    name: str
    rank: int
    problems: tuple[Problem, ...]
    """The problems met reading the file (each kept the record it concerns out)."""
    unreadable: frozenset[tuple[str, str]]
    ids: tuple[tuple[str, ...], ...]
    """The ids of the file's records, one tuple per kind of `KINDS`, in file order."""
    lines: tuple[tuple[tuple[int, int | None], ...], ...]
    """(line, column) of each of those records."""
    people: tuple[tuple[str | None, ...], ...]
    """Per source: the author id of each person (None for a person without one)."""
    authors: tuple[Author, ...]
    sectors: tuple[Sector, ...]
    predictions: tuple[tuple[str, str, str, str | None, bool, Kind, Dating], ...]
    """Per prediction: (author, sector, source, question, negates, kind, made_on)."""
    outcomes: tuple[tuple[str | None, str | None, str | None, dt.date, str], ...]
    """Per outcome: (prediction, question, supersedes, resolved_on, and the digest of a
    question's outcome, which the reduce checks; "" for a prediction's)."""
    questions: tuple[Question, ...] = ()
    references: tuple[Reference, ...] = ()


@frozen(kw_only=True)
class ShardIndex:
    """The index of a shard: its files' indexes."""

    files: tuple[FileIndex, ...]


@frozen(kw_only=True)
class ShardReading:
    """A shard as read, held where it was read: its files' results, with their ranks."""

    root: str
    ranks: tuple[int, ...]
    files: tuple[FileResult, ...]

    def index(self) -> ShardIndex:
        return ShardIndex(
            files=tuple(_file_index(r, f) for r, f in zip(self.ranks, self.files, strict=True))
        )

    def records(self, kind: str) -> Iterable[tuple[_Position, Any]]:
        """(position, record) of each of the shard's records of a kind."""
        plural = _PLURAL[kind]
        for rank, file in zip(self.ranks, self.files, strict=True):
            for index, record in enumerate(getattr(file.records, plural)):
                yield (rank, index), record


_PLURAL = {kind.name: kind.plural for kind in KINDS}
_WHOLE = frozenset({"question", "reference"})
"""The kinds the index carries whole (records, not skeletons)."""


def _origin(record: Any) -> tuple[int, int | None]:
    origin: Location | None = record.origin
    return (0, None) if origin is None else (origin.line, origin.column)


def _file_index(rank: int, file: FileResult) -> FileIndex:
    records = file.records
    groups = [getattr(records, kind.plural) for kind in KINDS]
    return FileIndex(
        name=file.path,
        rank=rank,
        problems=(*file.read_problems, *records.problems),
        unreadable=records.unreadable,
        ids=tuple(tuple(r.id for r in group) for group in groups),
        lines=tuple(tuple(_origin(r) for r in group) for group in groups),
        people=tuple(tuple(p.author for p in s.people) for s in records.sources),
        authors=records.authors,
        sectors=records.sectors,
        predictions=tuple(
            (p.author, p.sector, p.source, p.question, p.negates, p.kind, p.made_on)
            for p in records.predictions
        ),
        outcomes=tuple(
            (
                o.prediction,
                o.question,
                o.supersedes,
                o.resolved_on,
                o.digest if o.prediction is None else "",
            )
            for o in records.outcomes
        ),
        questions=records.questions,
        references=records.references,
    )


def read_shard(
    root: str | os.PathLike[str],
    names: Sequence[str],
    ranks: Sequence[int],
    limits: Limits = DEFAULT_LIMITS,
) -> ShardReading:
    """Read a shard's files (relative to the root) as `read_ledger` reads each file."""
    base = Path(root)
    within = Within(base)
    files = tuple(
        finish_one(base, base / name, limits, _PARSE_FILE(base, base / name, limits, within=within))
        for name in names
    )
    return ShardReading(root=str(base), ranks=tuple(ranks), files=files)


# -- the reduce over the indexes ---------------------------------------------------------------


class _Skeleton:
    """A record as the index knows it: enough for the `index` checks, which read no more."""

    __slots__ = (
        "author",
        "digest",
        "id",
        "kind",
        "made_on",
        "negates",
        "origin",
        "people",
        "position",
        "prediction",
        "question",
        "resolved_on",
        "sector",
        "source",
        "supersedes",
        "target",
    )

    def __init__(self, record_id: str, origin: Location, position: _Position, **fields: Any):
        self.id = record_id
        self.origin = origin
        self.position = position
        for name, value in fields.items():
            setattr(self, name, value)


def _ledger(root: Path, records: Mapping[str, Sequence[Any]]) -> Ledger:
    """A ledger of these records, by kind (plural names)."""
    return Ledger(
        root=root,
        sources=tuple(records["sources"]),
        authors=tuple(records["authors"]),
        sectors=tuple(records["sectors"]),
        predictions=tuple(records["predictions"]),
        outcomes=tuple(records["outcomes"]),
        questions=tuple(records["questions"]),
        references=tuple(records["references"]),
    )


class _Person:
    __slots__ = ("author",)

    def __init__(self, author: str | None) -> None:
        self.author = author


@frozen(kw_only=True)
class Halo:
    """The records of other shards that one shard's records depend on, by owner shard."""

    wanted: Mapping[int, tuple[tuple[str, _Position], ...]]
    """For each owner shard: (kind, position) of each record it must hand over."""


class LedgerIndex:
    """The indexes of every shard merged: the skeleton of the whole ledger, in file order."""

    def __init__(self, plan: Plan, indexes: Iterable[ShardIndex]) -> None:
        by_rank = {file.rank: file for index in indexes for file in index.files}
        if sorted(by_rank) != list(range(len(plan.files))):
            raise ValueError("the indexes do not cover each file of the plan exactly once")
        self.plan = plan
        self.files = tuple(by_rank[rank] for rank in range(len(plan.files)))
        self.owner = {rank: number for number, shard in enumerate(plan.shards) for rank in shard}
        self.unreadable: frozenset[tuple[str, str]] = frozenset().union(
            *(f.unreadable for f in self.files)
        )
        self.read_problems = (*plan.problems, *(p for f in self.files for p in f.problems))
        self.ledger = self._skeleton()

    def _skeleton(self) -> Ledger:
        kinds: dict[str, list[Any]] = {kind.plural: [] for kind in KINDS}
        self.whole: dict[int, _Position] = {}
        """The position of each question and reference, kept whole in the skeleton."""
        for file in self.files:
            for k, kind in enumerate(KINDS):
                out = kinds[kind.plural]
                for i, (record_id, (line, column)) in enumerate(
                    zip(file.ids[k], file.lines[k], strict=True)
                ):
                    origin = Location(path=file.name, line=line, column=column)
                    position = (file.rank, i)
                    if kind.name == "author":
                        out.append(file.authors[i])
                    elif kind.name == "sector":
                        out.append(file.sectors[i])
                    elif kind.name == "question":
                        out.append(file.questions[i])
                        self.whole[id(file.questions[i])] = position
                    elif kind.name == "reference":
                        out.append(file.references[i])
                        self.whole[id(file.references[i])] = position
                    elif kind.name == "source":
                        people = tuple(_Person(a) for a in file.people[i])
                        out.append(_Skeleton(record_id, origin, position, people=people))
                    elif kind.name == "prediction":
                        author, sector, source, question, negates, kind_, made_on = (
                            file.predictions[i]
                        )
                        out.append(
                            _Skeleton(
                                record_id,
                                origin,
                                position,
                                author=author,
                                sector=sector,
                                source=source,
                                question=question,
                                negates=negates,
                                kind=kind_,
                                made_on=made_on,
                            )
                        )
                    else:
                        prediction, question, supersedes, resolved_on, digest = file.outcomes[i]
                        target = prediction if prediction is not None else (question or "")
                        out.append(
                            _Skeleton(
                                record_id,
                                origin,
                                position,
                                prediction=prediction,
                                question=question,
                                target=target,
                                supersedes=supersedes,
                                resolved_on=resolved_on,
                                digest=digest,
                            )
                        )
        return _ledger(Path(self.plan.root), kinds)

    def problems(self, today: dt.date) -> list[Problem]:
        """The problems of the `index` checks, on the whole ledger's skeleton."""
        return list(self.checked(today)[0])

    def checked(self, today: dt.date) -> tuple[tuple[Problem, ...], tuple[Problem, ...]]:
        """The problems of the `index` checks, and the consequences they found (a shared
        question's goalposts moved), listed apart as `check` lists them."""
        context = CheckContext(self.ledger, self.unreadable, today=today)
        problems = tuple(problem for check in INDEX_CHECKS for problem in check(context))
        return problems, tuple(context.consequences)

    def counts(self) -> dict[str, int]:
        """How many sources, predictions and outcomes were read, as `check` counts them."""
        return self.ledger.counts()

    def left_out(self) -> str:
        """What the read commands leave out of a ledger read with problems, as
        `Sound.summary` says it (an empty string when nothing is)."""
        if not self.read_problems:
            return ""
        reading = ReadResult(
            ledger=self.ledger, problems=self.read_problems, unreadable=self.unreadable
        )
        return reading.sound().summary()

    def sharded(
        self,
        result: ShardResult,
        problems: tuple[Problem, ...],
        consequences: tuple[Problem, ...],
    ) -> ShardedResult:
        """The whole: the shards' merged `result` with what the reduce found (the problems and
        consequences of `checked`), the counts and the registries."""
        return ShardedResult(
            read_problems=self.read_problems,
            index_problems=problems,
            index_consequences=consequences,
            result=result,
            registries=self.registries(),
            counts=self.counts(),
            left_out=self.left_out(),
        )

    def registries(self) -> Ledger:
        """The ledger of the authors and sectors alone (the scorecard's names)."""
        ledger = self.ledger
        return Ledger(root=ledger.root, authors=ledger.authors, sectors=ledger.sectors)

    def halos(self) -> list[Halo]:
        """Each shard's halo: the records of other shards its `halo` checks and its tallies
        read. For a shard's predictions: the source each names (the first with that id) and
        every outcome of the same id; for its outcomes: the prediction each names (the first
        with that id) and every outcome of that prediction; and every outcome that supersedes
        one of those outcomes, or supersedes what one of its outcomes supersedes. For its
        claims on a shared question: the question's outcomes, as a prediction's; for each of
        its claims: the references on it and on its question, and every reference
        that supersedes one of those (what the tallies read)."""
        ledger: Any = self.ledger  # of skeletons, which know their position
        sources: dict[str, Any] = {}
        for source in ledger.sources:
            sources.setdefault(source.id, source)
        correcting_references: dict[str, list[Any]] = {}
        for reference in ledger.references:
            if reference.supersedes is not None:
                correcting_references.setdefault(reference.supersedes, []).append(reference)
        correcting: dict[str, list[Any]] = {}
        for outcome in ledger.outcomes:
            if outcome.supersedes is not None:
                correcting.setdefault(outcome.supersedes, []).append(outcome)
        own: list[list[Any]] = [[] for _ in self.plan.shards]
        owned: list[list[Any]] = [[] for _ in self.plan.shards]
        for prediction in ledger.predictions:
            own[self.owner[prediction.position[0]]].append(prediction)
        for outcome in ledger.outcomes:
            owned[self.owner[outcome.position[0]]].append(outcome)
        halos = []
        for number in range(len(self.plan.shards)):
            wanted: dict[tuple[str, _Position], None] = {}

            def want(
                kind: str, record: Any, shard: int = number, into: dict[Any, None] = wanted
            ) -> None:
                position = self.whole[id(record)] if kind in _WHOLE else record.position
                if self.owner[position[0]] != shard:
                    into[(kind, position)] = None

            related: dict[str, None] = {}
            priced: dict[str, None] = {}
            for prediction in own[number]:
                source = sources.get(prediction.source)
                if source is not None:
                    want("source", source)
                related[prediction.id] = None
                priced[prediction.id] = None
                if prediction.question is not None:
                    # The question's outcomes resolve the claim; the question itself is read
                    # by the `index` checks alone.
                    related[prediction.question] = None
                    priced[prediction.question] = None
            for target in priced:
                for reference in ledger.references_of(target):
                    want("reference", reference)
                    for correction in correcting_references.get(reference.id, ()):
                        want("reference", correction)
            corrected: dict[str, None] = {}
            for outcome in owned[number]:
                if outcome.prediction is not None and ledger.has_prediction(outcome.prediction):
                    want("prediction", ledger.prediction(outcome.prediction))
                related[outcome.target] = None
                corrected[outcome.id] = None
                if outcome.supersedes is not None:
                    corrected[outcome.supersedes] = None
            for prediction_id in related:
                for outcome in ledger.outcomes_of(prediction_id):
                    want("outcome", outcome)
                    corrected[outcome.id] = None
            for outcome_id in corrected:
                for outcome in correcting.get(outcome_id, ()):
                    want("outcome", outcome)
            by_owner: dict[int, list[tuple[str, _Position]]] = {}
            for kind, position in wanted:
                by_owner.setdefault(self.owner[position[0]], []).append((kind, position))
            halos.append(Halo(wanted={o: tuple(w) for o, w in sorted(by_owner.items())}))
        return halos


# -- round 2: the halo handed over, then the checks and tallies of each shard ------------------


def pick(
    reading: ShardReading, wanted: Iterable[tuple[str, _Position]]
) -> tuple[tuple[str, _Position, Any], ...]:
    """The records of this shard at these positions: (kind, position, record)."""
    files = dict(zip(reading.ranks, reading.files, strict=True))
    return tuple(
        (kind, (rank, index), getattr(files[rank].records, _PLURAL[kind])[index])
        for kind, (rank, index) in wanted
    )


@frozen(kw_only=True)
class ShardResult:
    """What a shard hands back at the end: its problems and its tallies. Results merge
    exactly, in any order and any grouping (`merge`; `ShardResult()` is the identity)."""

    problems: tuple[Problem, ...] = ()
    consequences: tuple[Problem, ...] = ()
    """Problems that follow from others (goalposts moved), listed after the rest."""
    tallies: Mapping[tuple[str, ...], Tally] = field(factory=dict)
    years: Mapping[tuple[str, ...], Tally] = field(factory=dict)
    """Each group's tally by year of resolution: keys (*group, year)."""
    lengths: Mapping[tuple[str, ...], Tally] = field(factory=dict)
    """Each group's tally by horizon length: keys (*group, length)."""
    forecasts: tuple[QuestionForecast, ...] = ()
    """The forecasts on shared questions, for the peer scores (a few: claims on questions)."""
    pairs: Mapping[tuple[str, ...], frozenset[tuple[str, str]]] = field(factory=dict)
    """Each group's (author, question) pairs."""

    def merge(self, other: ShardResult) -> ShardResult:
        return ShardResult.merge_all((self, other))

    @staticmethod
    def merge_all(results: Iterable[ShardResult]) -> ShardResult:
        """The merge of any number of results in one pass: each group's tallies summed once
        (`Tally.sum`), which costs far less than a chain of pairwise merges when there are
        many groups (a group per author and year)."""
        results = tuple(results)
        pairs: dict[tuple[str, ...], frozenset[tuple[str, str]]] = {}
        for result in results:
            for key, members in result.pairs.items():
                pairs[key] = pairs.get(key, frozenset()) | members
        return ShardResult(
            problems=tuple(sorted_problems(p for r in results for p in r.problems)),
            consequences=tuple(sorted_problems(p for r in results for p in r.consequences)),
            tallies=merge_groups(*(r.tallies for r in results)),
            years=merge_groups(*(r.years for r in results)),
            lengths=merge_groups(*(r.lengths for r in results)),
            # In one order whatever the order of the results, so that merges compare equal.
            forecasts=tuple(
                sorted(
                    (f for r in results for f in r.forecasts),
                    key=lambda f: (f.question, f.author, f.prediction),
                )
            ),
            pairs=pairs,
        )


def finish_shard(
    reading: ShardReading,
    *halo: tuple[tuple[str, _Position, Any], ...],
    unreadable: frozenset[tuple[str, str]],
    read_problems: bool,
    today: dt.date,
    by: tuple[str, ...] | None,
    as_of: dt.date,
) -> ShardResult:
    """Run the checks that are not `index` checks on the shard with its halo, keeping the
    problems of the shard's own files, and tally its predictions (by `by`, unless None) as
    the read commands score them: records left out of a reading with problems left out here.

    `halo` is what `pick` gave each owner; `unreadable` the ids of every shard's records that
    could not be read; `read_problems` whether reading any file of the ledger met a problem."""
    kinds: dict[str, list[tuple[_Position, Any]]] = {kind.name: [] for kind in KINDS}
    for kind in KINDS:
        kinds[kind.name].extend(reading.records(kind.name))
    for part in halo:
        for kind_name, position, record in part:
            kinds[kind_name].append((position, record))
    records = {
        _PLURAL[name]: [r for _, r in sorted(found, key=lambda item: item[0])]
        for name, found in kinds.items()
    }
    ledger = _ledger(Path(reading.root), records)
    names = {file.path for file in reading.files}
    context = CheckContext(ledger, unreadable, today=today)
    problems = [p for check in SHARD_CHECKS for p in check(context) if p.path in names]
    consequences = [p for p in context.consequences if p.path in names]
    if by is None:
        return ShardResult(
            problems=tuple(sorted_problems(problems)),
            consequences=tuple(sorted_problems(consequences)),
        )
    marker = (Problem(path="", line=0, message=""),) if read_problems else ()
    sound = ReadResult(ledger=ledger, problems=marker, unreadable=unreadable).sound().ledger
    own = [p for p in sound.predictions if cast(Location, p.origin).path in names]
    # As `scorecard()` scores them: each claim's standing once, then every tally of it.
    stood = list(standings(sound, by, as_of, own))
    mine = {p.id for p in own}
    forecasts = tuple(f for f in question_forecasts(sound, as_of) if f.prediction in mine)
    return ShardResult(
        problems=tuple(sorted_problems(problems)),
        consequences=tuple(sorted_problems(consequences)),
        tallies=tally_standings(stood, reference_of(sound)),
        years=tally_standings(by_resolution_year(stood)),
        lengths=tally_standings(by_horizon_length(stood)),
        forecasts=forecasts,
        pairs={
            key: frozenset(members)
            for key, members in peer_pairs(stood, {f.prediction for f in forecasts}).items()
        },
    )


# -- the whole ---------------------------------------------------------------------------------


@frozen(kw_only=True)
class ShardedResult:
    """A ledger checked and tallied shard by shard."""

    read_problems: tuple[Problem, ...]
    index_problems: tuple[Problem, ...]
    result: ShardResult
    registries: Ledger
    """The authors and sectors of the ledger (the names a scorecard shows)."""
    counts: Mapping[str, int]
    """How many sources, predictions and outcomes were read."""
    left_out: str = ""
    """What the read commands leave out, as `Sound.summary` says it."""
    index_consequences: tuple[Problem, ...] = ()
    """The consequences the `index` checks found (a shared question's goalposts moved)."""

    def problems(self) -> list[Problem]:
        """Every problem, as `check(read_ledger(root))` lists them."""
        rest = (*self.read_problems, *self.index_problems, *self.result.problems)
        after = (*self.result.consequences, *self.index_consequences)
        return [*sorted_problems(rest), *sorted_problems(after)]

    @property
    def tallies(self) -> Mapping[tuple[str, ...], Tally]:
        return self.result.tallies

    def scorecard(self, by: tuple[str, ...], as_of: dt.date) -> Scorecard:
        """The scorecard of the merged tallies (`by` as they were tallied): the groups, ranks,
        names and total of `scorecard()`, without the per-prediction rows, which stay on the
        workers."""
        tallies = self.tallies
        ranks = _ranks(tallies)

        def order(key: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
            pairs = zip(by, key, strict=True)
            return tuple(DIMENSIONS[name].sort_key(value) for name, value in pairs)

        def label(key: tuple[str, ...]) -> str:
            pairs = zip(by, key, strict=True)
            return " / ".join(_label(self.registries, name, value) for name, value in pairs)

        peers = peer_means(
            peer_scores(self.result.forecasts),
            {key: set(members) for key, members in self.result.pairs.items()},
        )
        years = _split(self.result.years)
        lengths = _split(self.result.lengths)

        def score(key: tuple[str, ...]) -> Any:
            found = peers.get(key, (None, 0))
            group = _group_score(
                key,
                label(key),
                tallies[key],
                (),
                ranks.get(key),
                _Extra(peer_score=found[0], peer_questions=found[1]),
            )
            return evolve(
                group,
                years=year_breakdowns(years.get(key, {})),
                lengths=length_breakdowns(lengths.get(key, {})),
            )

        groups = tuple(score(key) for key in sorted(tallies, key=order))
        total_peer = peers.get(None, (None, 0))
        total = evolve(
            _group_score(
                (),
                "all",
                Tally.sum(tallies.values()),
                (),
                None,
                _Extra(peer_score=total_peer[0], peer_questions=total_peer[1]),
            ),
            years=(),
            lengths=(),
        )
        return Scorecard(as_of=as_of, by=by, groups=groups, total=total)


def _split(
    tallies: Mapping[tuple[str, ...], Tally],
) -> dict[tuple[str, ...], dict[tuple[str, ...], Tally]]:
    """Tallies keyed (*group, value) split by group: {group: {(*group, value): tally}}."""
    split: dict[tuple[str, ...], dict[tuple[str, ...], Tally]] = {}
    for key, tally in tallies.items():
        split.setdefault(key[:-1], {})[key] = tally
    return split


def shard_files(plan: Plan, number: int) -> tuple[list[str], list[int]]:
    """The names and ranks of a shard's files, for `read_shard`."""
    ranks = list(plan.shards[number])
    return [plan.files[rank] for rank in ranks], ranks


def run_sharded(
    path: str | os.PathLike[str] | None,
    shards: int,
    *,
    by: tuple[str, ...] | None = ("author",),
    as_of: dt.date | None = None,
    today: dt.date | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ShardedResult:
    """Both rounds in this process, shard after shard: what a cluster runs, for tests and as
    the reference of the engines' drivers."""
    day = today or dt.date.today()
    plan = plan_shards(path, shards)
    readings = [
        read_shard(plan.root, *shard_files(plan, n), limits) for n in range(len(plan.shards))
    ]
    index = LedgerIndex(plan, (reading.index() for reading in readings))
    index_problems, index_consequences = index.checked(day)
    results = []
    for reading, halo in zip(readings, index.halos(), strict=True):
        parts = [pick(readings[owner], wanted) for owner, wanted in halo.wanted.items()]
        results.append(
            finish_shard(
                reading,
                *parts,
                unreadable=index.unreadable,
                read_problems=bool(index.read_problems),
                today=day,
                by=by,
                as_of=as_of or day,
            )
        )
    return index.sharded(ShardResult.merge_all(results), index_problems, index_consequences)

"""What every import shares: a platform's forecast in one neutral shape (`Forecast`), the
records it becomes, and the plan of appends that brings them into a ledger.

Where imported records go
    Each import of platform P for author A goes to one source, `P-A` (for example
    `fatebook-alice`), in `predictions/sources/P-A.toml`, whose text is `seeds/imports/P-A.txt`:
    one line per question title, which is each prediction's quote. Outcomes go to
    `predictions/outcomes/P-A.toml`. A later import appends to the same files.

Provenance
    A prediction's `note` says where it came from: the platform, the file's name, the row, and
    the row's original values as JSON (`imported from fatebook: export.csv row 3; original
    {...}`). Its tags start with the platform's name. The note and tags take no part in the
    prediction's digest, so provenance never moves a goalpost.

Idempotence
    Ids derive from the platform's own ids (`<platform>-<readable part>-<8 hex digits of a
    hash of the platform id>`): importing the same file again finds every id already there and
    adds nothing; a newer export adds only the new forecasts, and outcomes for questions that
    have resolved since.

Nothing is written unless the whole import passes: every row is read first (a bad row is
reported as `file:row: reason`), then the ledger is checked with every new record in it, and
only then are the source text and the files appended to, through `writing`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import evolve, field, frozen

from .._checks import check
from .._digest import prediction_digest
from .._ledger import Ledger
from .._problems import Problem, sorted_problems
from .._records import (
    Author,
    Basis,
    Horizon,
    Location,
    Outcome,
    PartialDate,
    Participant,
    Prediction,
    Probability,
    Question,
    Reference,
    Role,
    Sector,
    Source,
    Verdict,
)
from .._text import SLUG_MAX, quote_key
from ..errors import LedgerError, RequestError
from .writing import Record, append_to_file, render, write_text

__all__ = [
    "BadRows",
    "FileAppend",
    "Forecast",
    "Plan",
    "apply_plan",
    "check_plan",
    "choose_user",
    "plan_forecasts",
    "show_plan",
    "stable_id",
]

SEEDS_FOLDER = "seeds/imports"


@frozen(kw_only=True)
class Forecast:
    """One forecast of the user, as every platform's reader gives it."""

    key: str
    """The platform's id of this forecast (a question id and a forecast id or time)."""
    title: str
    """The question as the platform states it: the prediction's claim and quote."""
    made_at: dt.datetime
    """When the forecast was made, timezone-aware."""
    probability: float
    """The probability of YES, in [0, 1]."""
    row: int
    """The row (CSV: the line; JSON: the position in its array, from 1) it was read from."""
    original: Mapping[str, Any]
    """The row's values as the file holds them."""
    closes: dt.date | None = None
    """When the question closes or is due to resolve; `None` when it does not say."""
    url: str | None = None
    tags: tuple[str, ...] = ()
    verdict: Verdict | None = None
    credit: float | None = None
    resolved_on: dt.date | None = None
    resolution: str | None = None
    """The platform's word for the resolution, as written (`YES`, `MKT`, `annulled`...)."""


class BadRows(LedgerError):
    """Rows of an import file that cannot be read: each is a `file:row: reason` problem."""


def bad_row(name: str, row: int, reason: str) -> Problem:
    return Problem(path=name, line=row, message=reason)


def refuse(problems: Sequence[Problem]) -> None:
    if problems:
        raise BadRows(problems)


def choose_user(users: Iterable[str], given: str | None, author: Author, what: str) -> str:
    """Which of the file's users is the author: `given` (`--user`), the only one, or the one
    named like the author (its name or an alias)."""
    found = sorted(set(users))
    if given is not None:
        if given not in found:
            raise RequestError(
                f"--user {given!r}: no {what} by that user in the file; it holds {_listing(found)}"
            )
        return given
    if len(found) == 1:
        return found[0]
    names = {author.name, *author.aliases}
    matching = [user for user in found if user in names]
    if len(matching) == 1:
        return matching[0]
    if not found:
        raise RequestError(f"the file holds no {what}")
    raise RequestError(
        f"the file holds the {what} of {_listing(found)}; say whose with --user NAME "
        f"(or give author '{author.id}' that name as an alias)"
    )


def _listing(names: Sequence[str]) -> str:
    shown = ", ".join(repr(name) for name in names[:8])
    return shown + (f" and {len(names) - 8} more" if len(names) > 8 else "") if names else "none"


def stable_id(prefix: str, key: str, *, readable: str = "") -> str:
    """A slug for the platform id `key`: the prefix, a readable part, and 8 hex digits of its
    hash, so that ids differing only in case (Manifold's) stay distinct."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    words = re.sub(r"[^a-z0-9]+", "-", (readable or key).lower()).strip("-")
    room = SLUG_MAX - len(prefix) - len(digest) - 2
    words = words[:room].strip("-")
    return f"{prefix}-{words}-{digest}" if words else f"{prefix}-{digest}"


def _collapsed(text: str) -> str:
    """`text` on one line, its runs of white space made single spaces."""
    return " ".join(text.split())


@frozen(kw_only=True)
class FileAppend:
    """Records to append to one ledger file, after `source` when the file is new."""

    target: str
    records: tuple[Record, ...]
    source: Source | None = None


@frozen(kw_only=True)
class Plan:
    """What an import adds: appends in order, and source texts to write first."""

    appends: tuple[FileAppend, ...]
    texts: Mapping[str, str] = field(factory=dict)
    """Each source text's whole new content, by path relative to the ledger root."""
    skipped: int = 0
    """Records the ledger already holds."""

    @property
    def counts(self) -> dict[str, int]:
        counted: dict[str, int] = {}
        for append in self.appends:
            if append.source is not None:
                counted["source"] = counted.get("source", 0) + 1
            for record in append.records:
                kind = type(record).__name__.lower()
                counted[kind] = counted.get(kind, 0) + 1
        return counted

    @property
    def empty(self) -> bool:
        return not self.appends


def describe(counts: Mapping[str, int]) -> str:
    parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items() if n]
    return ", ".join(parts) if parts else "nothing"


# -- forecasts into records -----------------------------------------------------------------


def plan_forecasts(
    ledger: Ledger,
    forecasts: Sequence[Forecast],
    *,
    platform: str,
    display: str,
    homepage: str,
    author: Author,
    sector: str,
    file_name: str,
) -> Plan:
    """The appends that bring `forecasts` into the ledger, leaving out what it already holds."""
    source_id = f"{platform}-{author.id}"
    text_path = f"{SEEDS_FOLDER}/{source_id}.txt"
    target = f"predictions/sources/{source_id}.toml"
    outcome_target = f"predictions/outcomes/{source_id}.toml"
    try:
        source: Source | None = ledger.source(source_id)
    except KeyError:
        source = None
    predictions: list[Prediction] = []
    outcomes: list[Outcome] = []
    skipped = 0
    seen: set[str] = set()
    for forecast in forecasts:
        prediction = _prediction(forecast, platform, display, source_id, author, sector, file_name)
        if prediction.id in seen:
            continue
        seen.add(prediction.id)
        existing = ledger.has_prediction(prediction.id)
        if existing:
            skipped += 1
            prediction = ledger.prediction(prediction.id)
        else:
            predictions.append(prediction)
        if forecast.verdict is None:
            continue
        if existing and ledger.outcomes_of(prediction.id):
            skipped += 1
            continue
        outcomes.append(_outcome(forecast, prediction, display, file_name))
    appends: list[FileAppend] = []
    texts: dict[str, str] = {}
    if predictions:
        new_source = None
        if source is None:
            new_source = Source(
                id=source_id,
                title=f"{display} forecasts of {author.name}",
                publisher=display,
                published=PartialDate.from_date(min(p.made_on.earliest for p in predictions)),
                language="en",
                text=text_path,
                url=homepage,
                people=(Participant(role=Role.AUTHOR, name=author.name, author=author.id),),
                note=f"Imported with `predictledger import {platform}`: each prediction's note "
                "names the file and row it came from.",
            )
        texts = _source_text(ledger, source or new_source, display, author, predictions)
        appends.append(FileAppend(target=target, records=tuple(predictions), source=new_source))
    if outcomes:
        appends.append(FileAppend(target=outcome_target, records=tuple(outcomes)))
    return Plan(appends=tuple(appends), texts=texts, skipped=skipped)


def _provenance(platform: str, file_name: str, forecast: Forecast) -> str:
    original = json.dumps(dict(forecast.original), ensure_ascii=False, sort_keys=True)
    return f"imported from {platform}: {file_name} row {forecast.row}; original {original}"


def _prediction(
    forecast: Forecast,
    platform: str,
    display: str,
    source_id: str,
    author: Author,
    sector: str,
    file_name: str,
) -> Prediction:
    title = _collapsed(forecast.title)
    made_on = forecast.made_at.astimezone(dt.UTC).date()
    end = forecast.closes
    phrase = f"by {end.isoformat()}" if end is not None else "when the question resolves"
    if end is not None and end < made_on:
        end = made_on  # a forecast made after the close date: due the day it was made
    return Prediction(
        id=stable_id(platform, forecast.key, readable=title[:24]),
        source=source_id,
        author=author.id,
        made_on=made_on,
        claim=title,
        quote=title,
        horizon=Horizon(phrase=phrase, start=made_on, end=end),
        sector=sector,
        resolution=f"As the question resolves on {display}"
        + (f" ({forecast.url})" if forecast.url else "")
        + ": YES is true, NO false; the probability is that of YES.",
        probability=Probability(value=forecast.probability, basis=Basis.STATED),
        tags=(platform, *forecast.tags),
        note=_provenance(platform, file_name, forecast),
    )


def _outcome(forecast: Forecast, prediction: Prediction, display: str, file_name: str) -> Outcome:
    assert forecast.verdict is not None
    assert forecast.resolved_on is not None
    where = forecast.url or f"{file_name} row {forecast.row}"
    return Outcome(
        id=f"{prediction.id}-r1",
        prediction=prediction.id,
        verdict=forecast.verdict,
        resolved_on=max(forecast.resolved_on, prediction.made_on.earliest),
        evidence=(
            f"{display} resolved the question {forecast.resolution} on "
            f"{forecast.resolved_on.isoformat()}: {where}",
        ),
        digest=prediction_digest(prediction),
        credit=forecast.credit,
        note=f"imported from {display}: {file_name} row {forecast.row}",
    )


def _source_text(
    ledger: Ledger,
    source: Source | None,
    display: str,
    author: Author,
    predictions: Sequence[Prediction],
) -> dict[str, str]:
    assert source is not None
    path = ledger.root / source.text
    try:
        old = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = f"Questions {author.name} forecast on {display}, one a line.\n"
    except (OSError, UnicodeDecodeError) as error:
        raise RequestError(f"cannot read the source text {source.text}: {error}") from None
    known = {quote_key(line) for line in old.splitlines()}
    lines = []
    for prediction in predictions:
        key = quote_key(prediction.quote)
        if key not in known:
            known.add(key)
            lines.append(prediction.quote)
    if not lines:
        return {}
    if old and not old.endswith("\n"):
        old += "\n"
    return {source.text: old + "".join(line + "\n" for line in lines)}


# -- checking and applying a plan -------------------------------------------------------------


def _with_origin(record: Any, target: str) -> Any:
    return evolve(record, origin=Location(path=target, line=0))


def combined(ledger: Ledger, plan: Plan) -> Ledger:
    """The ledger with every record of the plan added, each at its target file."""
    kinds: dict[type, list[Any]] = {
        Source: list(ledger.sources),
        Author: list(ledger.authors),
        Sector: list(ledger.sectors),
        Prediction: list(ledger.predictions),
        Outcome: list(ledger.outcomes),
        Question: list(ledger.questions),
        Reference: list(ledger.references),
    }
    for append in plan.appends:
        if append.source is not None:
            kinds[Source].append(_with_origin(append.source, append.target))
        for record in append.records:
            kinds[type(record)].append(_with_origin(record, append.target))
    return Ledger(
        root=ledger.root,
        sources=tuple(kinds[Source]),
        authors=tuple(kinds[Author]),
        sectors=tuple(kinds[Sector]),
        predictions=tuple(kinds[Prediction]),
        outcomes=tuple(kinds[Outcome]),
        questions=tuple(kinds[Question]),
        references=tuple(kinds[Reference]),
    )


def check_plan(ledger: Ledger, plan: Plan) -> None:
    """Raise `LedgerError` with every problem the plan would bring into the ledger.

    The ledger is checked with all the new records in it at once (problems it already had do
    not count). Source texts the plan writes are not on disk yet: their quotes are checked
    here against the text the plan will write.
    """
    after = combined(ledger, plan)
    before = set(check(ledger))
    staged_sources = {s.id for s in after.sources if s.text in plan.texts}
    # The new records stand at line 0 of their target files: the problems about the text of a
    # staged source, or the quotes of its new predictions, are those the check on disk cannot
    # settle yet; they are settled below against the text the plan writes.
    staged_targets = {
        append.target
        for append in plan.appends
        if any(getattr(record, "source", None) in staged_sources for record in append.records)
        or (append.source is not None and append.source.id in staged_sources)
    }
    problems = [
        problem
        for problem in check(after)
        if problem not in before
        and not (
            problem.line == 0
            and problem.path in staged_targets
            and problem.field in ("text", "quote")
        )
    ]
    for prediction in after.predictions:
        if prediction.source in staged_sources:
            text = plan.texts[after.source(prediction.source).text]
            if quote_key(prediction.quote) not in quote_key(text):
                problems.append(
                    Problem.at(
                        prediction.origin,
                        f"prediction '{prediction.id}': field 'quote': does not occur in the "
                        "source text the import writes",
                        field="quote",
                    )
                )
    if problems:
        raise LedgerError(sorted_problems(problems))


def apply_plan(root: Path, plan: Plan) -> None:
    """Write the plan's source texts, then append its records file by file (hold the ledger's
    lock around the reading, the check and this). If an append is refused, the source texts
    are put back as they were."""
    saved: dict[str, bytes | None] = {}
    for relative in plan.texts:
        path = root / relative
        saved[relative] = path.read_bytes() if path.exists() else None
    try:
        for relative, text in plan.texts.items():
            write_text(root, relative, text)
        for append in plan.appends:
            append_to_file(root, append.target, append.records, source=append.source)
    except BaseException:
        for relative, data in saved.items():
            if data is None:
                (root / relative).unlink(missing_ok=True)
            else:
                write_text(root, relative, data.decode("utf-8"))
        raise


def show_plan(plan: Plan, root: Path) -> str:
    """What the plan would write, file by file, for `--dry-run`."""
    parts = []
    for relative, text in plan.texts.items():
        path = root / relative
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        added = text[len(old) :] if text.startswith(old) else text
        parts.append(f"# {relative} (source text): would add\n{added}")
    for append in plan.appends:
        parts.append(
            f"# {append.target}: would append\n" + render(append.records, source=append.source)
        )
    return "\n".join(parts)

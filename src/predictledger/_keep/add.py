"""Adding a prediction: the keeper gives the claim, the ledger derives the rest and checks it all.

A new prediction is given as the fields of a `[[prediction]]` table (from flags, or a TOML
snippet on standard input) together with its source. Four fields may be left out, because the
ledger can derive them the same way every time:

* `id`: the source's id and the first significant words of the claim, made unique;
* `made_on`: the source's `published` date, a range as it is and a month or a year as its
  last day (`claim_dating`);
* `horizon.start` and `horizon.end`: each, when absent, from the window of `horizon.phrase`
  (`parse_horizon`), counted from `made_on` (for a range, right for every day of it);
* `probability`: from the hedge word in the quote (`find_hedge`, in the source's language), or
  from the hedge word the keeper names; none when the quote holds no known hedge.

The prediction is appended to the file of its source, after the whole ledger has been checked
with it (the quote must stand verbatim in the source text, the author and sector must exist...):
anything the new prediction would bring in is refused, and nothing is written.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from attrs import frozen

from .._convert import FieldError, field_errors, structure, to_table
from .._convert.strict import dating
from .._ledger import Ledger
from .._paths import PREDICTIONS_DIR, find_ledger
from .._phrases.hedges import HedgeReading, find_hedge, find_hedges, implied_probability
from .._phrases.horizons import parse_horizon
from .._problems import Problem
from .._read.file import DEFAULT_LIMITS, Limits, depth_problems, parse_text
from .._read.lines import KeyPath, LineIndex, index_lines
from .._records import Dating, Kind, Prediction, Source, claim_dating
from .._text import SLUG_MAX, suggest
from .._write.append import Append, commit, prepare_append
from ..errors import HorizonError, LedgerError, RequestError
from .locked import locked_reading

__all__ = [
    "Addition",
    "Snippet",
    "add_prediction",
    "derive_id",
    "draft_prediction",
    "read_snippet",
]

STDIN = "<stdin>"


@frozen(kw_only=True)
class Snippet:
    """The fields of one prediction as the keeper wrote them, and where each one stands."""

    fields: Mapping[str, Any]
    origin: str = "<command line>"
    """How problems name where the fields came from: `<stdin>` for a snippet."""
    lines: LineIndex | None = None
    prefix: KeyPath = ()
    """The key path of the table in the snippet: `("prediction", 0)` under a header."""

    def problem(self, path: KeyPath, message: str) -> Problem:
        line = self.lines.line((*self.prefix, *path)) if self.lines is not None else 0
        return Problem(path=self.origin, line=line, message=message)


@frozen(kw_only=True)
class Addition:
    """A new prediction and where it went (or, in a dry run, would go)."""

    prediction: Prediction
    append: Append
    written: bool


def read_snippet(text: str, origin: str = STDIN, limits: Limits = DEFAULT_LIMITS) -> Snippet:
    """One prediction from TOML text: a `[[prediction]]` table, or the same keys without a
    header. Raises `LedgerError` for text that is not TOML or holds anything else.

    The text meets the reader's own guards and advice (`parse_text`, `depth_problems`): a
    snippet is no more trusted than a ledger file.
    """
    if len(text) > limits.max_file_bytes:
        raise LedgerError(
            [
                Problem(
                    path=origin,
                    line=0,
                    message=f"is over the limit of {limits.max_file_bytes:,} bytes; give one "
                    "prediction",
                )
            ]
        )
    parsed = parse_text(origin, text.removeprefix("\ufeff"), limits)
    if isinstance(parsed, list):
        raise LedgerError(parsed)
    too_deep = depth_problems(parsed, limits)
    if too_deep:
        raise LedgerError(too_deep)
    tables = parsed.tables
    lines = index_lines(text)
    if not tables:
        raise LedgerError(
            [Problem(path=origin, line=0, message="is empty; give one [[prediction]] table")]
        )
    if "prediction" not in tables:
        return Snippet(fields=tables, origin=origin, lines=lines)
    others = sorted(set(tables) - {"prediction"})
    raw = tables["prediction"]
    if others:
        key = others[0]
        if isinstance(tables[key], (dict, list)):
            problem = f"[{key}] has no place in a snippet; give one [[prediction]] table only"
        else:
            problem = f"'{key}' stands outside the [[prediction]] table; move it inside"
    elif isinstance(raw, dict):
        return Snippet(fields=raw, origin=origin, lines=lines, prefix=("prediction",))
    elif isinstance(raw, list) and len(raw) == 1 and isinstance(raw[0], dict):
        return Snippet(fields=raw[0], origin=origin, lines=lines, prefix=("prediction", 0))
    else:
        problem = "give exactly one [[prediction]] table; add predictions one at a time"
    line = lines.line((others[0],) if others else ("prediction",))
    raise LedgerError([Problem(path=origin, line=line, message=problem)])


# Words that say little about what a claim is about; the id keeps the ones that do.
_STOPWORDS = frozenset(
    " ".join(
        (
            "a an the will would shall should can could may might must be been being is are",
            "was were it its this that these those there their they of in on at to into onto",
            "from by for with within without as than then and or but not no nor so such very",
            "more most less least over under between before after about above below up down",
            "out if when while during until each every any some all both per",
        )
    ).split()
)
_ID_WORDS = 4
_ID_MAX = 64
"""Derived ids stay well under the slug limit, leaving room for an outcome's `-r<N>`."""


def derive_id(source_id: str, claim: str, taken: Iterable[str]) -> str:
    """A slug for a new prediction: the source id and the claim's first significant words,
    with `-2`, `-3`... added when the id is taken.

    >>> derive_id("techflow-2024", "Competition between L2s will be intense in 2024.", ())
    'techflow-2024-competition-l2s-intense-2024'
    """
    folded = unicodedata.normalize("NFKD", claim).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z0-9]+", folded) if w not in _STOPWORDS]
    base = source_id
    for word in words[:_ID_WORDS]:
        if len(base) + 1 + len(word) > _ID_MAX:
            break
        base = f"{base}-{word}"
    if base == source_id:
        base = f"{source_id}-claim"
    # Leave room for a "-<n>" suffix within the slug limit, however long the source id.
    base = base[: SLUG_MAX - 4].rstrip("-")
    used = set(taken)
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _peek(value: Any, kind: type) -> Any:
    """`value` read as `kind` with the ledger's strict rules, or `None` if it does not read.

    Derivations only peek at the fields they need: a field of the wrong type is reported once,
    when the whole prediction is structured.
    """
    try:
        return structure(value, kind)
    except Exception:  # every failure is reported by the final structuring
        return None


def _problems(snippet: Snippet, error: Exception, prefix: KeyPath = ()) -> list[Problem]:
    problems = []
    for item in field_errors(error):
        path = (*prefix, *item.path)
        dotted = FieldError(path=path, message=item.message).dotted
        problems.append(
            snippet.problem(
                path,
                f"prediction: field '{dotted}': {item.message}"
                if path
                else f"prediction: {item.message}",
            )
        )
    return problems


def _language(source: Source) -> str:
    # Hedge data is keyed by primary language: "fr-CA" reads French hedges.
    return source.language.split("-")[0].lower()


def _named_hedge(quote: str, word: str, language: str) -> HedgeReading:
    wanted = implied_probability(word, language=language)
    if wanted is None:
        raise RequestError(
            f"'{word}' is not a known hedge in language '{language}'; see docs/hedges.md, or "
            "give --probability"
        )
    # Prefer the words as they stand in the quote, so that `probability.hedge` is verbatim.
    for reading in find_hedges(quote, language=language):
        if reading.entry == wanted.entry and reading.scale == wanted.scale:
            return reading
    return wanted


def _horizon(snippet: Snippet, raw: Mapping[str, Any], made_on: Dating) -> dict[str, Any]:
    horizon = dict(raw)
    phrase = _peek(horizon.get("phrase"), str)
    if phrase is None or ("start" in horizon and "end" in horizon):
        return horizon
    try:
        window = parse_horizon(phrase, made_on)
    except HorizonError as error:
        dates = "--start and --end" if snippet.origin != STDIN else "horizon.start and .end"
        raise RequestError(f"{error}; or give {dates}") from None
    horizon.setdefault("start", window.start)
    if window.end is not None:
        horizon.setdefault("end", window.end)
    return horizon


def draft_prediction(
    ledger: Ledger,
    snippet: Snippet,
    *,
    source: str | None = None,
    hedge: str | None = None,
    derive_probability: bool = True,
) -> Prediction:
    """The prediction the keeper's fields describe, with every derivable field filled in.

    `source` names the prediction's source when the fields do not (`source = "..."`); `hedge`
    names the hedge word of the quote to read the probability from; with
    `derive_probability=False` a prediction given no probability gets none. Raises
    `RequestError` for what must change on the command line and `LedgerError` for fields of the
    wrong type.
    """
    fields = dict(snippet.fields)
    source_id = _source_id(snippet, fields.pop("source", None), source)
    try:
        the_source = ledger.source(source_id)
    except KeyError:
        known = (s.id for s in ledger.sources)
        raise RequestError(f"unknown source '{source_id}'{suggest(source_id, known)}") from None

    made_on = claim_dating(the_source.published)
    if "made_on" in fields:
        # The converter reports what is wrong with it, with the other fields.
        with contextlib.suppress(TypeError, ValueError):
            made_on = claim_dating(dating(fields["made_on"]))
    else:
        fields["made_on"] = made_on
    claim = _peek(fields.get("claim"), str)
    quote = _peek(fields.get("quote"), str)
    if isinstance(fields.get("horizon"), dict):
        fields["horizon"] = _horizon(snippet, fields["horizon"], made_on)
    if "id" not in fields:
        taken = (p.id for p in ledger.predictions)
        fields["id"] = derive_id(source_id, claim or "", taken)
    abstention = fields.get("kind") == Kind.ABSTENTION.value
    if hedge is not None and ("probability" in fields or quote is None or abstention):
        raise RequestError(
            "--hedge reads the probability from a hedge word of the quote; it needs a quote, "
            "no --probability, and a forecast or commitment"
        )
    if "probability" not in fields and quote is not None and not abstention:
        language = _language(the_source)
        reading: HedgeReading | None = None
        if hedge is not None:
            reading = _named_hedge(quote, hedge, language)
        elif derive_probability:
            reading = find_hedge(quote, language=language)
        if reading is not None:
            fields["probability"] = to_table(reading.as_probability())
    fields["source"] = source_id
    try:
        return structure(fields, Prediction)
    except Exception as error:  # every failure becomes a reported problem
        raise LedgerError(_problems(snippet, error)) from None


def _source_id(snippet: Snippet, given: Any, flag: str | None) -> str:
    if given is None:
        if flag is None:
            raise RequestError(
                "say which source the prediction comes from: --source ID, or "
                'source = "..." in the snippet'
            )
        return flag
    try:
        named = structure(given, str)
    except Exception as error:  # every failure becomes a reported problem
        raise LedgerError(_problems(snippet, error, ("source",))) from None
    if flag is not None and flag != named:
        raise RequestError(
            f'--source {flag} disagrees with source = "{named}" in the prediction; give one of them'
        )
    return named


def source_file(source: Source) -> str:
    """The file, relative to the ledger root, that holds the source and its predictions."""
    if source.origin is not None:
        return source.origin.path
    return f"{PREDICTIONS_DIR}/sources/{source.id}.toml"


def _check_question(ledger: Ledger, prediction: Prediction) -> None:
    """A claim on a shared question names a question of the ledger, still open when the claim
    was made; `negates` only with a question."""
    question = prediction.question
    if question is None:
        if prediction.negates:
            raise RequestError(
                "--negates needs --question ID: the question whose event the claim denies"
            )
        return
    if not ledger.has_question(question):
        known = [q.id for q in ledger.questions]
        raise RequestError(
            f"unknown question '{question}'{suggest(question, known)}; add it first with "
            "`predictledger question add`"
        )
    resolved = ledger.question_outcome(question)
    if resolved is not None and prediction.made_on.earliest > resolved.resolved_on:
        raise RequestError(
            f"question '{question}' was resolved on {resolved.resolved_on}, before the claim was "
            f"made ({prediction.made_on}): a claim on a settled event is no prediction"
        )


def add_prediction(
    path: str | os.PathLike[str] | None,
    snippet: Snippet,
    *,
    source: str | None = None,
    hedge: str | None = None,
    derive_probability: bool = True,
    dry_run: bool = False,
) -> Addition:
    """Add one prediction to the ledger at `path`, appended to its source's file.

    Raises `RequestError` or `LedgerError` (see `draft_prediction`), and `LedgerError` when the
    ledger with the new prediction would have a problem it lacked: then nothing is written.
    With `dry_run`, everything is checked and nothing is written.
    """
    root = find_ledger(path)
    # A dry run writes nothing, not even the lock file. The append is checked against the
    # ledger as read here, under the lock, with the source file's records replaced.
    with locked_reading(root, dry_run=dry_run) as reading:
        ledger = reading.ledger
        prediction = draft_prediction(
            ledger, snippet, source=source, hedge=hedge, derive_probability=derive_probability
        )
        _check_question(ledger, prediction)
        target = source_file(ledger.source(prediction.source))
        append = prepare_append(reading, target, [prediction])
        if not dry_run:
            commit(append)
    return Addition(prediction=prediction, append=append, written=not dry_run)

"""Reading a hedge file (`data/hedges.toml`, or a user's override of the same structure).

A hedge file holds `[[scale]]` tables, each a published scale of words of probability, and
`[[hedge]]` tables, each mapping a phrase in a language to a term of one scale with that term's
published point and band. The tables are structured by the ledger's strict converter, so a hedge
file is held to the same rules as a ledger file: an unknown or missing field, or a number in
quotes, is refused with the same message. Then the rules the types cannot state are checked:
non-empty text, slug ids, language tags, finite numbers in order, scales that exist, and one
entry at most for a phrase in a language on a scale (phrases compared as `fold_phrase` does).

Every problem is collected, as a `Problem` naming the file and the line of the table or field
it concerns, so that an override file can be fixed in one pass.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Collection, Iterator
from typing import Any, TypeVar

from attrs import frozen

from .._convert.strict import converter, field_errors
from .._problems import Problem
from .._read.lines import KeyPath, LineIndex, index_lines
from .._text import fold_phrase, is_slug

__all__ = ["HedgeEntry", "HedgeFile", "ProbabilityScale", "read_hedge_file"]

_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_T = TypeVar("_T")


@frozen(kw_only=True)
class ProbabilityScale:
    """A published scale of words of probability, which every hedge entry cites."""

    id: str
    """The identifier used in a prediction's `probability.scale`, e.g. `"kent-1964"`."""
    name: str
    citation: str
    year: int
    note: str | None = None
    """How the scale's numbers were obtained: what `value`, `low` and `high` mean for it."""


@frozen(kw_only=True)
class HedgeEntry:
    """One `[[hedge]]` table: a phrase read as a term of a scale, with its point and band."""

    phrase: str
    language: str
    """A BCP 47 tag: "fr", "en"."""
    scale: str
    term: str
    value: float
    low: float
    high: float
    note: str | None = None


@frozen(kw_only=True)
class HedgeFile:
    """What one hedge file holds: the tables that are right, and a problem for each that is not."""

    scales: tuple[ProbabilityScale, ...] = ()
    hedges: tuple[HedgeEntry, ...] = ()
    problems: tuple[Problem, ...] = ()


def read_hedge_file(data: bytes, origin: str, known_scales: Collection[str] = ()) -> HedgeFile:
    """The scales and entries of the hedge file `data`, read from `origin`.

    An entry may cite a scale of `known_scales` (those of the files read before it) or one of
    its own file. A table with a problem is left out and the problem reported; the others are
    kept, so that every problem of the file is found at once.
    """
    try:
        text = data.decode("utf-8")
        document = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        message = str(error)
        at = _AT.search(message)
        line = int(at.group(1)) if at else 0
        problem = Problem(
            path=origin, line=line, message=f"not a UTF-8 TOML file: {_AT.sub('', message)}"
        )
        return HedgeFile(problems=(problem,))
    problems: list[Problem] = []
    lines: list[LineIndex] = []  # indexed only when a problem needs a line

    def report(path: KeyPath, message: str) -> None:
        if not lines:
            lines.append(index_lines(text))
        problems.append(Problem(path=origin, line=lines[0].line(path), message=message))

    for key in document:
        if key not in ("scale", "hedge"):
            report((key,), f"unknown top-level key {key!r}; only scale and hedge")

    scales: list[ProbabilityScale] = []
    for index, scale in _tables(document, "scale", ProbabilityScale, report):
        found = list(_scale_problems(scale))
        for name, message in found:
            report(("scale", index, name), f"scale #{index + 1}: {message}")
        if not found:
            scales.append(scale)
    ids = [scale.id for scale in scales]
    for repeated in sorted({id_ for id_ in ids if ids.count(id_) > 1}):
        report(("scale",), f"scale {repeated!r} is defined twice")

    hedges: list[HedgeEntry] = []
    scale_ids = {*known_scales, *ids}
    seen: set[tuple[str, str, str]] = set()
    for index, entry in _tables(document, "hedge", HedgeEntry, report):
        where = _where("hedge", index, entry.phrase)
        found = list(_entry_problems(entry, scale_ids))
        for name, message in found:
            report(("hedge", index, name), f"{where}: {message}")
        identity = (entry.language, fold_phrase(entry.phrase), entry.scale)
        if identity in seen:
            report(
                ("hedge", index),
                f"{where}: a second entry for {entry.phrase!r} in {entry.language!r} "
                f"on {entry.scale!r}",
            )
        elif not found:
            hedges.append(entry)
        seen.add(identity)
    return HedgeFile(scales=tuple(scales), hedges=tuple(hedges), problems=tuple(problems))


def _where(key: str, index: int, phrase: object = None) -> str:
    """How a problem names its table: `hedge #3 ('probablement')`."""
    return f"{key} #{index + 1}" + (f" ({phrase!r})" if isinstance(phrase, str) else "")


def _tables(
    document: dict[str, Any],
    key: str,
    kind: type[_T],
    report: Callable[[KeyPath, str], None],
) -> Iterator[tuple[int, _T]]:
    """Each table of the array `key` structured as `kind`, with its index; the problems of
    those that cannot be, reported."""
    raw = document.get(key, [])
    if not isinstance(raw, list):
        report((key,), f"'{key}' must be an array of tables ([[{key}]])")
        return
    for index, table in enumerate(raw):
        try:
            yield index, converter.structure(table, kind)
        except Exception as error:  # cattrs' validation errors, and our hooks' refusals
            phrase = table.get("phrase") if isinstance(table, dict) else None
            where = _where(key, index, phrase if key == "hedge" else None)
            for item in field_errors(error):
                named = f": field '{item.dotted}'" if item.path else ""
                report((key, index, *item.path), f"{where}{named}: {item.message}")


def _blank(record: object, names: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    for name in names:
        value = getattr(record, name)
        if value is not None and not value.strip():
            yield name, f"{name} must be a non-empty string, not {value!r}"


def _scale_problems(scale: ProbabilityScale) -> Iterator[tuple[str, str]]:
    yield from _blank(scale, ("id", "name", "citation", "note"))
    if scale.id.strip() and not is_slug(scale.id):
        yield "id", f"id {scale.id!r} is not a slug"


def _entry_problems(entry: HedgeEntry, scale_ids: Collection[str]) -> Iterator[tuple[str, str]]:
    yield from _blank(entry, ("phrase", "language", "scale", "term", "note"))
    if entry.language.strip() and not _LANGUAGE.fullmatch(entry.language):
        yield "language", f"language {entry.language!r} is not a BCP 47 tag such as 'fr'"
    if entry.scale.strip() and entry.scale not in scale_ids:
        yield "scale", f"unknown scale {entry.scale!r}; add a [[scale]] table for it"
    numbers = {"value": entry.value, "low": entry.low, "high": entry.high}
    infinite = [name for name, number in numbers.items() if not math.isfinite(number)]
    for name in infinite:
        yield name, f"{name} must be a finite number, not {numbers[name]!r}"
    if not infinite and not 0.0 <= entry.low <= entry.value <= entry.high <= 1.0:
        yield (
            "value",
            "need 0 <= low <= value <= high <= 1, "
            f"got low={entry.low}, value={entry.value}, high={entry.high}",
        )

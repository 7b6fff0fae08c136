"""The whole ledger as JSON Lines, one record a line, that reads back to the same records.

`predictledger export --format records` writes it and `predictledger import records FILE`
reads it back: into an empty folder, it rebuilds the ledger file for file (same records, same
digests, same files, same order); into a ledger that already holds some of the records, it
adds only the others. docs/exports.md describes the format:

    {"record": "header", "format": "predictledger-records", "version": 2}
    {"record": "author", "file": "predictions/authors.toml", "id": "...", "name": "..."}
    {"record": "source", "file": "predictions/sources/x.toml", "id": "x", ...}
    {"record": "prediction", "file": "predictions/sources/x.toml", "id": "...", ...}
    {"record": "outcome", "file": "predictions/outcomes/x.toml", "id": "...", ...}
    {"record": "question", "file": "predictions/questions.toml", "id": "...", ...}
    {"record": "reference", "file": "predictions/references/x.toml", "id": "...", ...}
    {"record": "text", "path": "seeds/x.txt", "content": "..."}

A record's fields are those of its TOML table (docs/format.md), dates and date-times as ISO
strings; `file`
is where the record stands, relative to the ledger root. `text` lines carry the sources' full
texts, so that the export is a ledger in one file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from .._convert import field_errors, structure, to_table
from .._ledger import Ledger
from .._problems import Problem
from .._records import Author, Outcome, Prediction, Question, Reference, Sector, Source
from ..errors import RequestError
from .common import FileAppend, Plan, refuse

__all__ = ["FORMAT", "VERSION", "Entry", "plan_records", "read_records", "to_records_jsonl"]

FORMAT = "predictledger-records"
VERSION = 2
"""Version 2 added questions and references; a version 1 file (which has neither) reads as it
always did."""
READABLE = (1, 2)

KINDS: dict[str, type] = {
    "source": Source,
    "author": Author,
    "sector": Sector,
    "prediction": Prediction,
    "outcome": Outcome,
    "question": Question,
    "reference": Reference,
}
_NAMES = {kind: name for name, kind in KINDS.items()}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2})?")
# Files are appended in this order, each checked: what a record names is already there.
_RANK = {
    "author": 0,
    "sector": 0,
    "question": 1,
    "source": 2,
    "prediction": 2,
    "outcome": 3,
    "reference": 3,
}


# -- writing ---------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def default_file(ledger: Ledger, record: Any) -> str:
    """Where a record without an origin goes, in the conventional layout (docs/format.md)."""
    if isinstance(record, Author):
        return "predictions/authors.toml"
    if isinstance(record, Sector):
        return "predictions/sectors.toml"
    if isinstance(record, Source):
        return f"predictions/sources/{record.id}.toml"
    if isinstance(record, Prediction):
        return f"predictions/sources/{record.source}.toml"
    if isinstance(record, Question):
        return "predictions/questions.toml"
    folder = "references" if isinstance(record, Reference) else "outcomes"
    if record.prediction is None:
        name = record.question if folder == "references" else "questions"
    elif ledger.has_prediction(record.prediction):
        name = ledger.prediction(record.prediction).source
    else:
        name = folder
    return f"predictions/{folder}/{name}.toml"


def _line(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, allow_nan=False) + "\n"


def to_records_jsonl(ledger: Ledger, *, texts: bool = True) -> str:
    """Every record of the ledger, one JSON object a line, in file and line order, then (with
    `texts`) each source's full text."""
    records: list[tuple[str, int, int, Any]] = []
    for group in (
        ledger.authors,
        ledger.sectors,
        ledger.sources,
        ledger.predictions,
        ledger.outcomes,
        ledger.questions,
        ledger.references,
    ):
        for record in group:
            origin = record.origin
            file = origin.path if origin is not None else default_file(ledger, record)
            line = origin.line if origin is not None else 0
            records.append((file, line, len(records), record))
    records.sort(key=lambda item: (item[0], item[1], item[2]))
    parts = [_line({"record": "header", "format": FORMAT, "version": VERSION})]
    for file, _, _, record in records:
        parts.append(
            _line({"record": _NAMES[type(record)], "file": file, **_plain(to_table(record))})
        )
    if texts:
        for path in dict.fromkeys(source.text for source in ledger.sources):
            content = _read_text(ledger.root, path)
            if content is not None:
                parts.append(_line({"record": "text", "path": path, "content": content}))
    return "".join(parts)


def _read_text(root: Path, relative: str) -> str | None:
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts:
        return None
    try:
        return (root / relative).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


# -- reading ---------------------------------------------------------------------------------


class Entry:
    """One record of a records file, with the file it belongs in and the line it was on."""

    __slots__ = ("file", "kind", "line", "record")

    def __init__(self, kind: str, record: Any, file: str | None, line: int) -> None:
        self.kind = kind
        self.record = record
        self.file = file
        self.line = line


def _dates(kind: str, table: dict[str, Any]) -> dict[str, Any]:
    """The table with its ISO date strings as dates, as TOML would hold them."""

    def day(value: Any) -> Any:
        if isinstance(value, str) and _ISO_DAY.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value
        return value

    table = dict(table)
    if kind == "source" and "published" in table:
        table["published"] = day(table["published"])
    elif kind == "prediction":
        if "made_on" in table:
            table["made_on"] = day(table["made_on"])
        if isinstance(table.get("horizon"), dict):
            horizon = dict(table["horizon"])
            for key in ("start", "end"):
                if key in horizon:
                    horizon[key] = day(horizon[key])
            table["horizon"] = horizon
    elif kind == "outcome" and "resolved_on" in table:
        table["resolved_on"] = day(table["resolved_on"])
    elif kind == "question" and isinstance(table.get("horizon"), dict):
        horizon = dict(table["horizon"])
        for key in ("start", "end"):
            if key in horizon:
                horizon[key] = day(horizon[key])
        table["horizon"] = horizon
    elif kind == "reference" and "priced_at" in table:
        value = table["priced_at"]
        if isinstance(value, str) and _ISO_MOMENT.fullmatch(value):
            with contextlib.suppress(ValueError):
                value = dt.datetime.fromisoformat(value)
        table["priced_at"] = day(value)
    return table


def _check_file(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"'file' is {value!r}, not a path")
    pure = PurePosixPath(value)
    if (
        pure.is_absolute()
        or ".." in pure.parts
        or len(pure.parts) < 2
        or pure.parts[0] != "predictions"
        or pure.suffix != ".toml"
        or "\\" in value
    ):
        raise ValueError(f"'file' {value!r} is not a .toml file under predictions/")
    return value


def read_records(text: str, name: str) -> tuple[list[Entry], dict[str, str]]:
    """The records and source texts of a records file; every bad line is refused at once."""
    entries: list[Entry] = []
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    header = False
    # JSON Lines are split at line feeds only: `str.splitlines` would also split at the
    # U+0085, U+2028 and other line breaks that JSON text holds raw.
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            kind, item = _entry(raw, number, header)
        except ValueError as error:
            problems.append(Problem(path=name, line=number, message=str(error)))
            continue
        if kind == "header":
            header = True
        elif kind == "text":
            assert isinstance(item, tuple)
            texts[item[0]] = item[1]
        else:
            assert isinstance(item, Entry)
            entries.append(item)
    if not header and not problems:
        raise RequestError(
            f"{name}: no header line; not a `predictledger export --format records` file"
        )
    refuse(problems)
    return entries, texts


def _entry(raw: str, number: int, header: bool) -> tuple[str, Entry | tuple[str, str] | None]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON: {error.msg}") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    kind = data.pop("record", None)
    if kind == "header":
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}; expected {FORMAT!r}")
        if data.get("version") not in READABLE:
            raise ValueError(
                f"version {data.get('version')!r}; this predictledger reads versions "
                f"{', '.join(map(str, READABLE))}"
            )
        return kind, None
    if not header:
        raise ValueError("the first line must be the header")
    if kind == "text":
        path, content = data.get("path"), data.get("content")
        if not isinstance(path, str) or not isinstance(content, str):
            raise ValueError("a text line has a string 'path' and a string 'content'")
        pure = PurePosixPath(path)
        if (
            pure.is_absolute()
            or ".." in pure.parts
            or not pure.parts
            or pure.parts[0] == "predictions"
            or "\\" in path
        ):
            raise ValueError(
                f"text path {path!r} is not a file inside the ledger root outside predictions/"
            )
        return kind, (path, content)
    if kind not in KINDS:
        raise ValueError(f"'record' is {kind!r}; expected one of {', '.join(KINDS)}, text")
    file = _check_file(data.pop("file")) if "file" in data else None
    try:
        record: Any = structure(_dates(kind, data), KINDS[kind])
    except Exception as error:  # the strict converter's refusals, read below
        errors = field_errors(error)
        detail = "; ".join(str(e) for e in errors) if errors else str(error)
        raise ValueError(f"{kind}: {detail}") from None
    return kind, Entry(kind, record, file, number)


# -- planning --------------------------------------------------------------------------------


def _exists(ledger: Ledger, kind: str, record_id: str, outcome_ids: set[str]) -> bool:
    if kind == "outcome":
        return record_id in outcome_ids
    if kind == "prediction":
        return ledger.has_prediction(record_id)
    if kind == "question":
        return ledger.has_question(record_id)
    if kind == "reference":
        return any(r.id == record_id for r in ledger.references)
    try:
        getattr(ledger, kind)(record_id)
    except KeyError:
        return False
    return True


def plan_records(ledger: Ledger, entries: list[Entry], texts: Mapping[str, str]) -> Plan:
    """The appends that add the records the ledger does not hold yet, file by file: registries
    first, then questions, sources and predictions, then outcomes and references."""
    outcome_ids = {o.id for o in ledger.outcomes}
    files: dict[str, list[Entry]] = {}
    skipped = 0
    new_predictions = {e.record.id: e.record for e in entries if e.kind == "prediction"}
    for entry in entries:
        if _exists(ledger, entry.kind, entry.record.id, outcome_ids):
            skipped += 1
            continue
        file = entry.file
        if file is None:
            if entry.kind == "outcome" and entry.record.prediction in new_predictions:
                source = new_predictions[entry.record.prediction].source
                file = f"predictions/outcomes/{source}.toml"
            else:
                file = default_file(ledger, entry.record)
        files.setdefault(file, []).append(entry)
    order = sorted(
        enumerate(files.items()),
        key=lambda item: (min(_RANK[e.kind] for e in item[1][1]), item[0]),
    )
    appends = []
    for _, (file, members) in order:
        sources = [e.record for e in members if e.kind == "source"]
        if len(sources) > 1:
            raise RequestError(
                f"{file}: the records file puts two sources in it; one file holds one"
            )
        records = tuple(e.record for e in members if e.kind != "source")
        if sources and (ledger.root / file).exists():
            raise RequestError(
                f"{file} already exists; source '{sources[0].id}' cannot start it (a file holds "
                "one source)"
            )
        if not records and not sources:
            continue
        appends.append(
            FileAppend(
                target=file,
                records=records,
                source=sources[0] if sources else None,
            )
        )
    staged = {}
    for path, content in texts.items():
        if not (ledger.root / path).exists():
            staged[path] = content
    return Plan(appends=tuple(appends), texts=staged, skipped=skipped)


def records_of(entries: list[Entry]) -> Iterator[Any]:
    return (entry.record for entry in entries)

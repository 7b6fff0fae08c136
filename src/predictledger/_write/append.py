"""Appending records to a ledger file without touching a byte of what is already there.

An append is prepared against a reading of the ledger (`read_ledger`, under the ledger's lock)
and then committed. `prepare_append` adds the rendered tables (`render_records`) after the
file's existing text, whose comments and formatting stay exactly as they were, reads the result
back with the reader's own functions, compares it with the records it was meant to hold, and
checks the ledger with that one file replaced (`ReadResult.replacing`) against the ledger as it
was: an append that would add a problem is refused with the problems listed. `commit` writes
the new content atomically (`write_atomic`), once the file's bytes are seen unchanged since.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from attrs import field, frozen

from .._checks import check
from .._convert import to_table
from .._loader import read_ledger
from .._paths import ledger_file
from .._problems import Problem
from .._read.file import FileTables, Limits, parse_text, read_file
from .._read.result import FileResult, ReadResult
from .._read.structure import FileRecords, structure_file
from .._records import KIND_OF, Prediction, Source
from ..errors import LedgerError, LedgerWriteError
from .atomic import REAL_OPS, FileOps, write_atomic
from .lock import DEFAULT_TIMEOUT, ledger_lock
from .render import Record, render_records

__all__ = ["Append", "Record", "append_records", "commit", "prepare_append", "render_records"]

_LIMITS = Limits()


@frozen(kw_only=True)
class Append:
    """An append that passed every check and can be written: what, where, and the result."""

    path: str
    """The file, relative to the ledger root."""
    line: int
    """The line of the file where the appended text starts."""
    text: str
    """The appended text, as `render_records` renders it."""
    content: bytes
    """The whole new content of the file: the old bytes, a separator, then `text`."""
    base: bytes = field(default=b"", repr=False)
    """The file's bytes when the append was prepared (empty for a new file)."""
    root: Path = field(default=Path(), repr=False, eq=False)
    """The ledger root."""


def prepare_append(
    reading: ReadResult,
    target: str,
    records: Sequence[Record],
    *,
    source: Source | None = None,
    limits: Limits = _LIMITS,
) -> Append:
    """Check an append against `reading` and compute the file's new content; write nothing.

    `reading` is the ledger as just read (`read_ledger`; under `ledger_lock` if the append is
    to be committed). `target` is the file, relative to the ledger root and under
    `predictions/`; a new file is created. `source` is given to start a new sources file: it
    is written as its `[source]`, and the predictions appended with it must belong to it.
    Raises `LedgerError` listing every problem the append would bring in; problems the ledger
    already had do not block it. The target file itself is read as it is now.
    """
    root = reading.ledger.root
    path = ledger_file(root, target)
    if isinstance(path, str):
        raise _refused(target, path)
    name = path.relative_to(root).as_posix()
    if not records and source is None:
        raise _refused(name, "there is nothing to append")
    data = _existing_bytes(path, name)
    old = _decode(root, path, data, limits)
    newline = "\r\n" if "\r\n" in old else "\n"
    text = old
    if text.strip():
        if not text.endswith("\n"):
            text += newline
        if not text.endswith(newline * 2):
            text += newline  # a blank line between what was there and what is added
    rendered = render_records(records, source=source)
    new_text = text + rendered.replace("\n", newline)
    content = new_text.encode("utf-8")
    if len(content) > limits.max_file_bytes:
        raise _refused(
            name,
            f"would grow to {len(content):,} bytes, over the limit of "
            f"{limits.max_file_bytes:,}; start a new file",
        )
    after = parse_text(name, new_text, limits)
    if isinstance(after, list):
        _does_not_fit(root, path, name, data, source, limits, after)
    structured = structure_file(after, limits)
    if isinstance(structured, list):
        _does_not_fit(root, path, name, data, source, limits, structured)
    _check_source(name, records, after.tables)
    _check_read_back(name, records, source, structured)
    problems = check(reading.replacing(name, FileResult(path=name, records=structured)))
    if problems:
        # Only now is it worth knowing the ledger's problems as it is, to tell old from new.
        already = set(check(reading))
        new = [problem for problem in problems if problem not in already]
        if new:
            raise LedgerError(_not_written(new))
    return Append(
        path=name,
        line=text.count("\n") + 1,
        text=rendered,
        content=content,
        base=data,
        root=root,
    )


def commit(append: Append, ops: FileOps = REAL_OPS) -> None:
    """Write a prepared append, atomically, if the file is still as it was prepared against.

    Raises `LedgerError` when the file changed since, and `LedgerWriteError` (a `LedgerError`)
    when it cannot be written; either way the file is left byte-identical.
    """
    path = append.root / append.path
    # The lock keeps other commands out, not an editor or `git checkout`: a file changed
    # while the append was checked would lose that change when it is replaced.
    if _existing_bytes(path, append.path) != append.base:
        raise _refused(
            append.path,
            "changed on disk while the append was being checked (edited by hand?); "
            "save your edits and try again",
        )
    _make_folder(path.parent, append.path, ops)
    write_atomic(path, append.content, ops=ops, name=append.path)


def append_records(
    root: Path,
    target: str,
    records: Sequence[Record],
    *,
    source: Source | None = None,
    ops: FileOps = REAL_OPS,
    timeout: float | None = DEFAULT_TIMEOUT,
    limits: Limits = _LIMITS,
) -> Append:
    """Append records to a ledger file under the ledger's lock, atomically, or not at all:
    the ledger is read, the append prepared against it (`prepare_append`) and committed
    (`commit`), all under the lock, so concurrent writers never lose each other's records.

    Raises `LedgerError` when the append is refused and `LedgerWriteError` (a `LedgerError`)
    when the file cannot be written or the lock cannot be taken; either way the file is left
    byte-identical.
    """
    with ledger_lock(root, timeout=timeout):
        reading = read_ledger(root, limits)
        append = prepare_append(reading, target, records, source=source, limits=limits)
        commit(append, ops)
    return append


def _make_folder(folder: Path, name: str, ops: FileOps) -> None:
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # The new folder's entry must survive a power cut along with the file put in it.
        ops.fsync_dir(str(folder.parent))
    except OSError as error:
        raise LedgerWriteError(
            name, f"could not create its folder: {error.strerror or error} (nothing was changed)"
        ) from error


def _refused(name: str, message: str) -> LedgerError:
    return LedgerError([Problem(path=name, line=0, message=f"{message} (nothing was written)")])


def _existing_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as error:
        raise _refused(name, f"cannot be read: {error.strerror or error}") from error


def _decode(root: Path, path: Path, data: bytes, limits: Limits) -> str:
    if data.startswith(codecs.BOM_UTF8):
        _read_or_refuse(root, path, limits)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        _read_or_refuse(root, path, limits)
        raise


def _read_or_refuse(root: Path, path: Path, limits: Limits) -> FileTables:
    """The existing file's tables; if the reader cannot read it, its problems, raised."""
    tables = read_file(root, path, limits)
    if isinstance(tables, FileTables) and not tables.problems:
        return tables
    # A file the reader reads only in part (a record with a syntax error left out) is not
    # appended to either: the append would be checked against less than the file holds.
    raise LedgerError(
        [
            Problem(
                path=p.path,
                line=p.line,
                column=p.column,
                message=f"{p.message}; fix it before appending (nothing was written)",
            )
            for p in (tables.problems if isinstance(tables, FileTables) else tables)
        ]
    )


def _does_not_fit(
    root: Path,
    path: Path,
    name: str,
    old: bytes,
    source: Source | None,
    limits: Limits,
    problems: Sequence[Problem],
) -> NoReturn:
    """Refuse new text the reader cannot read; the old text is read on its own to explain."""
    if old.strip():
        existing = _read_or_refuse(root, path, limits)
        if source is not None and "source" in existing.tables:
            raise _refused(name, "already has a [source]; append its predictions without one")
    reason = problems[0].message if problems else "they cannot be read"
    raise _refused(name, f"the file and the appended tables do not fit together ({reason})")


def _check_source(name: str, records: Sequence[Record], tables: dict[str, Any]) -> None:
    present = tables.get("source")
    owner: str | None = None
    if isinstance(present, dict):
        owner = present["id"] if isinstance(present.get("id"), str) else ""
    for record in records:
        if not isinstance(record, Prediction):
            continue
        if owner is None:
            raise _refused(
                name,
                f"prediction '{record.id}' needs the [source] it comes from in the same file; "
                f"append it to the file of source '{record.source}', or give the source to "
                "start a new file",
            )
        if record.source != owner:
            raise _refused(
                name,
                f"prediction '{record.id}' belongs to source '{record.source}', but this file "
                f"holds source '{owner}'; append it to that source's file",
            )


def _check_read_back(
    name: str, records: Sequence[Record], source: Source | None, after: FileRecords
) -> None:
    """Refuse unless the new tables read back as exactly the records given."""
    wanted: dict[type, list[Any]] = {}
    if source is not None:
        wanted.setdefault(Source, []).append(source)
    for record in records:
        wanted.setdefault(type(record), []).append(record)
    for record_type, expected in wanted.items():
        kind = KIND_OF[record_type]
        got = getattr(after, kind.plural)[-len(expected) :]
        if [_canonical(r) for r in got] != [_canonical(r) for r in expected]:
            # A table that does not structure is reported, with its line, by the ledger check;
            # one that structures into something else is a rendering bug.
            if after.problems:
                return
            raise _refused(
                name,
                f"the {kind.name} tables would not read back as given; this is a bug in "
                "predictledger, please report it",
            )


def _canonical(record: Any) -> Any:
    return _nfc(to_table(record))


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {key: _nfc(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_nfc(item) for item in value]
    return value


def _not_written(problems: Sequence[Problem]) -> list[Problem]:
    return [
        Problem(
            path=p.path,
            line=p.line,
            column=p.column,
            field=p.field,
            message=f"{p.message} (nothing was written)",
        )
        for p in problems
    ]

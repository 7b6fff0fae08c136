"""Appending records to a ledger file without touching a byte of what is already there.

A ledger is edited by hand as well as by commands, so an append never re-serialises the
user's file: the new tables are rendered on their own and added after the existing text, whose
comments and formatting stay exactly as they were. Before anything is written the result is
read back with the ledger's own reader, compared with the records it was meant to hold, and
checked together with the rest of the ledger; an append that would add a problem is refused
with the problems listed, and nothing is written. The write itself is atomic (`write_atomic`)
and made under the ledger's lock (`ledger_lock`), so concurrent writers and crashes lose
nothing.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import tomli_w
from attrs import field, frozen

from .._checks import check_ledger
from .._convert import to_table
from .._problems import Problem, sorted_problems
from .._read.loader import (
    PREDICTIONS_DIR,
    FileRecords,
    FileResult,
    FileTables,
    Limits,
    ReadResult,
    assemble,
    assemble_files,
    find_files,
    ids_in_unreadable_file,
    read_file,
    relative,
    structure_file,
    table_depth,
)
from .._read.locate import index_lines
from .._records import Author, Outcome, Prediction, Sector, Source
from ..errors import LedgerError, LedgerWriteError
from .atomic import REAL_OPS, FileOps, write_atomic
from .lock import DEFAULT_TIMEOUT, ledger_lock

__all__ = ["Append", "Record", "append_records", "prepare_append", "render_records"]

Record = Author | Sector | Prediction | Outcome
"""What can be appended to a ledger file: one `[[kind]]` table each."""

_KIND: dict[type, str] = {
    Author: "author",
    Sector: "sector",
    Prediction: "prediction",
    Outcome: "outcome",
}
_FIELDS: dict[str, str] = {"source": "sources", **{k: k + "s" for k in _KIND.values()}}
_LIMITS = Limits()
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ONE_LINE = 88
"""Arrays up to this width stay on one line: `evidence = ["..."]`, as in docs/format.md."""


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


def render_records(records: Sequence[Record], *, source: Source | None = None) -> str:
    """The TOML text an append adds: `[source]` first if given, then one table per record.

    Tables are separated by blank lines. A prediction's `source` is left out, since it belongs
    to the `[source]` of its file; every other field that has a value is written, `made_on`
    included.
    """
    blocks: list[str] = []
    if source is not None:
        blocks.append(_table("[source]", to_table(source)))
    for record in records:
        kind = _KIND.get(type(record))
        if kind is None:
            raise TypeError(f"cannot append a {type(record).__name__}; append {_kinds()}")
        table = to_table(record)
        if kind == "prediction":
            del table["source"]
        blocks.append(_table(f"[[{kind}]]", table))
    return "\n".join(blocks)


def _kinds() -> str:
    return ", ".join(cls.__name__ for cls in _KIND)


def _table(header: str, table: dict[str, Any]) -> str:
    lines = [header]
    lines.extend(f"{_key(key)} = {_value(value, top=True)}" for key, value in table.items())
    return "\n".join(lines) + "\n"


def _key(key: str) -> str:
    if _BARE_KEY.fullmatch(key):
        return key
    return tomli_w.dumps({key: 0}).rsplit(" = ", 1)[0]


def _value(value: Any, *, top: bool = False) -> str:
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value)
        # A multi-line string cannot hold a carriage return as written (TOML reads CRLF in one
        # as LF), and inside an inline table a newline would split the record: escape both.
        multiline = top and "\n" in value and "\r" not in value
        return tomli_w.dumps({"v": value}, multiline_strings=multiline)[len("v = ") : -1]
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items())
        return "{ " + inner + " }"
    if isinstance(value, (list, tuple)):
        items = [_value(item) for item in value]
        one_line = "[" + ", ".join(items) + "]"
        if len(one_line) <= _ONE_LINE or not top:
            return one_line
        return "[\n" + "".join(f"    {item},\n" for item in items) + "]"
    return tomli_w.dumps({"v": value})[len("v = ") : -1]


def prepare_append(
    root: Path,
    relative_path: str,
    records: Sequence[Record],
    *,
    source: Source | None = None,
    limits: Limits = _LIMITS,
    base: ReadResult | None = None,
) -> Append:
    """Check an append and compute the file's new content, without writing anything.

    `relative_path` is the file, relative to `root` and under `predictions/`; a new file is
    created. `source` is given to start a new sources file: it is written as its `[source]`,
    and the predictions appended with it must belong to it. Raises `LedgerError` listing every
    problem the append would bring in; problems the ledger already had do not block it.
    Use it for a dry run: `render_records` shows the text, this says whether it would pass.

    `base`, the ledger as the caller has just read it (`read_ledger`, under the lock), spares
    reading every other file again: the ledger is checked with the target file's records
    replaced in it. The target file itself is always read as it is now.
    """
    name = _check_path(root, relative_path)
    path = root / name
    if not records and source is None:
        raise _refused(name, "there is nothing to append")
    data = _existing_bytes(path, name)
    old = _decode(root, path, name, data, limits)
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
    after = _parse(root, path, name, new_text, data, source, limits)
    _check_source(name, records, after.tables)
    structured = structure_file(after)
    _check_read_back(name, records, source, structured)
    _check_ledger_with(root, path, structured, limits, base)
    return Append(path=name, line=text.count("\n") + 1, text=rendered, content=content, base=data)


def append_records(
    root: Path,
    relative_path: str,
    records: Sequence[Record],
    *,
    source: Source | None = None,
    ops: FileOps = REAL_OPS,
    timeout: float | None = DEFAULT_TIMEOUT,
    limits: Limits = _LIMITS,
    base: ReadResult | None = None,
) -> Append:
    """Append records to a ledger file under the ledger's lock, atomically, or not at all.

    Everything `prepare_append` checks is checked under the lock, against the file as it is at
    that moment, so concurrent writers never lose each other's records. Raises `LedgerError`
    when the append is refused and `LedgerWriteError` (a `LedgerError`) when the file cannot be
    written or the lock cannot be taken; either way the file is left byte-identical.

    `base` (see `prepare_append`) must have been read under the same lock, taken around both
    the reading and this call (the lock is reentrant within a process): then no other writer
    can have changed the ledger since.
    """
    with ledger_lock(root, timeout=timeout):
        append = prepare_append(
            root, relative_path, records, source=source, limits=limits, base=base
        )
        path = root / append.path
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


def _check_path(root: Path, relative_path: str) -> str:
    posix = PurePosixPath(relative_path.replace("\\", "/"))
    if (
        posix.is_absolute()
        or ".." in posix.parts
        or len(posix.parts) < 2
        or posix.parts[0] != PREDICTIONS_DIR
        or posix.suffix != ".toml"
        or posix.name.startswith(".")
    ):
        raise _refused(
            relative_path,
            f"cannot append here: give a .toml file under {PREDICTIONS_DIR}/, relative to the "
            f"ledger root, e.g. {PREDICTIONS_DIR}/outcomes/<source-id>.toml",
        )
    name = posix.as_posix()
    current = root
    for part in posix.parts:
        current = current / part
        if current.is_symlink():
            raise _refused(
                name,
                f"cannot append: {current.relative_to(root).as_posix()} is a symbolic link; "
                "ledger files must be regular files inside the ledger root",
            )
    path = root / name
    if path.exists() and not path.is_file():
        raise _refused(name, "cannot append: it exists and is not a regular file")
    return name


def _existing_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as error:
        raise _refused(name, f"cannot be read: {error.strerror or error}") from error


def _decode(root: Path, path: Path, name: str, data: bytes, limits: Limits) -> str:
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
    if isinstance(tables, FileTables):
        return tables
    raise LedgerError(
        [
            Problem(
                path=p.path,
                line=p.line,
                column=p.column,
                message=f"{p.message}; fix it before appending (nothing was written)",
            )
            for p in tables
        ]
    )


def _parse(
    root: Path,
    path: Path,
    name: str,
    text: str,
    old: bytes,
    source: Source | None,
    limits: Limits,
) -> FileTables:
    """The new text as tables.

    Only the new text is parsed, which halves the cost of an append; the old text is read on
    its own only to explain a failure.
    """
    error: Exception
    try:
        tables = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as failure:
        error = failure
    else:
        if table_depth(tables) <= limits.max_depth:
            return FileTables(path=name, tables=tables, lines=index_lines(text))
        error = ValueError(f"nested more than {limits.max_depth} levels deep")
    if old.strip():
        existing = _read_or_refuse(root, path, limits)
        if source is not None and "source" in existing.tables:
            raise _refused(name, "already has a [source]; append its predictions without one")
    raise _refused(name, f"the file and the appended tables do not fit together ({error})")


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
    wanted: dict[str, list[Any]] = {}
    if source is not None:
        wanted.setdefault("source", []).append(source)
    for record in records:
        wanted.setdefault(_KIND[type(record)], []).append(record)
    for kind, expected in wanted.items():
        got = getattr(after, _FIELDS[kind])[-len(expected) :]
        if [_canonical(r) for r in got] != [_canonical(r) for r in expected]:
            # A table that does not structure is reported, with its line, by the ledger check;
            # one that structures into something else is a rendering bug.
            if after.problems:
                return
            raise _refused(
                name,
                f"the {kind} tables would not read back as given; this is a bug in "
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


def _check_ledger_with(
    root: Path, path: Path, after: FileRecords, limits: Limits, base: ReadResult | None
) -> None:
    """Refuse the append if the ledger with the new file content has problems it lacked."""
    problems = _ledger_problems(root, limits, replace=(path, after), base=base)
    if not problems:
        return
    # Only now is it worth knowing the ledger's problems as it is, to tell old ones from new.
    if base is not None:
        already = set(
            sorted_problems([*base.problems, *check_ledger(base.ledger, base.unreadable)])
        )
    else:
        already = set(_ledger_problems(root, limits, replace=None, base=None))
    new = [p for p in problems if p not in already]
    if new:
        raise LedgerError(_not_written(new))


def _ledger_problems(
    root: Path,
    limits: Limits,
    *,
    replace: tuple[Path, FileRecords] | None,
    base: ReadResult | None,
) -> list[Problem]:
    """Every problem `check` would report, with one file's records swapped for `replace`'s."""
    if base is not None and replace is not None:
        result = assemble_files(root, _with_file(root, base.files, replace))
    else:
        result = _read_again(root, limits, replace)
    return sorted_problems([*result.problems, *check_ledger(result.ledger, result.unreadable)])


def _with_file(
    root: Path, files: Sequence[FileResult], replace: tuple[Path, FileRecords]
) -> list[FileResult]:
    """The readings of a ledger's files with one file's replaced (or added, in file order)."""
    name = relative(root, replace[0])
    readings = [reading for reading in files if reading.path != name]
    readings.append(FileResult(path=name, records=replace[1]))
    return sorted(readings, key=lambda reading: reading.path)


def _read_again(root: Path, limits: Limits, replace: tuple[Path, FileRecords] | None) -> ReadResult:
    files = find_files(root)
    if replace is not None and replace[0] not in files:
        files = sorted([*files, replace[0]], key=lambda p: p.relative_to(root).as_posix())
    results: list[FileRecords] = []
    problems: list[Problem] = []
    for file_path in files:
        if replace is not None and file_path == replace[0]:
            results.append(replace[1])
            continue
        read = _read_records(root, file_path, limits)
        if isinstance(read, list):
            problems.extend(read)
            results.append(FileRecords(unreadable=ids_in_unreadable_file(file_path, limits)))
        else:
            results.append(read)
    return assemble(root, results, problems)


_CACHE_SIZE = 1024
_read_cache: dict[tuple[str, Limits], tuple[bytes, FileRecords]] = {}
"""(file path, limits) → (SHA-256 of the bytes read, the records they hold)."""


def _read_records(root: Path, path: Path, limits: Limits) -> FileRecords | list[Problem]:
    """One file's records, remembered for the life of the process while its bytes are the same.

    Checking an append reads the whole ledger, and parsing TOML dominates its cost; a process
    that appends many times (an import, a batch of outcomes) re-parses only the files that
    changed. A file is recognised by a hash of its bytes, so a cached result is never stale,
    and only its latest version is kept, so appending to a file does not grow the cache.
    """
    data: bytes | None = None
    with contextlib.suppress(OSError):
        # Only a regular file is read here: opening a named pipe would block forever.
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
    if data is None or len(data) > limits.max_file_bytes:
        return _read_uncached(root, path, limits)
    key = (str(path.absolute()), limits)
    digest = hashlib.sha256(data).digest()
    cached = _read_cache.get(key)
    if cached is not None and cached[0] == digest:
        return cached[1]
    read = _read_uncached(root, path, limits)
    if isinstance(read, FileRecords):
        with contextlib.suppress(OSError):
            # Remember only what was read from the very bytes hashed.
            if path.read_bytes() == data:
                if len(_read_cache) >= _CACHE_SIZE and key not in _read_cache:
                    _read_cache.clear()
                _read_cache[key] = (digest, read)
    return read


def _read_uncached(root: Path, path: Path, limits: Limits) -> FileRecords | list[Problem]:
    # Not parsed again if the loader's cache on disk holds this state of the file.
    from .._read.parallel import read_cached

    result = read_cached(root, path, limits)
    return list(result.read_problems) if result.read_problems else result.records


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

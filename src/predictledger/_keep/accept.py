"""Accepting drafts: `predictledger accept ID...` moves reviewed drafts into the ledger.

Each draft named is read from its drafts file (`drafts/*.toml`, written by `predictledger draft
--source`), its `draft` table (what the drafter saw) left out, and appended to its source's
file the way `predictledger add` appends a prediction: the derivable fields derived, and the
whole ledger checked with it. A draft that still holds a placeholder of the drafter's, or that
any check refuses, is refused with its problems, and then nothing is written. The predictions
of one source are appended together; once they are in the ledger their tables are taken out
of the drafts file (the file is removed when none is left).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from .._loader import read_ledger
from .._paths import find_ledger
from .._problems import Problem
from .._read.file import parse_text
from .._read.lines import LineIndex, index_lines
from .._records import Prediction
from .._text import is_placeholder, suggest
from .._write.append import Append, commit, prepare_append
from .._write.atomic import write_atomic
from .._write.lock import ledger_lock
from ..errors import LedgerError, RequestError
from .add import Snippet, draft_prediction, source_file
from .draft import DRAFTS_DIR

__all__ = ["Accepted", "accept_drafts"]

DRAFT_KEY = "draft"


@frozen(kw_only=True)
class _Draft:
    file: str
    index: int
    table: dict[str, Any]
    lines: LineIndex


@frozen(kw_only=True)
class Accepted:
    """The predictions accepted, the appends that hold them, and whether they were written."""

    predictions: tuple[Prediction, ...]
    appends: tuple[Append, ...]
    written: bool


def _drafts(root: Path) -> tuple[dict[str, _Draft], dict[str, str]]:
    found: dict[str, _Draft] = {}
    texts: dict[str, str] = {}
    folder = root / DRAFTS_DIR
    if not folder.is_dir():
        return found, texts
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.toml")):
        name = f"{DRAFTS_DIR}/{path.name}"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(path=name, line=0, message=f"cannot be read: {error}"))
            continue
        parsed = parse_text(name, text)
        if isinstance(parsed, list):
            problems.extend(parsed)
            continue
        texts[name] = text
        tables = parsed.tables.get("prediction", [])
        lines = index_lines(text)
        for index, table in enumerate(tables if isinstance(tables, list) else []):
            if isinstance(table, dict) and isinstance(table.get("id"), str):
                found.setdefault(
                    table["id"], _Draft(file=name, index=index, table=table, lines=lines)
                )
    if problems:
        raise LedgerError(problems)
    return found, texts


def _placeholders(draft: _Draft) -> list[Problem]:
    problems = []

    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if path or key != DRAFT_KEY:
                    walk(inner, (*path, key))
        elif is_placeholder(value):
            dotted = ".".join(str(p) for p in path)
            problems.append(
                Problem(
                    path=draft.file,
                    line=draft.lines.line(("prediction", draft.index, *path)),
                    message=f"draft '{draft.table['id']}': field '{dotted}' still holds the "
                    f"drafter's placeholder; write the {path[0]} yourself",
                )
            )

    walk(draft.table, ())
    return problems


def accept_drafts(
    path: str | os.PathLike[str] | None, ids: Sequence[str], *, dry_run: bool = False
) -> Accepted:
    """Append the drafts `ids` to the ledger at `path` (found if `None`), each to the file of
    its source, and take them out of their drafts files.

    Raises `RequestError` for an id no drafts file holds, and `LedgerError` listing every
    problem of the drafts (a placeholder left, a check that fails); nothing is written then.
    """
    root = find_ledger(path)
    with ledger_lock(root):
        found, texts = _drafts(root)
        unknown = [i for i in ids if i not in found]
        if unknown:
            where = f"{DRAFTS_DIR}/" if found else f"{DRAFTS_DIR}/ (there are no drafts)"
            raise RequestError(f"no draft '{unknown[0]}' in {where}{suggest(unknown[0], found)}")
        wanted = [found[i] for i in dict.fromkeys(ids)]
        problems = [p for draft in wanted for p in _placeholders(draft)]
        if problems:
            raise LedgerError(problems)
        reading = read_ledger(root)
        if reading.problems:
            raise LedgerError(reading.problems)
        ledger = reading.ledger
        predictions: list[Prediction] = []
        for draft in wanted:
            fields = {k: v for k, v in draft.table.items() if k != DRAFT_KEY}
            snippet = Snippet(
                fields=fields,
                origin=draft.file,
                lines=draft.lines,
                prefix=("prediction", draft.index),
            )
            predictions.append(draft_prediction(ledger, snippet))
        targets: dict[str, list[Prediction]] = {}
        for prediction in predictions:
            target = source_file(ledger.source(prediction.source))
            targets.setdefault(target, []).append(prediction)
        if len(targets) > 1:
            raise RequestError(
                "the drafts named belong to more than one source; accept those of one source "
                "at a time"
            )
        ((target, records),) = targets.items()
        append = prepare_append(reading, target, records)
        if not dry_run:
            commit(append)
            _take_out(root, texts, wanted)
    return Accepted(predictions=tuple(predictions), appends=(append,), written=not dry_run)


def _take_out(root: Path, texts: dict[str, str], accepted: Sequence[_Draft]) -> None:
    """Remove the accepted tables from their drafts files: each from its `[[prediction]]`
    header to the next one (or the end), the rest of the file as the keeper left it."""
    by_file: dict[str, list[_Draft]] = {}
    for draft in accepted:
        by_file.setdefault(draft.file, []).append(draft)
    for name, drafts in by_file.items():
        text = texts[name]
        path = root / name
        if path.read_text(encoding="utf-8") != text:
            continue  # edited meanwhile: the keeper's version stays; accepted ids now clash
        parsed = parse_text(name, text)
        assert not isinstance(parsed, list)
        count = len(parsed.tables.get("prediction", []))
        lines = drafts[0].lines
        starts = [lines.line(("prediction", i)) for i in range(count)]
        all_lines = text.splitlines(keepends=True)
        cut: set[int] = set()
        for draft in drafts:
            first = starts[draft.index]
            last = starts[draft.index + 1] - 1 if draft.index + 1 < count else len(all_lines)
            cut.update(range(first, last + 1))
        kept = [line for number, line in enumerate(all_lines, 1) if number not in cut]
        if len(drafts) == count:
            path.unlink()
        else:
            write_atomic(path, "".join(kept).encode("utf-8"), name=name)

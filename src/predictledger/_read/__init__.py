"""Reading a ledger's files into records: the core, which needs nothing to run but itself.

The pipeline, one module a step: `_paths.find_files` → `file.read_file` (bytes → text → TOML
tables, with the guards and `toml_errors`' advice; `lines` for line numbers, `toml_lex` for the
lexing they share) → `structure.structure_file` (tables → records) → `result.assemble` (records
→ `Ledger`). `read_one` is one file's part of it. Making it faster (a cache, helper processes,
a faster parser) is `_speed`'s business, and `_loader` composes the two.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from attrs import evolve

from .._paths import Within, relative
from .._problems import Problem
from .file import DEFAULT_LIMITS, FileTables, Limits, Parse, read_file
from .result import FileResult
from .structure import FileRecords, ids_in_unreadable_file, structure_file

__all__ = ["finish_one", "read_one"]


def read_one(
    root: Path,
    path: Path,
    limits: Limits = DEFAULT_LIMITS,
    *,
    parse: Parse = tomllib.loads,
    within: Within | None = None,
) -> FileResult:
    """Everything reading one file gives: its read problems, or its records and their problems."""
    return finish_one(root, path, limits, read_file(root, path, limits, parse=parse, within=within))


def finish_one(
    root: Path, path: Path, limits: Limits, tables: FileTables | list[Problem]
) -> FileResult:
    """The `FileResult` of a file from what `read_file` gave: its records, or the problems
    that kept it from being read (and the ids it seems to define)."""
    name = relative(root, path)
    if not isinstance(tables, list):
        records = structure_file(tables, limits)
        if not isinstance(records, list):
            if tables.problems:  # read in part: the records with syntax errors left out
                records = evolve(records, unreadable=records.unreadable | tables.lost)
            return FileResult(path=name, read_problems=tables.problems, records=records)
        tables = records
    unreadable = ids_in_unreadable_file(path, limits)
    return FileResult(
        path=name, read_problems=tuple(tables), records=FileRecords(unreadable=unreadable)
    )

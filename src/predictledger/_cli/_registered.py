"""What `author add`, `sector add` and `source add` share: the `add` sub-verb and the report."""

from __future__ import annotations

import argparse
import sys
from typing import Protocol

from .._write.append import Append
from ._parser import Parser

__all__ = ["add_verb", "report"]


class _Result(Protocol):
    @property
    def append(self) -> Append: ...
    @property
    def written(self) -> bool: ...


def add_verb(parser: argparse.ArgumentParser, noun: str, help: str) -> argparse.ArgumentParser:
    """The `add` sub-verb of `predictledger NOUN`, the only one for now."""
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=Parser)
    verbs.required = True
    return verbs.add_parser("add", help=help, description=f"{noun} add: {help}")


def report(what: str, result: _Result, record_id: str | None = None) -> None:
    """The appended text on standard output; where it went (or would go) on standard error."""
    print(result.append.text, end="")
    where = f"{result.append.path}:{result.append.line}"
    record = getattr(result, "record", None)
    name = record_id if record_id is not None else getattr(record, "id", "")
    if result.written:
        print(f"added {what} '{name}' at {where}", file=sys.stderr)
    else:
        print(f"dry run: {what} '{name}' would go to {where}; nothing was written", file=sys.stderr)

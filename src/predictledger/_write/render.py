"""Records → the TOML text an append adds to a ledger file. Pure: no file is touched.

A ledger is edited by hand as well as by commands, so an append never re-serialises the user's
file: the new tables are rendered on their own, in the layout of docs/format.md, and added after
the existing text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import tomli_w

from .._convert import to_table
from .._records import KIND_OF, Author, Outcome, Prediction, Question, Reference, Sector, Source

__all__ = ["Record", "render_records", "render_table"]

Record = Author | Sector | Prediction | Outcome | Question | Reference
"""What can be appended to a ledger file: one `[[kind]]` table each."""

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ONE_LINE = 88
"""Arrays up to this width stay on one line: `evidence = ["..."]`, as in docs/format.md."""


def render_records(records: Sequence[Record], *, source: Source | None = None) -> str:
    """The TOML text an append adds: `[source]` first if given, then one table per record.

    Tables are separated by blank lines. A prediction's `source` is left out, since it belongs
    to the `[source]` of its file; every other field that has a value is written, `made_on`
    included.
    """
    blocks: list[str] = []
    if source is not None:
        blocks.append(_table(KIND_OF[Source].header, to_table(source)))
    for record in records:
        kind = KIND_OF.get(type(record))
        if kind is None or not kind.many:
            appendable = ", ".join(kind.type.__name__ for kind in KIND_OF.values() if kind.many)
            raise TypeError(f"cannot append a {type(record).__name__}; append {appendable}")
        table = to_table(record)
        if kind.type is Prediction:
            del table["source"]
        blocks.append(_table(kind.header, table))
    return "\n".join(blocks)


def _table(header: str, table: dict[str, Any]) -> str:
    lines = [header]
    lines.extend(f"{_key(key)} = {_value(value, top=True)}" for key, value in table.items())
    return "\n".join(lines) + "\n"


def _key(key: str) -> str:
    if _BARE_KEY.fullmatch(key):
        return key
    return tomli_w.dumps({key: 0}).rsplit(" = ", 1)[0]


def render_table(header: str, table: dict[str, Any]) -> str:
    """One table of plain values (a draft's, say) in the layout `render_records` gives records."""
    return _table(header, table)


def _value(value: Any, *, top: bool = False) -> str:
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value)
        # A multi-line string cannot hold a carriage return as written (TOML reads CRLF in one
        # as LF), and inside an inline table a newline would split the record: escape both.
        multiline = top and "\n" in value and "\r" not in value
        return tomli_w.dumps({"v": value}, multiline_strings=multiline)[len("v = ") : -1]
    if isinstance(value, dt.datetime):
        return value.isoformat()  # 2024-01-10T15:00:00+00:00, as docs/format.md writes it
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

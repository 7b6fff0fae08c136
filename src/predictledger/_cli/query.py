"""`predictledger query "SQL"`: one SQL statement over the ledger's tables (SQLite, read-only).

The tables and example queries are in docs/query.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from .._views.rows import to_csv
from .._views.text_table import render_table
from ._common import EXIT_OK, add_path_argument, parse_date, read_for_command, refusals


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sql", metavar="SQL", help="one SQL statement (SQLite), in quotes")
    add_path_argument(parser)
    parser.add_argument(
        "--as-of",
        type=parse_date,
        default=None,
        metavar="DATE",
        help="the day the status table is taken on, YYYY-MM-DD (default: today)",
    )
    parser.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="table (default): aligned text; csv; json: an array of objects",
    )
    parser.add_argument(
        "--with-location",
        action="store_true",
        help="add a 'location' column: path:line of the record each row names",
    )


def _plain(value: Any) -> Any:
    """A value SQLite returned, as JSON and CSV can hold it: a blob as hex digits."""
    return value.hex() if isinstance(value, bytes) else value


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return repr(value)
    return str(value)


@refusals()
def run(args: argparse.Namespace) -> int:
    from .._interop.query import Locator, build_database, run_query

    ledger = read_for_command(args)
    as_of = args.as_of or dt.date.today()
    db = build_database(ledger, as_of)
    result = run_query(db, args.sql)
    columns, rows = result.columns, [[_plain(value) for value in row] for row in result.rows]
    if args.with_location:
        locate = Locator(ledger)
        rows = [[*row, locate(columns, row)] for row in rows]
        columns = [*columns, "location"]
    if args.format == "json":
        objects = [dict(zip(columns, row, strict=True)) for row in rows]
        sys.stdout.write(json.dumps(objects, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        sys.stdout.write(to_csv([dict(zip(columns, row, strict=True)) for row in rows], columns))
    else:
        numbers = [
            index
            for index in range(len(columns))
            if rows
            and all(isinstance(row[index], (int, float)) or row[index] is None for row in rows)
        ]
        sys.stdout.write(
            render_table(columns, [[_cell(v) for v in row] for row in rows], right=numbers)
        )
    return EXIT_OK

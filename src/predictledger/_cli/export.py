"""`predictledger export`: one row per prediction with its outcome, as CSV, JSON Lines or
Parquet; or every record as JSON Lines that `predictledger import records` reads back
(docs/exports.md)."""

from __future__ import annotations

import argparse

from .._views.rows import export_rows, to_csv, to_jsonl
from ._common import (
    add_path_argument,
    add_strict_argument,
    ledger_root,
    read_for_command,
    refusals,
    write_output,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_path_argument(parser)
    parser.add_argument(
        "--format",
        choices=("csv", "jsonl", "parquet", "records"),
        required=True,
        help="csv: for spreadsheets (formula-like cells neutralised); jsonl: typed JSON Lines; "
        "parquet: the same rows typed, to --output (needs pyarrow); records: every record, one "
        "JSON object a line, that `predictledger import records` reads back",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write to FILE, atomically, instead of standard output",
    )
    add_strict_argument(parser)


@refusals()
def run(args: argparse.Namespace) -> int:
    ledger = read_for_command(args)
    text: str | bytes
    if args.format == "records":
        from .._interop.records import to_records_jsonl

        text = to_records_jsonl(ledger)
        count = text.count("\n") - 1
        what = "records and texts"
    elif args.format == "parquet":
        from .._interop.parquet import to_parquet

        text, count, what = to_parquet(ledger), len(ledger.predictions), "rows"
    else:
        rows = export_rows(ledger)
        text = to_csv(rows) if args.format == "csv" else to_jsonl(rows)
        count, what = len(rows), "rows"
    return write_output(
        text,
        args.output,
        wrote=f"wrote {count} {what} to {args.output}",
        ledger=ledger_root(args) if args.output is not None else None,
    )

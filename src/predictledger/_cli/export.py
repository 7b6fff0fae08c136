"""`predictledger export`: one row per prediction with its outcome, as CSV or JSON Lines."""

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
        choices=("csv", "jsonl"),
        required=True,
        help="csv: for spreadsheets (formula-like cells neutralised); jsonl: typed JSON Lines",
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
    rows = export_rows(ledger)
    text = to_csv(rows) if args.format == "csv" else to_jsonl(rows)
    return write_output(
        text,
        args.output,
        wrote=f"wrote {len(rows)} rows to {args.output}",
        ledger=ledger_root(args) if args.output is not None else None,
    )

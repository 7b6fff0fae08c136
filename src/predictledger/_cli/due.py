"""`predictledger due`: the keeper's reminder list of predictions awaiting a verdict."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from .._keep.listing import due_predictions, entry_json
from .._keep.text_table import render_table
from .._loader import load
from ._common import EXIT_OK, add_path_argument, parse_date
from ._keeper import refusals


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_path_argument(parser)
    parser.add_argument(
        "--as-of",
        type=parse_date,
        default=None,
        metavar="DATE",
        help="the day to look from, YYYY-MM-DD (default: today)",
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table (default): aligned text; json: an array of objects",
    )


@refusals()
def run(args: argparse.Namespace) -> int:
    as_of: dt.date = args.as_of or dt.date.today()
    ledger = load(args.path)
    entries = due_predictions(ledger, as_of)
    if args.format == "json":
        print(json.dumps([entry_json(e, ledger) for e in entries], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not entries:
        print(f"nothing is due as of {as_of.isoformat()}")
        return EXIT_OK
    rows = [
        [
            f"{entry.overdue_days}d",
            str(entry.prediction.horizon.end),
            entry.prediction.id,
            entry.prediction.author,
            entry.prediction.claim,
        ]
        for entry in entries
    ]
    print(render_table(["OVERDUE", "ENDED", "ID", "AUTHOR", "CLAIM"], rows, right=(0,)), end="")
    count = len(entries)
    print(f"{count} prediction{'s' if count != 1 else ''} due as of {as_of.isoformat()}")
    return EXIT_OK

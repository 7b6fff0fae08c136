"""`predictledger list`: the ledger's predictions with their status, filtered.

The module is not called `list` so that importing it never shadows the builtin.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from .._score.status import Status
from .._text import json_safe
from .._views.entries import list_predictions
from .._views.text_table import render_table
from ._common import (
    EXIT_OK,
    add_path_argument,
    add_strict_argument,
    add_view_arguments,
    entry_json,
    read_for_command,
    refusals,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_path_argument(parser)
    parser.add_argument("--author", metavar="ID", help="only this author's predictions")
    parser.add_argument("--sector", metavar="ID", help="only predictions filed under this sector")
    parser.add_argument("--source", metavar="ID", help="only predictions from this source")
    parser.add_argument(
        "--status",
        choices=[status.value for status in Status],
        help="only predictions with this status on the --as-of date",
    )
    add_view_arguments(parser, as_of_help="; later predictions and outcomes are left out")
    add_strict_argument(parser)


@refusals()
def run(args: argparse.Namespace) -> int:
    as_of: dt.date = args.as_of or dt.date.today()
    ledger = read_for_command(args)
    entries = list_predictions(
        ledger,
        as_of,
        author=args.author,
        sector=args.sector,
        source=args.source,
        status=Status(args.status) if args.status else None,
    )
    if args.format == "json":
        print(
            json_safe(
                json.dumps([entry_json(e, ledger) for e in entries], ensure_ascii=False, indent=2)
            )
        )
        return EXIT_OK
    if not entries:
        print(f"no predictions match as of {as_of.isoformat()}")
        return EXIT_OK
    rows = [
        [
            entry.prediction.id,
            entry.status.value,
            entry.prediction.author,
            entry.prediction.sector,
            str(entry.prediction.horizon.end or "open"),
            entry.prediction.claim,
        ]
        for entry in entries
    ]
    header = ["ID", "STATUS", "AUTHOR", "SECTOR", "ENDS", "CLAIM"]
    print(render_table(header, rows), end="")
    count = len(entries)
    print(f"{count} prediction{'s' if count != 1 else ''} as of {as_of.isoformat()}")
    return EXIT_OK

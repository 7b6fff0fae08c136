"""`predictledger due`: the keeper's reminder list of predictions awaiting a verdict."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from .._text import json_safe
from .._views.entries import due_predictions
from .._views.text_table import render_table
from ._common import (
    EXIT_OK,
    add_filter_arguments,
    add_path_argument,
    add_strict_argument,
    add_view_arguments,
    entry_json,
    read_for_command,
    refusals,
    terminal_width,
    wanted,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_path_argument(parser)
    add_filter_arguments(parser, what="predictions")
    add_view_arguments(parser)
    add_strict_argument(parser)


@refusals()
def run(args: argparse.Namespace) -> int:
    as_of: dt.date = args.as_of or dt.date.today()
    ledger = read_for_command(args)
    entries = due_predictions(
        ledger,
        as_of,
        author=wanted(args.author),
        sector=wanted(args.sector),
        source=wanted(args.source),
    )
    if args.format == "json":
        print(
            json_safe(
                json.dumps([entry_json(e, ledger) for e in entries], ensure_ascii=False, indent=2)
            )
        )
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
    header = ["OVERDUE", "ENDED", "ID", "AUTHOR", "CLAIM"]
    # On a narrow terminal the author, then the end date, give way to the claim.
    table = render_table(header, rows, right=(0,), width=terminal_width(), drop=(3, 1))
    print(table, end="")
    count = len(entries)
    print(f"{count} prediction{'s' if count != 1 else ''} due as of {as_of.isoformat()}")
    return EXIT_OK

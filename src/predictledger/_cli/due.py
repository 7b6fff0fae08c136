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
    add_path_argument,
    add_strict_argument,
    add_view_arguments,
    entry_json,
    read_for_command,
    refusals,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_path_argument(parser)
    add_view_arguments(parser)
    add_strict_argument(parser)


@refusals()
def run(args: argparse.Namespace) -> int:
    as_of: dt.date = args.as_of or dt.date.today()
    ledger = read_for_command(args)
    entries = due_predictions(ledger, as_of)
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
    print(render_table(["OVERDUE", "ENDED", "ID", "AUTHOR", "CLAIM"], rows, right=(0,)), end="")
    count = len(entries)
    print(f"{count} prediction{'s' if count != 1 else ''} due as of {as_of.isoformat()}")
    return EXIT_OK

"""`predictledger list`: the ledger's predictions with their status, filtered.

The module is not called `list` so that importing it never shadows the builtin.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from .._records import Outcome, Verdict
from .._score.status import Status
from .._text import json_safe
from .._views.entries import list_predictions
from .._views.text_table import render_table
from ._common import (
    EXIT_OK,
    add_filter_arguments,
    add_path_argument,
    add_strict_argument,
    add_view_arguments,
    choice_list,
    entry_json,
    read_for_command,
    refusals,
    terminal_width,
    wanted,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_path_argument(parser)
    add_filter_arguments(parser, what="predictions")
    parser.add_argument(
        "--status",
        choices=[status.value for status in Status],
        help="only predictions with this status on the --as-of date",
    )
    parser.add_argument(
        "--verdict",
        action="append",
        type=choice_list("verdict", [verdict.value for verdict in Verdict]),
        metavar="VERDICT[,VERDICT...]",
        help="only predictions resolved with this verdict by the --as-of date (true, false, "
        "partial, void, ambiguous); repeat or separate with commas for several",
    )
    add_view_arguments(parser, as_of_help="; later predictions and outcomes are left out")
    add_strict_argument(parser)


def verdict_text(outcome: Outcome | None) -> str:
    """The verdict in force as a table shows it: `true`, `partial 0.5`, or `-` for none."""
    if outcome is None:
        return "-"
    if outcome.verdict is Verdict.PARTIAL and outcome.credit is not None:
        return f"partial {outcome.credit:g}"
    return outcome.verdict.value


@refusals()
def run(args: argparse.Namespace) -> int:
    as_of: dt.date = args.as_of or dt.date.today()
    ledger = read_for_command(args)
    entries = list_predictions(
        ledger,
        as_of,
        author=wanted(args.author),
        sector=wanted(args.sector),
        source=wanted(args.source),
        status=Status(args.status) if args.status else None,
        verdict=None if args.verdict is None else [Verdict(v) for v in wanted(args.verdict) or ()],
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
            verdict_text(entry.outcome),
            entry.prediction.author,
            entry.prediction.sector,
            str(entry.prediction.horizon.end or "open"),
            entry.prediction.claim,
        ]
        for entry in entries
    ]
    header = ["ID", "STATUS", "VERDICT", "AUTHOR", "SECTOR", "ENDS", "CLAIM"]
    # On a narrow terminal the sector, the author, the end and the verdict give way, in that
    # order, to the claim; the id and the status stay.
    table = render_table(header, rows, width=terminal_width(), drop=(4, 3, 5, 2))
    print(table, end="")
    count = len(entries)
    print(f"{count} prediction{'s' if count != 1 else ''} as of {as_of.isoformat()}")
    return EXIT_OK

"""`predictledger question add ID --claim ... --resolution ... --start DATE`: a shared question."""

from __future__ import annotations

import argparse

from .._keep.question import add_question
from ._common import EXIT_OK, add_ledger_argument, ledger_root, parse_date, refusals
from ._registered import add_verb, report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add = add_verb(parser, "question", "append one [[question]]: an event several claims point at")
    add.add_argument("id", metavar="ID", help="the question's id: a slug, e.g. btc-100k-2024")
    add.add_argument(
        "--claim", required=True, metavar="TEXT", help="the event, one English sentence"
    )
    add.add_argument(
        "--resolution",
        required=True,
        metavar="TEXT",
        help="what would make the event true or false",
    )
    add.add_argument(
        "--start", required=True, type=parse_date, metavar="DATE", help="first day of the window"
    )
    add.add_argument(
        "--end", type=parse_date, metavar="DATE", help="last day of the window (default: open)"
    )
    add.add_argument("--sector", metavar="ID", help="the sector id")
    add.add_argument("--note", metavar="TEXT", help="the keeper's remarks")
    add_ledger_argument(add)
    add.add_argument("--dry-run", action="store_true", help="check and show it, write nothing")


@refusals(writes=True)
def run(args: argparse.Namespace) -> int:
    result = add_question(
        ledger_root(args),
        args.id,
        claim=args.claim,
        resolution=args.resolution,
        start=args.start,
        end=args.end,
        sector=args.sector,
        note=args.note,
        dry_run=args.dry_run,
    )
    report("question", result)
    return EXIT_OK

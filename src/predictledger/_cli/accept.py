"""`predictledger accept ID...`: move reviewed drafts from drafts/ into the ledger."""

from __future__ import annotations

import argparse
import sys

from .._keep.accept import accept_drafts
from ._common import EXIT_OK, add_ledger_argument, ledger_root, refusals


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "ids",
        nargs="+",
        metavar="ID",
        help="the ids of the drafts to accept, as drafts/SOURCE.toml names them",
    )
    add_ledger_argument(parser)
    parser.add_argument(
        "--dry-run", action="store_true", help="check and show them without writing anything"
    )


@refusals(writes=True)
def run(args: argparse.Namespace) -> int:
    result = accept_drafts(ledger_root(args), args.ids, dry_run=args.dry_run)
    for append in result.appends:
        print(append.text, end="")
        count = len(result.predictions)
        what = f"{count} prediction{'s' if count != 1 else ''}"
        where = f"{append.path}:{append.line}"
        if result.written:
            print(f"accepted {what} into {where}; taken out of drafts/", file=sys.stderr)
        else:
            print(f"dry run: {what} would go to {where}; nothing was written", file=sys.stderr)
    return EXIT_OK

"""`predictledger resolve`: append one outcome for a prediction, with its evidence."""

from __future__ import annotations

import argparse
import sys

from .._keep.resolve import resolve_prediction
from .._records import Verdict
from ._common import EXIT_OK, add_ledger_argument, ledger_root, parse_date, parse_unit, refusals


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "id", metavar="ID", help="the id of the prediction, or of the question, to resolve"
    )
    parser.add_argument(
        "--verdict",
        required=True,
        choices=[verdict.value for verdict in Verdict],
        help="true, false, partial (with --credit), void (the condition failed or the claim "
        "was withdrawn) or ambiguous (the facts do not settle it)",
    )
    parser.add_argument(
        "--credit",
        type=parse_unit,
        metavar="X",
        help="for --verdict partial only: the share that came true, in [0, 1]",
    )
    parser.add_argument(
        "--evidence",
        action="append",
        required=True,
        metavar="TEXT",
        help="what happened, when, and which public record shows it; repeat for each citation",
    )
    parser.add_argument(
        "--on",
        type=parse_date,
        metavar="DATE",
        help="when the verdict was established, YYYY-MM-DD (default: today)",
    )
    parser.add_argument("--note", metavar="TEXT", help="why the evidence settles the claim")
    parser.add_argument(
        "--supersede",
        action="store_true",
        help="correct the outcome in force: append a new one that supersedes it (the old one "
        "stays on file)",
    )
    add_ledger_argument(parser, path_option=True)
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="check and show the outcome without writing it",
    )


@refusals(writes=True)
def run(args: argparse.Namespace) -> int:
    result = resolve_prediction(
        ledger_root(args),
        args.id,
        Verdict(args.verdict),
        args.evidence,
        on=args.on,
        credit=args.credit,
        note=args.note,
        supersede=args.supersede,
        dry_run=args.dry_run,
    )
    print(result.append.text, end="")
    where = f"{result.append.path}:{result.append.line}"
    if result.written:
        print(f"recorded outcome '{result.outcome.id}' at {where}", file=sys.stderr)
    else:
        print(
            f"dry run: outcome '{result.outcome.id}' would go to {where}; nothing was written",
            file=sys.stderr,
        )
    return EXIT_OK

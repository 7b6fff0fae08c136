"""`predictledger compare AUTHOR_A AUTHOR_B`: two authors head to head on shared questions.

On every question both authors forecast with a probability and that is resolved by the
`--as-of` day, each author's log score in points, the difference, and the wins, losses and ties
with the mean difference and its seeded bootstrap 95% interval (docs/scoring.md). An author
the ledger does not know is refused in one line, with a suggestion (status 2).
"""

from __future__ import annotations

import argparse
import datetime as dt

from .._ledger import Ledger
from .._report.head_to_head import FORMATS, render
from .._score.shared import head_to_head, question_forecasts
from .._text import suggest
from ..errors import RequestError, ScoringError
from ._common import (
    EXIT_PROBLEMS,
    add_path_argument,
    add_strict_argument,
    fail,
    ledger_root,
    parse_date,
    read_sound,
    refusals,
    write_output,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("author_a", metavar="AUTHOR_A", help="the first author's id")
    parser.add_argument("author_b", metavar="AUTHOR_B", help="the second author's id")
    add_path_argument(parser)
    parser.add_argument(
        "--as-of",
        type=parse_date,
        default=None,
        metavar="DATE",
        help="compare them as they stood on this day, YYYY-MM-DD (default: today)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (default), markdown or json",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="write to FILE, atomically, instead of standard output",
    )
    add_strict_argument(parser)


def _label(ledger: Ledger, author: str) -> str:
    try:
        return ledger.author(author).name
    except KeyError:
        return author


def _known(ledger: Ledger, author: str) -> None:
    authors = {a.id for a in ledger.authors} | {p.author for p in ledger.predictions}
    if author not in authors:
        raise RequestError(f"unknown author {author!r}{suggest(author, sorted(authors))}")


@refusals()
def run(args: argparse.Namespace) -> int:
    day: dt.date = args.as_of or dt.date.today()
    ledger, _ = read_sound(args)
    _known(ledger, args.author_a)
    _known(ledger, args.author_b)
    if args.author_a == args.author_b:
        raise RequestError(f"compare {args.author_a!r} with another author, not with themself")
    try:
        result = head_to_head(question_forecasts(ledger, day), args.author_a, args.author_b)
    except ScoringError as error:
        message = f"cannot score this ledger: {error}; run `predictledger check`"
        return fail(f"predictledger: error: {message}", EXIT_PROBLEMS)
    text = render(
        result,
        args.format,
        label_a=_label(ledger, args.author_a),
        label_b=_label(ledger, args.author_b),
        as_of=day.isoformat(),
    )
    return write_output(
        text,
        args.output,
        wrote=f"wrote the comparison to {args.output}",
        ledger=ledger_root(args),
    )

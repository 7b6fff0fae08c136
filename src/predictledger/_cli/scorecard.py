"""`predictledger scorecard`: each author's (or group's) record, as of any date.

Reads the ledger, scores it with `predictledger.scorecard` and prints it as an aligned table
(coloured on a terminal unless NO_COLOR is set), Markdown, JSON or a self-contained HTML page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .._loader import load
from .._paths import resolve_root
from .._report import FORMATS, render
from .._score.scorecard import scorecard
from .._score.scoring import DIMENSIONS, parse_by
from .._speed.memo import ScorecardMemo
from .._write.atomic import write_atomic
from ..errors import RequestError, ScoringError
from ._common import EXIT_OK, EXIT_PROBLEMS, add_path_argument, fail, parse_date
from ._keeper import refusals


def _by(text: str) -> tuple[str, ...]:
    """argparse type for `--by author,sector`: a one-line usage error for an unknown name."""
    try:
        return parse_by(text)
    except ScoringError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_path_argument(parser)
    parser.add_argument(
        "--by",
        type=_by,
        default=("author",),
        metavar="DIM[,DIM...]",
        help="group by these dimensions, crossed when several (default: author); one of "
        + ", ".join(f"{name} ({d.help})" for name, d in DIMENSIONS.items()),
    )
    parser.add_argument(
        "--as-of",
        type=parse_date,
        default=None,
        metavar="DATE",
        help="the scorecard as it stood on this day, YYYY-MM-DD (default: today)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (default), markdown, json or html (one self-contained page)",
    )
    parser.add_argument(
        "--output",
        metavar="FILE",
        default=None,
        help="write to FILE, atomically, instead of standard output",
    )


def _wants_colour(args: argparse.Namespace) -> bool:
    # https://no-color.org: a set, non-empty NO_COLOR turns colour off.
    return (
        args.format == "table"
        and args.output is None
        and sys.stdout.isatty()
        and not os.environ.get("NO_COLOR")
    )


@refusals()
def run(args: argparse.Namespace) -> int:
    day = args.as_of or dt.date.today()
    colour = _wants_colour(args)
    # An unchanged ledger asked the same question gives the text it gave before.
    memo = ScorecardMemo.open(resolve_root(args.path))
    request = {
        "by": list(args.by),
        "as_of": day.isoformat(),
        "format": args.format,
        "colour": colour,
    }
    key = memo.key(request) if memo is not None else None
    text = memo.get(key) if memo is not None and key is not None else None
    if text is None:
        ledger = load(args.path)  # a LedgerError is reported by `refusals`, status 1
        try:
            card = scorecard(ledger, by=args.by, as_of=day)
        except ScoringError as error:
            # A record the loader accepted but the engine cannot score (a partial verdict
            # with no credit, say): `check` explains it at length.
            message = f"cannot score this ledger: {error}; run `predictledger check`"
            return fail(f"predictledger: error: {message}", EXIT_PROBLEMS)
        text = render(card, args.format, color=colour)
        # Kept only if no file changed while it was computed.
        if memo is not None and key is not None and memo.key(request) == key:
            memo.put(key, text)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    output = Path(args.output)
    if output.is_dir():
        raise RequestError(f"--output {args.output} is a folder; give a file name")
    if not output.parent.is_dir():
        raise RequestError(f"--output {args.output}: the folder {output.parent} does not exist")
    write_atomic(output, text.encode("utf-8"), name=args.output)
    print(f"wrote the scorecard to {args.output}", file=sys.stderr)
    return EXIT_OK

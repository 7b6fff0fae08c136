"""`predictledger scorecard`: each author's (or group's) record, as of any date.

Reads the ledger, scores it with `predictledger.scorecard` and prints it as an aligned table
(coloured on a terminal unless NO_COLOR is set), Markdown, JSON or a self-contained HTML page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from .._report import FORMATS, render
from .._score.groups import DIMENSIONS, HORIZON_BUCKETS, grouping
from .._score.scorecard import scorecard
from .._speed.memo import ScorecardMemo
from .._views.entries import select
from ..errors import LedgerError, RequestError, ScoringError
from ._common import (
    EXIT_PROBLEMS,
    add_filter_arguments,
    add_path_argument,
    add_strict_argument,
    fail,
    ledger_root,
    parse_date,
    print_problems,
    read_sound,
    refusals,
    scorable,
    terminal_width,
    wanted,
    write_output,
)
from ._dask import add_dask_argument, run_on_cluster

DIMENSION_HELP = {
    "author": "the author id",
    "sector": "the sector id",
    "source": "the source id",
    "horizon": "how far ahead the claim reaches: " + ", ".join(HORIZON_BUCKETS),
    "year": "the year the claim was made",
    "kind": "forecast, commitment or abstention",
    "conditional": "if-then claims (conditional) or plain ones",
    "basis": "where the probability comes from: stated, hedge, judgement, none",
}
"""What each grouping dimension means, for `--help`; every name of `DIMENSIONS` has one."""


def parse_by(text: str) -> tuple[str, ...]:
    """The argparse type of `--by`: the dimensions named by "author" or "author,sector", or a
    one-line usage error for an empty, unknown or repeated name."""
    try:
        return grouping(text)
    except ScoringError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_path_argument(parser)
    parser.add_argument(
        "--by",
        type=parse_by,
        default=("author",),
        metavar="DIM[,DIM...]",
        help="group by these dimensions, crossed when several (default: author); one of "
        + ", ".join(f"{name} ({DIMENSION_HELP[name]})" for name in DIMENSIONS),
    )
    add_filter_arguments(parser, what="score the predictions")
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
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="write to FILE, atomically, instead of standard output",
    )
    add_strict_argument(parser)
    add_dask_argument(parser)


def _wants_colour(args: argparse.Namespace) -> bool:
    # https://no-color.org: a set, non-empty NO_COLOR turns colour off.
    return (
        args.format == "table"
        and args.output is None
        and sys.stdout.isatty()
        and not os.environ.get("NO_COLOR")
    )


def _on_cluster(args: argparse.Namespace, day: dt.date) -> int:
    """`scorecard --dask`: the groups and the total of the one-process scorecard, from the
    tallies merged off the cluster (the per-prediction rows stay on the workers)."""
    if args.format not in ("table", "markdown"):
        raise RequestError(
            f"--format {args.format} lists every prediction, which --dask leaves on the "
            "workers; use --format table or markdown"
        )
    if any(getattr(args, name) for name in ("author", "sector", "source")):
        raise RequestError("--author, --sector and --source do not combine with --dask yet")
    try:
        sharded = run_on_cluster(args, ledger_root(args), by=args.by, as_of=day)
    except ScoringError as error:
        message = f"cannot score this ledger: {error}; run `predictledger check`"
        return fail(f"predictledger: error: {message}", EXIT_PROBLEMS)
    if sharded.read_problems:
        if args.strict:
            raise LedgerError(sharded.read_problems)
        count = print_problems(LedgerError(sharded.read_problems).problems)
        left = sharded.left_out
        print(
            f"predictledger: {count} problem{'s' if count != 1 else ''}"
            f"{'; ' + left if left else ''}; the rest is shown "
            "(`predictledger check` lists every problem; --strict refuses such a ledger)",
            file=sys.stderr,
        )
    card = sharded.scorecard(args.by, day)
    width = terminal_width() if args.format == "table" and args.output is None else None
    text = render(card, args.format, color=_wants_colour(args), width=width)
    return write_output(
        text, args.output, wrote=f"wrote the scorecard to {args.output}", ledger=ledger_root(args)
    )


@refusals()
def run(args: argparse.Namespace) -> int:
    day = args.as_of or dt.date.today()
    if args.dask is not None:
        return _on_cluster(args, day)
    colour = _wants_colour(args)
    filters = {
        "author": wanted(args.author),
        "sector": wanted(args.sector),
        "source": wanted(args.source),
    }
    # Only a table on standard output is fitted to a width: a file keeps whole lines.
    width = terminal_width() if args.format == "table" and args.output is None else None
    # An unchanged ledger asked the same question gives the text it gave before.
    root = ledger_root(args)
    memo = ScorecardMemo.open(root)
    request = {
        "by": list(args.by),
        "as_of": day.isoformat(),
        "format": args.format,
        "colour": colour,
        # Present only when given, so that the text of a request without them keeps its key.
        **({"width": width} if width is not None else {}),
        **{name: list(ids) for name, ids in filters.items() if ids is not None},
    }
    key = memo.key(request) if memo is not None else None
    text = memo.get(key) if memo is not None and key is not None else None
    if text is None:
        # Problems are reported on standard error and the sound records scored (with
        # --strict, a LedgerError is reported by `refusals`, status 1).
        ledger, whole = read_sound(args)
        ledger = select(ledger, **filters)  # an unknown id is refused with a suggestion
        try:
            try:
                card = scorecard(ledger, by=args.by, as_of=day)
            except ScoringError:
                if args.strict:
                    raise
                # Without --strict, what cannot be scored is named and left out (looked for
                # only now: a ledger that scores costs nothing more).
                ledger, whole = scorable(ledger), False
                card = scorecard(ledger, by=args.by, as_of=day)
        except ScoringError as error:
            # A record the loader accepted but the engine cannot score (a partial verdict
            # with no credit, say): `check` explains it at length.
            message = f"cannot score this ledger: {error}; run `predictledger check`"
            return fail(f"predictledger: error: {message}", EXIT_PROBLEMS)
        text = render(card, args.format, color=colour, width=width)
        # Kept only if no file changed while it was computed.
        # A ledger read with problems is not kept: they must be reported at every run.
        if whole and memo is not None and key is not None and memo.key(request) == key:
            memo.put(key, text)
    return write_output(
        text,
        args.output,
        wrote=f"wrote the scorecard to {args.output}",
        ledger=root,
    )

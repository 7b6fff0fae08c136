"""`predictledger add`: add a prediction from flags or from a TOML snippet on standard input."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .._keep.add import Snippet, add_prediction, read_snippet
from .._read.file import DEFAULT_LIMITS, Limits
from .._records import Kind
from ..errors import RequestError
from ._common import EXIT_OK, add_ledger_argument, ledger_root, parse_date, parse_unit, refusals

# Flags that give a field of the prediction, and the field each one fills.
_FIELD_FLAGS = {
    "id": "--id",
    "author": "--author",
    "claim": "--claim",
    "quote": "--quote",
    "resolution": "--resolution",
    "horizon": "--horizon",
    "start": "--start",
    "end": "--end",
    "sector": "--sector",
    "tags": "--tag",
    "probability": "--probability",
    "condition": "--condition",
    "kind": "--kind",
    "made_on": "--made-on",
    "note": "--note",
    "question": "--question",
    "negates": "--negates",
}
_REQUIRED = ("author", "claim", "quote", "horizon", "sector")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    given = parser.add_argument_group("the prediction, as flags")
    given.add_argument("--source", metavar="ID", help="the id of the source it comes from")
    given.add_argument("--author", metavar="ID", help="the author id of the person claiming it")
    given.add_argument("--claim", metavar="TEXT", help="the claim, one English sentence")
    given.add_argument("--quote", metavar="TEXT", help="the author's words, verbatim")
    given.add_argument("--resolution", metavar="TEXT", help="what makes it true or false")
    given.add_argument(
        "--horizon", metavar="PHRASE", help="the horizon as the author put it: 'en 2024'"
    )
    given.add_argument(
        "--start",
        type=parse_date,
        metavar="DATE",
        help="first day of the window (default: from the phrase)",
    )
    given.add_argument(
        "--end",
        type=parse_date,
        metavar="DATE",
        help="last day of the window (default: from the phrase)",
    )
    given.add_argument("--sector", metavar="ID", help="the sector id")
    given.add_argument(
        "--tag", action="append", dest="tags", metavar="TAG", help="a free tag; repeat for more"
    )
    given.add_argument("--condition", metavar="TEXT", help="X, for an 'if X then Y' claim")
    given.add_argument("--kind", choices=[kind.value for kind in Kind], help="default: forecast")
    given.add_argument(
        "--made-on",
        type=parse_date,
        metavar="DATE",
        help="when the claim was made (default: the last day of the source's published date)",
    )
    given.add_argument("--id", metavar="SLUG", help="the id (default: derived, unique)")
    given.add_argument("--note", metavar="TEXT", help="the keeper's remarks")
    given.add_argument(
        "--question", metavar="ID", help="the shared question the claim is on (resolved once)"
    )
    given.add_argument(
        "--negates",
        action="store_true",
        default=None,
        help="the claim says the question's event will NOT happen (with --question)",
    )
    chance = parser.add_mutually_exclusive_group()
    chance.add_argument(
        "--probability",
        type=parse_unit,
        metavar="X",
        help="the probability the author stated, in [0, 1] (basis 'stated')",
    )
    chance.add_argument(
        "--hedge",
        metavar="WORD",
        help="read the probability from this hedge word of the quote (default: the longest "
        "known hedge found in the quote)",
    )
    chance.add_argument(
        "--no-hedge",
        action="store_true",
        help="do not read a probability from the quote's hedge words",
    )
    parser.add_argument(
        "--stdin",
        action="store_true",
        help="read the prediction from standard input: one [[prediction]] table (or its keys "
        'without the header), with source = "<source id>"; id, made_on, horizon.start, '
        "horizon.end and probability may be left out",
    )
    add_ledger_argument(parser, path_option=True)
    parser.add_argument(
        "--dry-run", action="store_true", help="check and show the prediction without writing"
    )


def _from_flags(args: argparse.Namespace) -> Snippet:
    missing = [_FIELD_FLAGS[name] for name in _REQUIRED if getattr(args, name) is None]
    if args.source is None:
        missing.insert(0, "--source")
    if missing:
        raise RequestError(
            f"missing {', '.join(missing)}; or give the prediction on standard input with --stdin"
        )
    horizon: dict[str, Any] = {"phrase": args.horizon}
    for end in ("start", "end"):
        if getattr(args, end) is not None:
            horizon[end] = getattr(args, end)
    fields: dict[str, Any] = {"horizon": horizon}
    for name in (
        "id",
        "author",
        "claim",
        "quote",
        "resolution",
        "sector",
        "condition",
        "kind",
        "made_on",
        "note",
        "tags",
        "question",
        "negates",
    ):
        value = getattr(args, name)
        if value is not None:
            fields[name] = list(value) if name == "tags" else value
    if args.probability is not None:
        fields["probability"] = {"value": args.probability, "basis": "stated"}
    return Snippet(fields=fields)


def _from_stdin(args: argparse.Namespace) -> Snippet:
    both = [flag for name, flag in _FIELD_FLAGS.items() if getattr(args, name) not in (None, [])]
    if both:
        raise RequestError(
            f"give the prediction either as flags or on standard input, not both: drop "
            f"{', '.join(both)}"
        )
    return read_snippet(read_stdin())


def read_stdin(limits: Limits = DEFAULT_LIMITS) -> str:
    """Standard input as text: its bytes decoded as UTF-8 whatever the locale (a byte-order
    mark dropped), refused when they are not UTF-8 or more than a ledger file may hold."""
    if sys.stdin is None:  # started with standard input closed (<&-)
        raise RequestError("standard input is closed; give the prediction on it, or as flags")
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read(limits.max_file_bytes + 1) if stream is not None else sys.stdin.read()
    if isinstance(data, str):  # a stream of text, as tests give
        data = data.encode("utf-8", "surrogateescape")
    if len(data) > limits.max_file_bytes:
        raise RequestError(
            f"standard input holds more than {limits.max_file_bytes:,} bytes; give one prediction"
        )
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise RequestError(
            f"standard input is not UTF-8 text (byte 0x{data[error.start]:02x} on line {line}); "
            "save or convert it as UTF-8 (iconv -f latin1 -t utf-8)"
        ) from None


@refusals(writes=True)
def run(args: argparse.Namespace) -> int:
    root = ledger_root(args)
    snippet = _from_stdin(args) if args.stdin else _from_flags(args)
    result = add_prediction(
        root,
        snippet,
        source=args.source,
        hedge=args.hedge,
        derive_probability=not args.no_hedge,
        dry_run=args.dry_run,
    )
    print(result.append.text, end="")
    where = f"{result.append.path}:{result.append.line}"
    if result.written:
        print(f"added prediction '{result.prediction.id}' at {where}", file=sys.stderr)
    else:
        print(
            f"dry run: prediction '{result.prediction.id}' would go to {where}; nothing was "
            "written",
            file=sys.stderr,
        )
    return EXIT_OK

"""`predictledger reference add ID --kind market --probability 0.23 --priced-at DATE ...`: what
the world gave an event before a claim on it was made, with where it can be checked."""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
import sys

from .._keep.question import add_reference
from .._records import Match, ReferenceKind
from ._common import EXIT_OK, add_ledger_argument, ledger_root, refusals
from ._registered import add_verb, report

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")


def parse_moment(text: str) -> dt.date | dt.datetime:
    """argparse type for `--priced-at`: a day (2024-01-10) or a moment (2024-01-10T15:00Z)."""
    try:
        if _DAY.fullmatch(text):
            return dt.date.fromisoformat(text)
        if _MOMENT.fullmatch(text):
            return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(
        f"'{text}' is not a date or a date-time; write 2024-01-10 or 2024-01-10T15:00:00Z"
    )


def parse_open_unit(text: str) -> float:
    """argparse type for a reference's probability: a number strictly between 0 and 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number; write e.g. 0.23") from None
    if not (math.isfinite(value) and 0.0 < value < 1.0):
        raise argparse.ArgumentTypeError(
            f"{text} is not strictly between 0 and 1; write 0.23 for a market at 23 cents"
        )
    return value


def parse_odds(text: str) -> tuple[float, ...]:
    """argparse type for `--odds 1.8,2.1`: decimal odds, the claim's side first."""
    try:
        values = tuple(float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not decimal odds separated by commas; write 1.8,2.1"
        ) from None
    return values


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add = add_verb(
        parser,
        "reference",
        "append one [[reference]]: a market price, odds, consensus or base rate priced before "
        "the claim",
    )
    add.add_argument(
        "target", metavar="PREDICTION_OR_QUESTION", help="the id of the prediction or question"
    )
    add.add_argument(
        "--kind", required=True, choices=[kind.value for kind in ReferenceKind], help="what it is"
    )
    add.add_argument(
        "--probability",
        type=parse_open_unit,
        metavar="X",
        help="the price as a probability of the event as its target states it, in (0, 1) "
        "(a bookmaker's reference may give --odds alone)",
    )
    add.add_argument(
        "--priced-at",
        required=True,
        type=parse_moment,
        metavar="WHEN",
        help="when that price held, before the claim (never the close): 2024-01-10 or "
        "2024-01-10T15:00:00Z",
    )
    add.add_argument(
        "--match",
        required=True,
        choices=[match.value for match in Match],
        help="exact: it prices the claim's event itself; proxy: a close but different event",
    )
    add.add_argument(
        "--evidence",
        action="append",
        required=True,
        metavar="TEXT",
        help="where the number can be checked (an archived page, a dataset); repeat for more",
    )
    add.add_argument("--platform", metavar="NAME", help="polymarket, kalshi, manifold, ...")
    add.add_argument("--market", metavar="ID", help="the platform's id of the market")
    add.add_argument("--url", metavar="URL", help="the market's address")
    add.add_argument(
        "--odds",
        type=parse_odds,
        metavar="O1,O2,...",
        help="a bookmaker's decimal odds of every outcome, the claim's side first",
    )
    add.add_argument("--id", metavar="SLUG", help="the id (default: <target>-ref<N>)")
    add.add_argument("--note", metavar="TEXT", help="the keeper's remarks")
    add_ledger_argument(add)
    add.add_argument("--dry-run", action="store_true", help="check and show it, write nothing")


@refusals(writes=True)
def run(args: argparse.Namespace) -> int:
    result = add_reference(
        ledger_root(args),
        args.target,
        kind=ReferenceKind(args.kind),
        probability=args.probability,
        priced_at=args.priced_at,
        match=Match(args.match),
        evidence=args.evidence,
        platform=args.platform,
        market=args.market,
        url=args.url,
        odds=args.odds,
        note=args.note,
        reference_id=args.id,
        dry_run=args.dry_run,
    )
    if result.computed:
        print(
            f"probability {result.record.probability!r} computed from the odds "  # type: ignore[union-attr]
            f"{','.join(str(o) for o in args.odds)}, normalised for the overround: "
            "(1/o1)/sum(1/oi)",
            file=sys.stderr,
        )
    report("reference", result)
    return EXIT_OK
